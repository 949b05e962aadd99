import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { DomainError, ErrorCode } from '../common/domain-error';
import { requestHash } from '../common/idempotency-key';
import { DeskRepository } from './desk.repository';

/** What a retried desk request is: its key, and what it asked for (hashed to tell bodies apart). */
export interface DeskRequest {
  key: string | null;
  action: 'payment' | 'handover' | 'receipt' | 'pay_handover' | 'handover_part' | 'refund_payout' | 'stock_transfer';
  /** The route's target and its body, in a canonical form. */
  canonical: unknown;
}

export interface Outcome<T> {
  answer: T;
  /** The answer of an earlier request with the same key; nothing was done this time. */
  replayed: boolean;
}

/**
 * Idempotency-Key for desk actions, inside the action's transaction (the caller already holds the
 * desk lock): the key row is inserted first, so a concurrent retry waits on it, then the action
 * runs and its answer is stored with the key. An action that fails rolls the key back with it, so
 * a refused request may be tried again.
 */
@Injectable()
export class DeskIdempotency {
  constructor(private readonly repository: DeskRepository) {}

  async run<T>(manager: EntityManager, user: AuthUser, request: DeskRequest, action: () => Promise<T>): Promise<Outcome<T>> {
    if (request.key === null) return { answer: await action(), replayed: false };
    const hash = requestHash({ action: request.action, request: request.canonical });
    if (!(await this.repository.claimIdempotencyKey(manager, user.userId, request.key, request.action, hash))) {
      const earlier = await this.repository.earlierRequest<T>(manager, user.userId, request.key);
      if (earlier.requestHash !== hash) {
        throw new DomainError(ErrorCode.IdempotencyKeyReused, 'This Idempotency-Key was used for a different request');
      }
      return { answer: earlier.response, replayed: true };
    }
    // Stored as JSON, so the first answer and every replay are the same bytes.
    const answer = JSON.parse(JSON.stringify(await action())) as T;
    await this.repository.storeIdempotentAnswer(manager, user.userId, request.key, answer);
    return { answer, replayed: false };
  }
}
