import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user';
import { toWib } from '../common/time';
import { DeliveryBoardService } from '../delivery/delivery-board.service';
import { CashService } from '../desk/cash.service';
import { PaymentMethod } from '../desk/payment.entity';
import { RefundsService } from '../payments/refunds.service';
import { PurchaseOrdersService } from '../purchase-orders/purchase-orders.service';
import { VouchersService } from '../vouchers/vouchers.service';
import { effectiveStatus } from '../waves/wave-status';
import { WavesService } from '../waves/waves.service';
import { WavesReportQuery } from './dto/wave-report.query';
import { EMPTY_METRICS, Metrics, metrics } from './report-metrics';
import { ReportsRepository } from './reports.repository';
import { stockOf } from './wave-money';

@Injectable()
export class ReportsService {
  constructor(
    private readonly repository: ReportsRepository,
    private readonly waves: WavesService,
    private readonly cash: CashService,
    private readonly refunds: RefundsService,
    private readonly vouchers: VouchersService,
    private readonly delivery: DeliveryBoardService,
    private readonly purchaseOrders: PurchaseOrdersService,
  ) {}

  /** One wave: totals, per cooperative, agency and dropping point, its purchase orders and its timeline. */
  async forWave(waveId: string, user: AuthUser) {
    const wave = await this.waves.get(waveId, user);
    const figures = await this.figures([waveId]);
    const [purchaseOrders, timeline, money] = await Promise.all([
      this.repository.purchaseOrdersOfWave(waveId),
      this.repository.timeline(waveId),
      this.money(waveId, user),
    ]);
    const { byWave: _byWave, ...rest } = figures;
    return {
      wave: {
        id: wave.id,
        name: wave.name,
        status: effectiveStatus(wave),
        opensAt: toWib(wave.opensAt),
        closesAt: toWib(wave.closesAt),
        handOutDate: wave.handOutDate,
      },
      generatedAt: toWib(new Date()),
      ...rest,
      purchaseOrders: purchaseOrders.map((order) => ({ ...order, confirmedAt: toWib(order.confirmedAt) })),
      timeline: timeline.map((event) => ({ ...event, at: toWib(event.at) })),
      ...money,
    };
  }

  /**
   * The wave's money after the rush, each figure from the service that keeps it: what paid the paid
   * orders per method (the vouchers module's reconciliation), refunds owed and paid (money standing
   * on orders cancelled or cut after payment and paid back at the desk, from the desk's
   * reconciliation; QRIS payments no order could take and their settlement, from the gateway's
   * refunds), the cash each officer still holds, the courier fees per point (delivery), and the
   * stock lost in transport or left over at the points (purchase orders and their invoices).
   */
  private async money(waveId: string, user: AuthUser) {
    const [custody, gateway, payments, courier, purchaseOrders] = await Promise.all([
      this.cash.custody(waveId, user),
      this.refunds.reconciliation(waveId),
      this.vouchers.waveMoney(waveId),
      this.delivery.courierFees(user, waveId),
      this.purchaseOrders.listForWave(waveId, user),
    ]);
    const invoices = await Promise.all(purchaseOrders.map((document) => this.purchaseOrders.invoice(document.id, user)));
    const desk = custody.reconciliation;
    const deskRp = desk?.refundDueRp ?? 0;
    const deskPaidRp = desk?.refundPaidRp ?? 0;
    return {
      payments: {
        paidOrders: payments.paidOrders,
        paidOrdersRp: payments.paidOrdersRp,
        cashRp: payments.cashRp,
        transferRp: payments.transferRp,
        qrisRp: payments.qrisRp,
        voucherRp: payments.voucherRp,
        totalRp: payments.paidRp,
        balanced: payments.balanced,
      },
      refundsOwed: {
        orders: desk?.refundDueOrders ?? 0,
        deskRp,
        qrisRp: gateway.refundsOwedRp,
        totalRp: deskRp + gateway.refundsOwedRp,
      },
      refundsPaid: {
        deskRp: deskPaidRp,
        qrisRp: gateway.refundsSettledRp,
        totalRp: deskPaidRp + gateway.refundsSettledRp,
      },
      courierFees: {
        trips: courier.trips,
        totalRp: courier.totalRp,
        byDroppingPoint: courier.points,
      },
      stock: stockOf(purchaseOrders.map((document, i) => ({ document, invoice: invoices[i] }))),
      cashCustody: {
        officers: custody.officers.map((officer) => ({
          userId: officer.userId,
          username: officer.username,
          role: officer.role,
          payments: officer.collected.payments,
          cashRp: officer.collected[PaymentMethod.Cash],
          transferRp: officer.collected[PaymentMethod.Transfer],
          qrisRp: officer.collected[PaymentMethod.Qris],
          handedOverPendingRp: officer.cashHandedOver.pendingRp,
          handedOverConfirmedRp: officer.cashHandedOver.confirmedRp,
          refundsPaidOutRp: officer.refundsPaidOut.amountRp,
          cashHeldRp: officer.cashHeldRp,
        })),
        cashHeldRp: custody.totals.cashHeldRp,
        balanced: desk?.balanced ?? null,
      },
    };
  }

  /** Across waves (every published wave, or those closing between two days): the programme's figures. */
  async acrossWaves(query: WavesReportQuery) {
    const waves = await this.repository.publishedWaves(query);
    const figures = await this.figures(waves.map((wave) => wave.id));
    const byId = new Map(figures.byWave.map((row) => [row.waveId, row]));
    return {
      from: query.from ?? null,
      to: query.to ?? null,
      generatedAt: toWib(new Date()),
      totals: figures.totals,
      byWave: waves.map((wave) => ({
        ...(byId.get(wave.id) ?? { waveId: wave.id, ...metrics(EMPTY_METRICS) }),
        name: wave.name,
        status: effectiveStatus(wave),
        closesAt: toWib(wave.closesAt),
        handOutDate: wave.handOutDate,
      })),
      byCooperative: figures.byCooperative,
      byAgency: figures.byAgency,
      byDroppingPoint: figures.byDroppingPoint,
    };
  }

  /** The waves' figures, cooperatives, agencies and points each by name. */
  private async figures(waveIds: string[]) {
    const figures = await this.repository.figures(waveIds);
    const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);
    return {
      totals: figures.totals,
      byWave: figures.byWave,
      byCooperative: figures.byCooperative.sort(byName),
      byAgency: figures.byAgency.sort((a, b) => a.agency.localeCompare(b.agency)),
      byDroppingPoint: figures.byDroppingPoint.sort(byName),
    };
  }
}

export type { Metrics };
