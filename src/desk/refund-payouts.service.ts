import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import { DomainError, ErrorCode } from '../common/domain-error';
import { AdvisoryLock, lockUntilCommit } from '../database/advisory-locks';
import { formatRp } from '../common/money';
import { DeskIdempotency, Outcome } from './desk-idempotency';
import { deskOrderView, DeskOrdersService, DeskOrderView } from './desk-orders.service';
import { DeskOrder, DeskTransactions } from './desk-transactions';
import { RefundPayoutDto } from './dto/desk-steps.dto';
import { CASH_HELD_SQL, orderRefundOwedSql } from './refund-owed';

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
    const [{ own_rp: ownRp }]: { own_rp: string }[] = await manager.query(
      `SELECT ${orderRefundOwedSql('o')} AS own_rp FROM orders o WHERE o.id = $1`,
      [order.id],
    );
    const gateway: { id: string; amount_rp: string }[] = await manager.query(
      'SELECT id, amount_rp FROM refunds WHERE order_id = $1 AND settled_at IS NULL ORDER BY created_at FOR UPDATE',
      [order.id],
    );
    const owedRp = Number(ownRp) + gateway.reduce((sum, refund) => sum + Number(refund.amount_rp), 0);
    if (owedRp <= 0) throw new DomainError(ErrorCode.NoRefundOwed, 'Nothing is owed back on this order');
    if (dto.amountRp !== owedRp) {
      throw new DomainError(ErrorCode.AmountMismatch, `The amount must equal what is owed back: ${formatRp(owedRp)}`, [
        { field: 'amountRp', messages: [`amountRp must be ${owedRp}`] },
      ]);
    }
    await lockUntilCommit(manager, AdvisoryLock.CashCustody, `${user.userId}:${order.wave_id}`);
    const [held]: { held_rp: string }[] = await manager.query(CASH_HELD_SQL, [order.wave_id, user.userId]);
    if (owedRp > Number(held.held_rp)) {
      throw new DomainError(ErrorCode.CashNotHeld, `Anda memegang tunai ${formatRp(Number(held.held_rp))} untuk gelombang ini`, [
        { field: 'amountRp', messages: [`amountRp must be at most ${Number(held.held_rp)}`] },
      ]);
    }
    const parts = [
      ...(Number(ownRp) > 0 ? [{ refundId: null as string | null, amountRp: Number(ownRp) }] : []),
      ...gateway.map((refund) => ({ refundId: refund.id, amountRp: Number(refund.amount_rp) })),
    ];
    for (const part of parts) {
      const [payout]: { id: string }[] = await manager.query(
        `INSERT INTO refund_payouts (order_id, wave_id, dropping_point_id, amount_rp, refund_id, paid_by_id, note)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [order.id, order.wave_id, order.dropping_point_id, part.amountRp, part.refundId, user.userId, dto.note ?? null],
      );
      if (part.refundId) {
        await manager.query('UPDATE refunds SET settled_at = now(), settled_by_id = $2, settlement_reference = $3 WHERE id = $1', [
          part.refundId,
          user.userId,
          `tunai di titik (${payout.id})`,
        ]);
      }
      await this.audit.record(manager, {
        action: 'refund.paid_out',
        entityType: 'refund_payout',
        entityId: payout.id,
        orderId: order.id,
        waveId: order.wave_id,
        droppingPointId: order.dropping_point_id,
        after: { amountRp: part.amountRp, method: 'CASH', refundId: part.refundId },
        details: { note: dto.note ?? null, cashHeldBeforeRp: Number(held.held_rp) },
      });
    }
  }
}
