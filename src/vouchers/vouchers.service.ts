import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AgenciesService } from '../agencies/agencies.service';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import { writeCsv } from '../common/csv';
import { DomainError, ErrorCode } from '../common/domain-error';
import { uniqueViolationColumns } from '../common/postgres-errors';
import { toWib } from '../common/time';
import { DeskOrder, DeskTransactions } from '../desk/desk-transactions';
import { PaymentMethod } from '../desk/payment.entity';
import { recordStandingPayment } from '../desk/standing-payment';
import { StockService } from '../desk/stock.service';
import { DomainEvents } from '../events/domain-events';
import { OrderStateService } from '../orders/order-state.service';
import { OrderStatus } from '../orders/order-status.enum';
import { isPaidStatus, PAID_ORDER_STATES } from '../orders/order-transitions';
import { Role } from '../users/role.enum';
import { IssueVouchersDto } from './dto/issue-vouchers.dto';
import { VoucherEligibility } from './voucher-batch.entity';
import { newVoucherCode, normaliseVoucherCode } from './voucher-codes';
import { voucherCoveredRp } from './voucher-cover';
import { VOUCHER_USER_ID } from './voucher-user';

interface VoucherRow {
  id: string;
  code: string;
  assigned_nip: string | null;
  batch_id: string;
  programme: string;
  face_value_rp: number;
  eligibility: VoucherEligibility;
  agency: string | null;
  nips: string[] | null;
  not_yet: boolean;
  expired: boolean;
  valid_until: Date;
}

const INSERT_CHUNK = 1000;

/**
 * Programme vouchers: issued in batches by the administrator, applied by a buyer to an order under
 * the desk's locks, where they pay all of it (the order's standing payment, method VOUCHER) or part
 * of it (the rest is owed by QRIS or at the desk: see voucherCoveredRp). A voucher stands on one
 * order at most (a partial unique index); a cancelled order gives it back.
 */
@Injectable()
export class VouchersService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly desk: DeskTransactions,
    private readonly stock: StockService,
    private readonly audit: AuditService,
    private readonly orderState: OrderStateService,
    private readonly agencies: AgenciesService,
    private readonly events: DomainEvents,
  ) {}

  onModuleInit(): void {
    this.events.subscribe('order.cancelled', (manager, event) => this.release(manager, event.orderIds, 'order_cancelled'));
  }

  /** A batch of codes: `count` to print, or one for each named civil servant in `assignTo`. */
  async issue(dto: IssueVouchersDto, user: AuthUser) {
    if ((dto.count === undefined) === (dto.assignTo === undefined)) {
      throw DomainError.validation('count', 'Give either count (codes to print) or assignTo (named civil servants), not both');
    }
    if (dto.eligibility === VoucherEligibility.Agency && !dto.agency) throw DomainError.validation('agency', 'agency is required');
    if (dto.eligibility !== VoucherEligibility.Agency && dto.agency)
      throw DomainError.validation('agency', 'agency is only for eligibility=agency');
    if (dto.eligibility === VoucherEligibility.Nips && !dto.nips) throw DomainError.validation('nips', 'nips is required');
    if (dto.eligibility !== VoucherEligibility.Nips && dto.nips) throw DomainError.validation('nips', 'nips is only for eligibility=nips');
    const validFrom = dto.validFrom ? new Date(dto.validFrom) : new Date();
    const validUntil = new Date(dto.validUntil);
    if (validUntil <= validFrom) throw DomainError.validation('validUntil', 'validUntil must be after validFrom');
    if (dto.assignTo && new Set(dto.assignTo.map((a) => a.nip)).size !== dto.assignTo.length) {
      throw DomainError.validation('assignTo', 'each NIP may be named once');
    }
    return this.dataSource.transaction(async (manager) => {
      const agency = dto.agency ? await this.agencies.canonical(manager, dto.agency, 'agency') : null;
      const [batch]: { id: string }[] = await manager.query(
        `INSERT INTO voucher_batches (programme, face_value_rp, valid_from, valid_until, eligibility, agency, nips, created_by_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [
          dto.programme,
          dto.faceValueRp,
          validFrom,
          validUntil,
          dto.eligibility,
          agency,
          dto.nips ? [...new Set(dto.nips)] : null,
          user.userId,
        ],
      );
      const holders = dto.assignTo ?? Array.from({ length: dto.count! }, () => null);
      for (let start = 0; start < holders.length; start += INSERT_CHUNK) {
        await this.insertCodes(manager, batch.id, holders.slice(start, start + INSERT_CHUNK));
      }
      await this.audit.record(manager, {
        action: 'vouchers.issued',
        entityType: 'voucher_batch',
        entityId: batch.id,
        after: { programme: dto.programme, faceValueRp: dto.faceValueRp, count: holders.length, eligibility: dto.eligibility, agency },
      });
      return this.batchView(manager, batch.id);
    });
  }

  /** Unique codes: a collision with an existing code (about 1 in 10^17) just draws again. */
  private async insertCodes(manager: EntityManager, batchId: string, holders: ({ nip: string; name?: string } | null)[]) {
    let pending = holders;
    while (pending.length > 0) {
      const codes = pending.map(() => newVoucherCode());
      const inserted: { code: string }[] = await manager.query(
        `INSERT INTO vouchers (batch_id, code, assigned_nip, assigned_name)
         SELECT $1, c.code, c.nip, c.name FROM unnest($2::text[], $3::text[], $4::text[]) AS c(code, nip, name)
         ON CONFLICT (code) DO NOTHING RETURNING code`,
        [batchId, codes, pending.map((h) => h?.nip ?? null), pending.map((h) => h?.name ?? null)],
      );
      const taken = new Set(inserted.map((row) => row.code));
      pending = pending.filter((_, i) => !taken.has(codes[i]));
    }
  }

  batch(batchId: string) {
    return this.batchView(this.dataSource, batchId);
  }

  private async batchView(manager: EntityManager | DataSource, batchId: string) {
    const rows: Record<string, unknown>[] = await manager.query(
      `SELECT b.id, b.programme, b.face_value_rp::float8 AS face_value_rp, b.valid_from, b.valid_until, b.eligibility, b.agency, b.nips,
              (SELECT count(*)::int FROM vouchers v WHERE v.batch_id = b.id) AS count
         FROM voucher_batches b WHERE b.id = $1`,
      [batchId],
    );
    if (rows.length === 0) throw DomainError.notFound('Voucher batch');
    const row = rows[0];
    return {
      id: row.id as string,
      programme: row.programme as string,
      faceValueRp: Number(row.face_value_rp),
      validFrom: toWib(row.valid_from as Date),
      validUntil: toWib(row.valid_until as Date),
      eligibility: row.eligibility as VoucherEligibility,
      agency: row.agency as string | null,
      nips: row.nips as string[] | null,
      count: row.count as number,
    };
  }

  /** The batch's codes for printing or handing out, through the one CSV writer. */
  async codesCsv(batchId: string): Promise<string> {
    const batch = await this.batchView(this.dataSource, batchId);
    const rows: { code: string; assigned_nip: string | null; assigned_name: string | null }[] = await this.dataSource.query(
      'SELECT code, assigned_nip, assigned_name FROM vouchers WHERE batch_id = $1 ORDER BY assigned_name NULLS LAST, code',
      [batchId],
    );
    return writeCsv(
      ['code', 'programme', 'face_value_rp', 'valid_until', 'agency', 'nip', 'name'],
      rows.map((row) => [
        row.code,
        batch.programme,
        batch.faceValueRp,
        batch.validUntil,
        batch.agency,
        row.assigned_nip,
        row.assigned_name,
      ]),
    );
  }

  /**
   * The buyer applies a voucher to their unpaid order. Under the desk lock and the order row (as
   * every payment), then the voucher row: it pays min(face value, total); when that is the total
   * the order is paid through the desk's standing-payment path.
   */
  async apply(orderId: string, rawCode: string, user: AuthUser) {
    const code = normaliseVoucherCode(rawCode);
    if (!code) throw DomainError.validation('code', 'Kode voucher tidak dikenal');
    const buyer = await this.orderBuyer(orderId, user);
    return this.desk.withOrderUnscoped(orderId, async (manager, order) => {
      const vouchers: VoucherRow[] = await manager.query(
        `SELECT v.id, v.code, v.assigned_nip, v.batch_id, b.programme, b.face_value_rp::float8 AS face_value_rp, b.eligibility, b.agency, b.nips,
                b.valid_from > now() AS not_yet, b.valid_until <= now() AS expired, b.valid_until
           FROM vouchers v JOIN voucher_batches b ON b.id = v.batch_id WHERE v.code = $1 FOR UPDATE OF v`,
        [code],
      );
      if (vouchers.length === 0)
        throw new DomainError(ErrorCode.NotFound, 'Kode voucher tidak dikenal', [{ field: 'code', messages: ['unknown voucher code'] }]);
      const voucher = vouchers[0];
      const standing: { order_id: string }[] = await manager.query(
        'SELECT order_id FROM voucher_redemptions WHERE voucher_id = $1 AND released_at IS NULL',
        [voucher.id],
      );
      if (standing.length > 0 && standing[0].order_id === order.id) return this.orderVoucher(manager, order.id);
      this.assertPayable(order);
      this.assertEligible(voucher, buyer);
      if (standing.length > 0) {
        throw new DomainError(ErrorCode.VoucherAlreadySpent, 'Voucher ini sudah dipakai', [
          { field: 'code', messages: ['voucher already spent'] },
        ]);
      }
      if (voucher.not_yet || voucher.expired) {
        throw new DomainError(
          ErrorCode.VoucherNotValid,
          voucher.expired ? 'Masa berlaku voucher ini sudah habis' : 'Voucher ini belum berlaku',
          [{ field: 'code', messages: [voucher.expired ? 'voucher expired' : 'voucher not valid yet'] }],
        );
      }
      const dueRp = order.total_rp - (await voucherCoveredRp(manager, order.id));
      if (dueRp < order.total_rp) {
        throw new DomainError(ErrorCode.Conflict, 'Pesanan ini sudah memakai voucher lain', [
          { field: 'code', messages: ['one voucher per order'] },
        ]);
      }
      const amountRp = Math.min(voucher.face_value_rp, order.total_rp);
      const [redemption]: { id: string }[] = await manager
        .query(`INSERT INTO voucher_redemptions (voucher_id, order_id, wave_id, amount_rp) VALUES ($1, $2, $3, $4) RETURNING id`, [
          voucher.id,
          order.id,
          order.wave_id,
          amountRp,
        ])
        .catch((error: unknown) => {
          // Only reachable if another application slipped past the voucher row lock.
          if (uniqueViolationColumns(error) === 'voucher_id') {
            throw new DomainError(ErrorCode.VoucherAlreadySpent, 'Voucher ini sudah dipakai', [
              { field: 'code', messages: ['voucher already spent'] },
            ]);
          }
          throw error;
        });
      if (amountRp === order.total_rp) {
        const paymentId = await recordStandingPayment(
          manager,
          { audit: this.audit, stock: this.stock, orderState: this.orderState },
          order,
          {
            method: PaymentMethod.Voucher,
            amountRp,
            reference: voucher.code,
            receivedById: VOUCHER_USER_ID,
          },
        );
        await manager.query('UPDATE voucher_redemptions SET payment_id = $2 WHERE id = $1', [redemption.id, paymentId]);
      }
      // A QRIS code asked for the old amount gives way: the next "Bayar dengan QRIS" asks for what is left.
      await manager.query(`UPDATE payment_intents SET status = 'closed', closed_at = now() WHERE order_id = $1 AND status = 'pending'`, [
        order.id,
      ]);
      await this.audit.record(manager, {
        action: 'voucher.applied',
        entityType: 'voucher',
        entityId: voucher.id,
        orderId: order.id,
        waveId: order.wave_id,
        droppingPointId: order.dropping_point_id,
        after: { code: voucher.code, amountRp },
      });
      return this.orderVoucher(manager, order.id);
    });
  }

  /** The order's buyer: the buyer's own order, or an order at a point the officer serves (404 otherwise, as the desk). */
  private async orderBuyer(orderId: string, user: AuthUser): Promise<{ nip: string; agency: string }> {
    if (user.role !== Role.Buyer) await this.desk.assertOrderScope(orderId, user);
    const rows: { nip: string; agency: string }[] = await this.dataSource.query(
      `SELECT b.nip, b.agency FROM orders o JOIN buyers b ON b.id = o.buyer_id WHERE o.id = $1 AND ($2::uuid IS NULL OR o.buyer_id = $2)`,
      [orderId, user.role === Role.Buyer ? (user.buyerId ?? '00000000-0000-0000-0000-000000000000') : null],
    );
    if (rows.length === 0) throw DomainError.notFound('Order');
    return rows[0];
  }

  private assertPayable(order: DeskOrder): void {
    if (isPaidStatus(order.status)) throw new DomainError(ErrorCode.AlreadyPaid, 'Pesanan ini sudah dibayar');
    if (order.status !== OrderStatus.Placed) throw DomainError.invalidTransition('Pesanan ini tidak dapat dibayar lagi');
    if (order.deadline_passed) throw new DomainError(ErrorCode.PaymentDeadlinePassed, 'Batas waktu pembayaran gelombang ini sudah lewat');
  }

  private assertEligible(voucher: VoucherRow, buyer: { nip: string; agency: string }): void {
    const refuse = (field: string, message: string) => {
      throw new DomainError(ErrorCode.VoucherNotEligible, message, [{ field, messages: [message] }]);
    };
    if (voucher.assigned_nip && voucher.assigned_nip !== buyer.nip) refuse('code', 'Voucher ini diberikan kepada pegawai lain');
    if (voucher.eligibility === VoucherEligibility.Agency && voucher.agency!.trim().toLowerCase() !== buyer.agency.trim().toLowerCase()) {
      refuse('agency', `Voucher ini hanya untuk pegawai ${voucher.agency}`);
    }
    if (voucher.eligibility === VoucherEligibility.Nips && !(voucher.nips ?? []).includes(buyer.nip))
      refuse('nip', 'NIP Anda tidak termasuk penerima voucher ini');
  }

  /** The voucher standing on an order, and what the order still owes. */
  async orderVoucher(manager: EntityManager | DataSource, orderId: string) {
    const rows: {
      code: string;
      programme: string;
      amount_rp: number;
      face_value_rp: number;
      paid_all: boolean;
      total_rp: number;
      status: OrderStatus;
      voucher_back_rp: number;
    }[] = await manager.query(
      `SELECT v.code, b.programme, r.amount_rp::float8 AS amount_rp, b.face_value_rp::float8 AS face_value_rp, r.payment_id IS NOT NULL AS paid_all,
                o.total_rp::float8 AS total_rp, o.status,
                (SELECT coalesce(sum(c.voucher_back_rp), 0)::float8 FROM shortfall_cuts c WHERE c.order_id = o.id) AS voucher_back_rp
           FROM orders o
           LEFT JOIN voucher_redemptions r ON r.order_id = o.id AND r.released_at IS NULL
           LEFT JOIN vouchers v ON v.id = r.voucher_id
           LEFT JOIN voucher_batches b ON b.id = v.batch_id
          WHERE o.id = $1`,
      [orderId],
    );
    if (rows.length === 0) throw DomainError.notFound('Order');
    const row = rows[0];
    const voucher = row.code
      ? {
          code: row.code,
          programme: row.programme,
          faceValueRp: Number(row.face_value_rp),
          amountRp: Number(row.amount_rp),
          paidAll: row.paid_all,
        }
      : null;
    const coveredRp = voucher && !voucher.paidAll ? voucher.amountRp : 0;
    return {
      orderId,
      orderStatus: row.status,
      totalRp: Number(row.total_rp),
      voucher,
      // A voucher covers at most the order's total (a shortfall gives the rest back to it): never below 0.
      dueRp: isPaidStatus(row.status) || row.status === OrderStatus.Cancelled ? 0 : Math.max(0, Number(row.total_rp) - coveredRp),
      /** What shortfalls gave back to the voucher instead of refunding in money. */
      voucherBackRp: Number(row.voucher_back_rp),
    };
  }

  /** The voucher on an order and what it still owes, for its buyer or an officer of its point. */
  async forOrder(orderId: string, user: AuthUser) {
    await this.orderBuyer(orderId, user);
    return this.orderVoucher(this.dataSource, orderId);
  }

  /**
   * In a shortfall's transaction: the order's voucher now covers only `leftRp` (and so does its
   * whole-order payment, when it paid the order); the rest went back to the programme's budget.
   */
  async shrink(manager: EntityManager, redemptionId: string, paymentId: string | null, leftRp: number): Promise<void> {
    await manager.query('UPDATE voucher_redemptions SET amount_rp = $2 WHERE id = $1', [redemptionId, leftRp]);
    if (paymentId) await manager.query('UPDATE payments SET amount_rp = $2 WHERE id = $1', [paymentId, leftRp]);
  }

  /**
   * In the cancelling transaction: the orders' vouchers are given back (usable again while valid),
   * and a voucher that had paid a whole order takes its payment back, so no rupiah is owed back
   * for it: the value went back to the voucher.
   */
  private async release(manager: EntityManager, orderIds: string[], reason: string): Promise<void> {
    const [released]: [{ id: string; voucher_id: string; order_id: string; payment_id: string | null; amount_rp: string }[], number] =
      await manager.query(
        `UPDATE voucher_redemptions SET released_at = now(), release_reason = $2
          WHERE order_id = ANY ($1) AND released_at IS NULL RETURNING id, voucher_id, order_id, payment_id, amount_rp`,
        [orderIds, reason],
      );
    for (const row of released) {
      if (row.payment_id) {
        await manager.query(
          `UPDATE payments SET reversed_at = now(), reversed_by_id = $2, reversal_reason = $3 WHERE id = $1 AND reversed_at IS NULL`,
          [row.payment_id, VOUCHER_USER_ID, 'Pesanan dibatalkan: nilai voucher dikembalikan ke voucher'],
        );
      }
      await this.audit.record(manager, {
        action: 'voucher.released',
        entityType: 'voucher',
        entityId: row.voucher_id,
        orderId: row.order_id,
        before: { amountRp: Number(row.amount_rp) },
        details: { reason },
      });
    }
  }

  /**
   * The rupiah that paid a wave's paid orders, by how: cash, transfer, QRIS (standing payments) and
   * vouchers (those that paid whole orders, and those that paid part of one); reconciled when they
   * add up to the paid orders' totals, to the rupiah.
   */
  async waveMoney(waveId: string) {
    const [row]: Record<string, number>[] = await this.dataSource.query(
      `WITH paid AS (SELECT id, total_rp FROM orders WHERE wave_id = $1 AND status = ANY ($2))
       SELECT (SELECT count(*)::int FROM paid) AS paid_orders,
              (SELECT coalesce(sum(total_rp), 0)::float8 FROM paid) AS paid_orders_rp,
              coalesce(sum(p.amount_rp) FILTER (WHERE p.method = 'CASH'), 0)::float8 AS cash_rp,
              coalesce(sum(p.amount_rp) FILTER (WHERE p.method = 'TRANSFER'), 0)::float8 AS transfer_rp,
              coalesce(sum(p.amount_rp) FILTER (WHERE p.method = 'QRIS'), 0)::float8 AS qris_rp,
              coalesce(sum(p.amount_rp) FILTER (WHERE p.method = 'VOUCHER'), 0)::float8 AS voucher_whole_rp,
              (SELECT coalesce(sum(r.amount_rp), 0)::float8 FROM voucher_redemptions r JOIN paid ON paid.id = r.order_id
                WHERE r.released_at IS NULL AND r.payment_id IS NULL) AS voucher_part_rp
         FROM payments p JOIN paid ON paid.id = p.order_id WHERE p.reversed_at IS NULL`,
      [waveId, PAID_ORDER_STATES],
    );
    const voucherRp = row.voucher_whole_rp + row.voucher_part_rp;
    const paidRp = row.cash_rp + row.transfer_rp + row.qris_rp + voucherRp;
    return {
      waveId,
      paidOrders: row.paid_orders,
      paidOrdersRp: row.paid_orders_rp,
      cashRp: row.cash_rp,
      transferRp: row.transfer_rp,
      qrisRp: row.qris_rp,
      voucherRp,
      voucherWholeOrdersRp: row.voucher_whole_rp,
      voucherPartOrdersRp: row.voucher_part_rp,
      paidRp,
      balanced: paidRp === row.paid_orders_rp,
    };
  }

  /**
   * Vouchers per agency: issued, spent (standing on an order that was not cancelled), expired
   * (unspent past their validity), still available; counts and rupiah (face value; spent is what
   * the vouchers paid). A voucher's agency is its spender's, else its named holder's, else its
   * batch's; vouchers open to anyone and not spent are "semua instansi" (null).
   */
  async report(programme?: string) {
    const rows: Record<string, string | number | null>[] = await this.dataSource.query(
      `WITH v AS (
         SELECT v.id, b.face_value_rp, b.valid_until, r.amount_rp AS spent_rp,
                coalesce(sb.agency, hb.agency, b.agency) AS agency
           FROM vouchers v
           JOIN voucher_batches b ON b.id = v.batch_id
           LEFT JOIN voucher_redemptions r ON r.voucher_id = v.id AND r.released_at IS NULL
           LEFT JOIN orders o ON o.id = r.order_id
           LEFT JOIN buyers sb ON sb.id = o.buyer_id
           LEFT JOIN buyers hb ON hb.nip = v.assigned_nip
          WHERE $1::text IS NULL OR b.programme = $1)
       SELECT agency,
              count(*)::int AS issued, coalesce(sum(face_value_rp), 0)::float8 AS issued_rp,
              count(*) FILTER (WHERE spent_rp IS NOT NULL)::int AS spent, coalesce(sum(spent_rp), 0)::float8 AS spent_rp,
              count(*) FILTER (WHERE spent_rp IS NULL AND valid_until <= now())::int AS expired,
              coalesce(sum(face_value_rp) FILTER (WHERE spent_rp IS NULL AND valid_until <= now()), 0)::float8 AS expired_rp,
              count(*) FILTER (WHERE spent_rp IS NULL AND valid_until > now())::int AS available
         FROM v GROUP BY agency ORDER BY agency NULLS LAST`,
      [programme ?? null],
    );
    return rows.map((row) => ({
      agency: row.agency as string | null,
      issued: Number(row.issued),
      issuedRp: Number(row.issued_rp),
      spent: Number(row.spent),
      spentRp: Number(row.spent_rp),
      expired: Number(row.expired),
      expiredRp: Number(row.expired_rp),
      available: Number(row.available),
    }));
  }
}
