import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import { DomainError, ErrorCode } from '../common/domain-error';
import { AdvisoryLock, lockUntilCommit } from '../database/advisory-locks';
import { formatRp } from '../common/money';
import { PaymentsRepository } from '../payments/payments.repository';
import { DeskIdempotency, Outcome } from './desk-idempotency';
import { deskOrderView, DeskOrdersService, DeskOrderView } from './desk-orders.service';
import { DeskOrder, DeskTransactions } from './desk-transactions';
import { RefundPayoutDto } from './dto/desk-steps.dto';
import { CashRepository } from './cash.repository';
import { RefundPayoutsRepository } from './refund-payouts.repository';

/**
 * Refunds paid out in cash at the desk: everything owed back on an order (the order's own money
 * and its gateway refunds not yet settled) in one payout, from the cash the officer holds for the
 * wave, so their custody goes down by it.
 */
@Injectable()
export class RefundPayoutsService {
  constructor(
    private readonly desk: DeskTransactions,
    private readonly deskOrders: DeskOrdersService,
    private readonly audit: AuditService,
    private readonly once: DeskIdempotency,
    private readonly repository: RefundPayoutsRepository,
    private readonly cash: CashRepository,
    private readonly gatewayRefunds: PaymentsRepository,
  ) {}

  async payOut(orderId: string, user: AuthUser, dto: RefundPayoutDto, key: string | null): Promise<Outcome<DeskOrderView>> {
    const canonical = { orderId, amountRp: dto.amountRp, note: dto.note ?? null };
    return this.desk.withOrder(orderId, user, (manager, order) =>
      this.once.run(manager, user, { key, action: 'refund_payout', canonical }, async () => {
        await this.payOutLocked(manager, order, user, dto);
        return deskOrderView(await this.deskOrders.getOne(order.id, manager));
      }),
    );
  }

  private async payOutLocked(manager: EntityManager, order: DeskOrder, user: AuthUser, dto: RefundPayoutDto): Promise<void> {
    const ownRp = await this.repository.owedOnOrderRp(manager, order.id);
    const gateway = await this.repository.lockUnsettledGatewayRefunds(manager, order.id);
    const owedRp = ownRp + gateway.reduce((sum, refund) => sum + refund.amountRp, 0);
    if (owedRp <= 0) throw new DomainError(ErrorCode.NoRefundOwed, 'Nothing is owed back on this order');
    if (dto.amountRp !== owedRp) {
      throw new DomainError(ErrorCode.AmountMismatch, `The amount must equal what is owed back: ${formatRp(owedRp)}`, [
        { field: 'amountRp', messages: [`amountRp must be ${owedRp}`] },
      ]);
    }
    await lockUntilCommit(manager, AdvisoryLock.CashCustody, `${user.userId}:${order.wave_id}`);
    const heldRp = await this.cash.cashHeldRp(manager, order.wave_id, user.userId);
    if (owedRp > heldRp) {
      throw new DomainError(ErrorCode.CashNotHeld, `Anda memegang tunai ${formatRp(heldRp)} untuk gelombang ini`, [
        { field: 'amountRp', messages: [`amountRp must be at most ${heldRp}`] },
      ]);
    }
    const parts = [
      ...(ownRp > 0 ? [{ refundId: null as string | null, amountRp: ownRp }] : []),
      ...gateway.map((refund) => ({ refundId: refund.id, amountRp: refund.amountRp })),
    ];
    for (const part of parts) {
      const payoutId = await this.repository.add(manager, {
        orderId: order.id,
        waveId: order.wave_id,
        pointId: order.dropping_point_id,
        amountRp: part.amountRp,
        refundId: part.refundId,
        paidById: user.userId,
        note: dto.note ?? null,
      });
      if (part.refundId) await this.gatewayRefunds.settleRefund(manager, part.refundId, user.userId, `tunai di titik (${payoutId})`);
      await this.audit.record(manager, {
        action: 'refund.paid_out',
        entityType: 'refund_payout',
        entityId: payoutId,
        orderId: order.id,
        waveId: order.wave_id,
        droppingPointId: order.dropping_point_id,
        after: { amountRp: part.amountRp, method: 'CASH', refundId: part.refundId },
        details: { note: dto.note ?? null, cashHeldBeforeRp: heldRp },
      });
    }
  }
}
