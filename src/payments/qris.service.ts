import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import * as QRCode from 'qrcode';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { Environment } from '../config/environment';
import { DomainError, ErrorCode } from '../common/domain-error';
import { toWib } from '../common/time';
import { AdvisoryLock, lockUntilCommit } from '../database/advisory-locks';
import { OrderStatus } from '../orders/order-status.enum';
import { isPaidStatus } from '../orders/order-transitions';
import { GatewayPaymentsService } from './gateway-payments.service';
import { PaymentGateway, PaymentGatewayError } from './gateway/payment-gateway';
import { IntentStatus } from './payment-intent.entity';

/** A code about to lapse is not shown again: the buyer would not finish paying it in time. */
const MIN_REMAINING_MS = 60_000;

interface BuyerOrderRow {
  id: string;
  status: OrderStatus;
  /** What the order still owes: its total less a voucher paying part of it. */
  total_rp: number;
  payment_deadline: Date;
  deadline_passed: boolean;
}

interface IntentRow {
  id: string;
  order_id: string;
  amount_rp: number;
  gateway_qr_id: string | null;
  qr_string: string | null;
  expires_at: Date;
  status: IntentStatus;
}

/** A pending code is shown again while it has a while left, or when no later one could be had (it lasts to the deadline). */
const stillShown = (windowMs: string, deadline: string) =>
  `(expires_at > now() + ${windowMs} * interval '1 millisecond' OR expires_at >= ${deadline})`;

const INTENT_COLUMNS = 'id, order_id, amount_rp::float8 AS amount_rp, gateway_qr_id, qr_string, expires_at, status';

/**
 * "Bayar dengan QRIS": one dynamic QRIS code per order and amount, reused until it lapses, expiring
 * no later than the wave's payment deadline. The buyer's page polls the order's QRIS state; the
 * gateway's callback (GatewayPaymentsService) makes the order paid.
 */
@Injectable()
export class QrisService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly env: Environment,
    private readonly gateway: PaymentGateway,
    private readonly payments: GatewayPaymentsService,
  ) {}

  /** The code to pay now: the pending one for this order and amount, or a new one from the gateway. */
  async open(orderId: string, user: AuthUser) {
    if (this.env.PAYMENTS_DRIVER === 'off') {
      throw new DomainError(ErrorCode.PaymentGatewayUnavailable, 'Pembayaran QRIS belum diaktifkan; silakan bayar di titik kumpul');
    }
    const order = await this.buyerOrder(orderId, user);
    if (isPaidStatus(order.status)) throw new DomainError(ErrorCode.AlreadyPaid, 'Pesanan ini sudah dibayar');
    if (order.status !== OrderStatus.Placed)
      throw DomainError.invalidTransition(`Pesanan yang ${order.status.replace(/_/g, ' ')} tidak dapat dibayar`);
    if (order.deadline_passed) throw new DomainError(ErrorCode.PaymentDeadlinePassed, 'Batas waktu pembayaran gelombang ini sudah lewat');
    const deadline = new Date(order.payment_deadline);
    const expiresAt = new Date(Math.min(Date.now() + this.env.PAYMENTS_QR_EXPIRY_MINUTES * 60_000, deadline.getTime()));
    await this.settleLapsed(orderId, deadline);
    const intent = await this.dataSource.transaction(async (manager) => {
      await lockUntilCommit(manager, AdvisoryLock.QrisIntent, orderId);
      const reusable: IntentRow[] = await manager.query(
        `SELECT ${INTENT_COLUMNS} FROM payment_intents
          WHERE order_id = $1 AND amount_rp = $2 AND status = 'pending' AND qr_string IS NOT NULL AND ${stillShown('$3', '$4')}`,
        [orderId, order.total_rp, MIN_REMAINING_MS, deadline],
      );
      if (reusable.length > 0) return reusable[0];
      // A code for another amount, or one about to lapse, gives way (a payment on it still counts: see GatewayPaymentsService).
      await manager.query(`UPDATE payment_intents SET status = 'closed', closed_at = now() WHERE order_id = $1 AND status = 'pending'`, [
        orderId,
      ]);
      return this.create(manager, orderId, order.total_rp, expiresAt);
    });
    return this.view(intent, order.status);
  }

  /** What the order page polls: the latest code and whether the order is paid. */
  async state(orderId: string, user: AuthUser) {
    const order = await this.buyerOrder(orderId, user);
    const rows: IntentRow[] = await this.dataSource.query(
      `SELECT ${INTENT_COLUMNS} FROM payment_intents WHERE order_id = $1 ORDER BY created_at DESC LIMIT 1`,
      [orderId],
    );
    return rows.length > 0
      ? this.view(rows[0], order.status)
      : { orderId, orderStatus: order.status, paid: isPaidStatus(order.status), intent: null };
  }

  /** The pending code as a PNG (the EMVCo payload, rendered with the qrcode package). */
  async png(orderId: string, user: AuthUser): Promise<Buffer> {
    await this.buyerOrder(orderId, user);
    const rows: { qr_string: string }[] = await this.dataSource.query(
      `SELECT qr_string FROM payment_intents WHERE order_id = $1 AND status = 'pending' AND qr_string IS NOT NULL ORDER BY created_at DESC LIMIT 1`,
      [orderId],
    );
    if (rows.length === 0) throw DomainError.notFound('QRIS code');
    return QRCode.toBuffer(rows[0].qr_string, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 6 });
  }

  private async create(manager: EntityManager, orderId: string, amountRp: number, expiresAt: Date): Promise<IntentRow> {
    const [row]: { id: string; wave_id: string }[] = await manager.query(
      `INSERT INTO payment_intents (order_id, wave_id, amount_rp, gateway, expires_at)
       SELECT id, wave_id, $2, $3, $4 FROM orders WHERE id = $1 RETURNING id, wave_id`,
      [orderId, amountRp, this.gateway.name, expiresAt],
    );
    let qr;
    try {
      qr = await this.gateway.createQr({ referenceId: row.id, amountRp, expiresAt, idempotencyKey: row.id });
    } catch (error) {
      if (error instanceof PaymentGatewayError) {
        throw new DomainError(
          ErrorCode.PaymentGatewayUnavailable,
          'Layanan QRIS sedang tidak dapat dihubungi; coba lagi sebentar lagi atau bayar di titik kumpul',
        );
      }
      throw error;
    }
    // TypeORM answers an UPDATE with [rows, count].
    const [rows]: [IntentRow[], number] = await manager.query(
      `UPDATE payment_intents SET gateway_qr_id = $2, qr_string = $3, expires_at = least(expires_at, $4) WHERE id = $1 RETURNING ${INTENT_COLUMNS}`,
      [row.id, qr.id, qr.qrString, qr.expiresAt],
    );
    return rows[0];
  }

  /** Pending codes of the order that lapsed: the gateway is asked about them before they are closed (a lost callback is found). */
  private async settleLapsed(orderId: string, deadline: Date): Promise<void> {
    const lapsed: { id: string; gateway_qr_id: string }[] = await this.dataSource.query(
      `SELECT id, gateway_qr_id FROM payment_intents WHERE order_id = $1 AND status = 'pending' AND gateway_qr_id IS NOT NULL
          AND NOT ${stillShown('$2', '$3')}`,
      [orderId, MIN_REMAINING_MS, deadline],
    );
    for (const intent of lapsed) {
      const reports = await this.gateway.listPayments(intent.gateway_qr_id).catch(() => null);
      if (reports === null) continue; // the reconcile job asks again later
      for (const report of reports) await this.payments.receive(report, 'status_api');
    }
  }

  private async buyerOrder(orderId: string, user: AuthUser): Promise<BuyerOrderRow> {
    const rows: BuyerOrderRow[] = await this.dataSource.query(
      // What is owed: the total less a voucher that pays part of it (src/vouchers).
      `SELECT o.id, o.status, w.payment_deadline, w.payment_deadline <= now() AS deadline_passed,
              (o.total_rp - coalesce((SELECT sum(r.amount_rp) FROM voucher_redemptions r
                                       WHERE r.order_id = o.id AND r.released_at IS NULL AND r.payment_id IS NULL), 0))::float8 AS total_rp
         FROM orders o JOIN waves w ON w.id = o.wave_id WHERE o.id = $1 AND o.buyer_id = $2`,
      [orderId, user.buyerId ?? null],
    );
    if (rows.length === 0) throw DomainError.notFound('Order');
    return rows[0];
  }

  private view(intent: IntentRow, orderStatus: OrderStatus) {
    return {
      orderId: intent.order_id,
      orderStatus,
      paid: isPaidStatus(orderStatus),
      intent: {
        id: intent.id,
        status: intent.status,
        amountRp: Number(intent.amount_rp),
        qrString: intent.qr_string,
        expiresAt: toWib(intent.expires_at),
        expired: new Date(intent.expires_at).getTime() <= Date.now(),
      },
    };
  }
}
