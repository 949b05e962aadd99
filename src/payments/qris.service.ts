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
import { OrderToPay, PaymentIntent, PaymentsRepository } from './payments.repository';

/** A code about to lapse is not shown again: the buyer would not finish paying it in time. */
const MIN_REMAINING_MS = 60_000;

/**
 * "Bayar dengan QRIS": one dynamic QRIS code per order and amount, reused until it lapses, expiring
 * no later than the wave's payment deadline. The buyer's page polls the order's QRIS state; the
 * gateway's callback (GatewayPaymentsService) makes the order paid.
 */
@Injectable()
export class QrisService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: PaymentsRepository,
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
    if (order.deadlinePassed) throw new DomainError(ErrorCode.PaymentDeadlinePassed, 'Batas waktu pembayaran gelombang ini sudah lewat');
    const deadline = order.paymentDeadline;
    const expiresAt = new Date(Math.min(Date.now() + this.env.PAYMENTS_QR_EXPIRY_MINUTES * 60_000, deadline.getTime()));
    await this.settleLapsed(orderId, deadline);
    const intent = await this.dataSource.transaction(async (manager) => {
      await lockUntilCommit(manager, AdvisoryLock.QrisIntent, orderId);
      const reusable = await this.repository.reusableIntent(manager, orderId, order.owedRp, MIN_REMAINING_MS, deadline);
      if (reusable) return reusable;
      // A code for another amount, or one about to lapse, gives way (a payment on it still counts: see GatewayPaymentsService).
      await this.repository.closePendingIntents(manager, orderId);
      return this.create(manager, orderId, order.owedRp, expiresAt);
    });
    return this.view(intent, order.status);
  }

  /** What the order page polls: the latest code and whether the order is paid. */
  async state(orderId: string, user: AuthUser) {
    const order = await this.buyerOrder(orderId, user);
    const intent = await this.repository.latestIntent(orderId);
    return intent
      ? this.view(intent, order.status)
      : { orderId, orderStatus: order.status, paid: isPaidStatus(order.status), intent: null };
  }

  /** The pending code as a PNG (the EMVCo payload, rendered with the qrcode package). */
  async png(orderId: string, user: AuthUser): Promise<Buffer> {
    await this.buyerOrder(orderId, user);
    const qrString = await this.repository.pendingQrString(orderId);
    if (qrString === null) throw DomainError.notFound('QRIS code');
    return QRCode.toBuffer(qrString, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 6 });
  }

  private async create(manager: EntityManager, orderId: string, amountRp: number, expiresAt: Date): Promise<PaymentIntent> {
    const intentId = await this.repository.createIntent(manager, orderId, amountRp, this.gateway.name, expiresAt);
    let qr;
    try {
      qr = await this.gateway.createQr({ referenceId: intentId, amountRp, expiresAt, idempotencyKey: intentId });
    } catch (error) {
      if (error instanceof PaymentGatewayError) {
        throw new DomainError(
          ErrorCode.PaymentGatewayUnavailable,
          'Layanan QRIS sedang tidak dapat dihubungi; coba lagi sebentar lagi atau bayar di titik kumpul',
        );
      }
      throw error;
    }
    return this.repository.attachQr(manager, intentId, qr);
  }

  /** Pending codes of the order that lapsed: the gateway is asked about them before they are closed (a lost callback is found). */
  private async settleLapsed(orderId: string, deadline: Date): Promise<void> {
    for (const intent of await this.repository.lapsedIntents(orderId, MIN_REMAINING_MS, deadline)) {
      const reports = await this.gateway.listPayments(intent.gatewayQrId).catch(() => null);
      if (reports === null) continue; // the reconcile job asks again later
      for (const report of reports) await this.payments.receive(report, 'status_api');
    }
  }

  private async buyerOrder(orderId: string, user: AuthUser): Promise<OrderToPay> {
    const order = await this.repository.orderToPay(orderId, user.buyerId ?? null);
    if (!order) throw DomainError.notFound('Order');
    return order;
  }

  private view(intent: PaymentIntent, orderStatus: OrderStatus) {
    return {
      orderId: intent.orderId,
      orderStatus,
      paid: isPaidStatus(orderStatus),
      intent: {
        id: intent.id,
        status: intent.status,
        amountRp: intent.amountRp,
        qrString: intent.qrString,
        expiresAt: toWib(intent.expiresAt),
        expired: intent.expiresAt.getTime() <= Date.now(),
      },
    };
  }
}
