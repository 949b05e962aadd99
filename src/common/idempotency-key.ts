import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { DomainError } from './domain-error';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,128}$/;

/**
 * The `Idempotency-Key` header of a request that may be retried: null when absent, a 400 naming
 * the header when it is not 1-128 visible ASCII characters. Every route that takes one uses this.
 */
export const IdempotencyKey = createParamDecorator((_: unknown, ctx: ExecutionContext): string | null => {
  const header = ctx.switchToHttp().getRequest<FastifyRequest>().headers['idempotency-key'];
  if (header === undefined) return null;
  if (typeof header !== 'string' || !IDEMPOTENCY_KEY.test(header)) {
    throw DomainError.validation('Idempotency-Key', 'Idempotency-Key must be 1-128 visible ASCII characters');
  }
  return header;
});

/**
 * Hash of what a request asked for, so the same key with another body is told apart. The caller
 * passes a canonical form (fixed key order, lists sorted where their order means nothing).
 */
export function requestHash(canonical: unknown): string {
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}
