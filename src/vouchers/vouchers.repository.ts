import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { OrderStatus } from '../orders/order-status.enum';
import { VoucherEligibility } from './voucher-batch.entity';
import { voucherCoveredRpSql } from './voucher-cover';

export interface NewVoucherBatch {
  programme: string;
  faceValueRp: number;
  validFrom: Date;
  validUntil: Date;
  eligibility: VoucherEligibility;
  agency: string | null;
  nips: string[] | null;
  createdById: string;
}

export interface VoucherBatchFigures {
  id: string;
  programme: string;
  faceValueRp: number;
  validFrom: Date;
  validUntil: Date;
  eligibility: VoucherEligibility;
  agency: string | null;
  nips: string[] | null;
  count: number;
}

export interface VoucherHolder {
  nip: string;
  name?: string;
}

export interface BatchCode {
  code: string;
  assignedNip: string | null;
  assignedName: string | null;
}

/** A voucher as applying it needs it: its batch's terms, and whether it is valid at this moment (database clock). */
export interface VoucherToApply {
  id: string;
  code: string;
  assignedNip: string | null;
  programme: string;
  faceValueRp: number;
  eligibility: VoucherEligibility;
  agency: string | null;
  nips: string[] | null;
  notYet: boolean;
  expired: boolean;
}

export interface OrderBuyerIdentity {
  nip: string;
  agency: string;
}

export interface OrderVoucherFacts {
  /** Null when no voucher stands on the order. */
  voucher: { code: string; programme: string; faceValueRp: number; amountRp: number; paidAll: boolean } | null;
  orderStatus: OrderStatus;
  totalRp: number;
  voucherBackRp: number;
}

export interface ReleasedRedemption {
  voucherId: string;
  orderId: string;
  paymentId: string | null;
  amountRp: number;
}

export interface WaveVoucherMoney {
  paidOrders: number;
  paidOrdersRp: number;
  cashRp: number;
  transferRp: number;
  qrisRp: number;
  voucherWholeRp: number;
  voucherPartRp: number;
}

export interface AgencyVouchers {
  agency: string | null;
  issued: number;
  issuedRp: number;
  spent: number;
  spentRp: number;
  expired: number;
  expiredRp: number;
  available: number;
}

/**
 * What standing vouchers pay of an order without being its payment (a voucher worth less than the
 * total): the order's standing payment, by QRIS or at the desk, is the total less this. Read with
 * the order row locked (DeskTransactions), as vouchers are applied under the same lock. A function
 * rather than a method: the desk and the payment gateway read it in their own transactions, and the
 * vouchers module depends on the desk, not the other way round.
 */
export async function voucherCoveredRp(manager: EntityManager, orderId: string): Promise<number> {
  const [row]: { rp: number }[] = await manager.query(`SELECT ${voucherCoveredRpSql('$1')}::float8 AS rp`, [orderId]);
  return Number(row.rp);
}

/** The vouchers module's tables: batches, codes, redemptions; and the money figures that read them. */
@Injectable()
export class VouchersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async createBatch(manager: EntityManager, batch: NewVoucherBatch): Promise<string> {
    const [row]: { id: string }[] = await manager.query(
      `INSERT INTO voucher_batches (programme, face_value_rp, valid_from, valid_until, eligibility, agency, nips, created_by_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        batch.programme,
        batch.faceValueRp,
        batch.validFrom,
        batch.validUntil,
        batch.eligibility,
        batch.agency,
        batch.nips,
        batch.createdById,
      ],
    );
    return row.id;
  }

  /** Adds the codes (one per holder, same order); returns the codes that were free (a taken code is skipped, not an error). */
  async addCodes(manager: EntityManager, batchId: string, codes: string[], holders: (VoucherHolder | null)[]): Promise<Set<string>> {
    const inserted: { code: string }[] = await manager.query(
      `INSERT INTO vouchers (batch_id, code, assigned_nip, assigned_name)
       SELECT $1, c.code, c.nip, c.name FROM unnest($2::text[], $3::text[], $4::text[]) AS c(code, nip, name)
       ON CONFLICT (code) DO NOTHING RETURNING code`,
      [batchId, codes, holders.map((h) => h?.nip ?? null), holders.map((h) => h?.name ?? null)],
    );
    return new Set(inserted.map((row) => row.code));
  }

  async batch(manager: EntityManager, batchId: string): Promise<VoucherBatchFigures | null> {
    const rows: {
      id: string;
      programme: string;
      face_value_rp: number;
      valid_from: Date;
      valid_until: Date;
      eligibility: VoucherEligibility;
      agency: string | null;
      nips: string[] | null;
      count: number;
    }[] = await manager.query(
      `SELECT b.id, b.programme, b.face_value_rp::float8 AS face_value_rp, b.valid_from, b.valid_until, b.eligibility, b.agency, b.nips,
              (SELECT count(*)::int FROM vouchers v WHERE v.batch_id = b.id) AS count
         FROM voucher_batches b WHERE b.id = $1`,
      [batchId],
    );
    if (rows.length === 0) return null;
    const row = rows[0];
    return {
      id: row.id,
      programme: row.programme,
      faceValueRp: Number(row.face_value_rp),
      validFrom: row.valid_from,
      validUntil: row.valid_until,
      eligibility: row.eligibility,
      agency: row.agency,
      nips: row.nips,
      count: row.count,
    };
  }

  /** The batch's codes, named holders first by name. */
  async codesOfBatch(batchId: string): Promise<BatchCode[]> {
    const rows: { code: string; assigned_nip: string | null; assigned_name: string | null }[] = await this.dataSource.query(
      'SELECT code, assigned_nip, assigned_name FROM vouchers WHERE batch_id = $1 ORDER BY assigned_name NULLS LAST, code',
      [batchId],
    );
    return rows.map((row) => ({ code: row.code, assignedNip: row.assigned_nip, assignedName: row.assigned_name }));
  }

  /** The voucher with this code, its row locked for applying it. */
  async lockByCode(manager: EntityManager, code: string): Promise<VoucherToApply | null> {
    const rows: {
      id: string;
      code: string;
      assigned_nip: string | null;
      programme: string;
      face_value_rp: number;
      eligibility: VoucherEligibility;
      agency: string | null;
      nips: string[] | null;
      not_yet: boolean;
      expired: boolean;
    }[] = await manager.query(
      `SELECT v.id, v.code, v.assigned_nip, v.batch_id, b.programme, b.face_value_rp::float8 AS face_value_rp, b.eligibility, b.agency, b.nips,
              b.valid_from > now() AS not_yet, b.valid_until <= now() AS expired, b.valid_until
         FROM vouchers v JOIN voucher_batches b ON b.id = v.batch_id WHERE v.code = $1 FOR UPDATE OF v`,
      [code],
    );
    if (rows.length === 0) return null;
    const row = rows[0];
    return {
      id: row.id,
      code: row.code,
      assignedNip: row.assigned_nip,
      programme: row.programme,
      faceValueRp: row.face_value_rp,
      eligibility: row.eligibility,
      agency: row.agency,
      nips: row.nips,
      notYet: row.not_yet,
      expired: row.expired,
    };
  }

  /** The order the voucher stands on, if any. */
  async standingOrderOf(manager: EntityManager, voucherId: string): Promise<string | null> {
    const rows: { order_id: string }[] = await manager.query(
      'SELECT order_id FROM voucher_redemptions WHERE voucher_id = $1 AND released_at IS NULL',
      [voucherId],
    );
    return rows.length > 0 ? rows[0].order_id : null;
  }

  /** The voucher now stands on the order for `amountRp`; a second standing redemption of it fails on the unique index. */
  async redeem(
    manager: EntityManager,
    redemption: { voucherId: string; orderId: string; waveId: string; amountRp: number },
  ): Promise<string> {
    const [row]: { id: string }[] = await manager.query(
      `INSERT INTO voucher_redemptions (voucher_id, order_id, wave_id, amount_rp) VALUES ($1, $2, $3, $4) RETURNING id`,
      [redemption.voucherId, redemption.orderId, redemption.waveId, redemption.amountRp],
    );
    return row.id;
  }

  /** The redemption paid the whole order: this payment. */
  async linkPayment(manager: EntityManager, redemptionId: string, paymentId: string): Promise<void> {
    await manager.query('UPDATE voucher_redemptions SET payment_id = $2 WHERE id = $1', [redemptionId, paymentId]);
  }

  /** The buyer of the order (only if it is `buyerId`'s, when given). */
  async buyerOfOrder(orderId: string, buyerId: string | null): Promise<OrderBuyerIdentity | null> {
    const rows: OrderBuyerIdentity[] = await this.dataSource.query(
      `SELECT b.nip, b.agency FROM orders o JOIN buyers b ON b.id = o.buyer_id WHERE o.id = $1 AND ($2::uuid IS NULL OR o.buyer_id = $2)`,
      [orderId, buyerId],
    );
    return rows[0] ?? null;
  }

  /** The voucher standing on the order, the order's total and status, and what shortfalls gave back to the voucher. */
  async orderVoucher(manager: EntityManager, orderId: string): Promise<OrderVoucherFacts | null> {
    const rows: {
      code: string | null;
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
    if (rows.length === 0) return null;
    const row = rows[0];
    return {
      voucher: row.code
        ? {
            code: row.code,
            programme: row.programme,
            faceValueRp: Number(row.face_value_rp),
            amountRp: Number(row.amount_rp),
            paidAll: row.paid_all,
          }
        : null,
      orderStatus: row.status,
      totalRp: Number(row.total_rp),
      voucherBackRp: Number(row.voucher_back_rp),
    };
  }

  /** The redemption now covers only `leftRp`, and so does the whole-order payment it made, if any (payments: the desk's table). */
  async shrink(manager: EntityManager, redemptionId: string, leftRp: number): Promise<void> {
    await manager.query('UPDATE voucher_redemptions SET amount_rp = $2 WHERE id = $1', [redemptionId, leftRp]);
  }

  /** Releases the vouchers standing on these orders; returns what each had paid. */
  async release(manager: EntityManager, orderIds: string[], reason: string): Promise<ReleasedRedemption[]> {
    const [released]: [{ voucher_id: string; order_id: string; payment_id: string | null; amount_rp: string }[], number] =
      await manager.query(
        `UPDATE voucher_redemptions SET released_at = now(), release_reason = $2
          WHERE order_id = ANY ($1) AND released_at IS NULL RETURNING id, voucher_id, order_id, payment_id, amount_rp`,
        [orderIds, reason],
      );
    return released.map((row) => ({
      voucherId: row.voucher_id,
      orderId: row.order_id,
      paymentId: row.payment_id,
      amountRp: Number(row.amount_rp),
    }));
  }

  /** What paid the wave's paid orders (`paidStates`), per method, and the vouchers' part. */
  async waveMoney(waveId: string, paidStates: readonly OrderStatus[]): Promise<WaveVoucherMoney> {
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
      [waveId, paidStates],
    );
    return {
      paidOrders: row.paid_orders,
      paidOrdersRp: row.paid_orders_rp,
      cashRp: row.cash_rp,
      transferRp: row.transfer_rp,
      qrisRp: row.qris_rp,
      voucherWholeRp: row.voucher_whole_rp,
      voucherPartRp: row.voucher_part_rp,
    };
  }

  /**
   * Vouchers per agency: issued, spent (standing on an order that was not cancelled), expired
   * (unspent past their validity), still available; counts and rupiah (face value; spent is what
   * the vouchers paid). A voucher's agency is its spender's, else its named holder's, else its
   * batch's; vouchers open to anyone and not spent are "semua instansi" (null).
   */
  async perAgency(programme: string | null): Promise<AgencyVouchers[]> {
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
      [programme],
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
