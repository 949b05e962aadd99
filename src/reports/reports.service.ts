import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { toWib, WIB_OFFSET } from '../common/time';
import { DeliveryBoardService } from '../delivery/delivery-board.service';
import { CashService } from '../desk/cash.service';
import { PaymentMethod } from '../desk/payment.entity';
import { CancelReason } from '../orders/order-status.enum';
import { orderStatesSql, PAID_ORDER_STATES, WITH_BUYER_STATES } from '../orders/order-transitions';
import { RefundsService } from '../payments/refunds.service';
import { PurchaseOrdersService } from '../purchase-orders/purchase-orders.service';
import { VouchersService } from '../vouchers/vouchers.service';
import { effectiveStatus } from '../waves/wave-status';
import { WaveStatus } from '../waves/wave-status.enum';
import { WavesService } from '../waves/waves.service';
import { WavesReportQuery } from './dto/wave-report.query';
import { EMPTY_METRICS, Metrics, metrics, MetricsRow } from './report-metrics';
import { stockOf } from './wave-money';

interface GroupRow extends MetricsRow {
  g_wave: number;
  g_cooperative: number;
  g_agency: number;
  g_point: number;
  wave_id: string | null;
  cooperative_id: string | null;
  agency: string | null;
  dropping_point_id: string | null;
}

interface WaveRow {
  id: string;
  name: string;
  status: WaveStatus;
  opens_at: Date;
  closes_at: Date;
  hand_out_date: string;
}

/** Order states in which the buyer has the goods. */
const DELIVERED = orderStatesSql(WITH_BUYER_STATES);
/** Order states paid for (the desk's and the gateway's payments move an order into them). */
const PAID = orderStatesSql(PAID_ORDER_STATES);
/** A no-show: the officer cancelled it at the point (never paid, or paid and paid back). */
const NO_SHOW = `('${CancelReason.Officer}', '${CancelReason.NoShowRefunded}')`;

/**
 * Every figure of the reports in one grouped pass over the selected waves' orders. Two steps keep
 * it cheap at a million orders: an order of a wave with one cooperative is read from its own row
 * (its totals; no join to its lines), and the orders are first folded into one row per wave,
 * cooperative, agency, point and buyer, so the distinct counts of the five groupings run over
 * those few rows instead of over every order. "Ordered" adds back what shortfalls cut away.
 *
 * An order with goods of several cooperatives is one row per cooperative; it counts once for each
 * cooperative, and once (on its "primary" row) everywhere else.
 * $1: the waves with one cooperative; $2: the waves with several.
 */
const FIGURES_SQL = `
WITH offers AS (
  SELECT wave_id, min(cooperative_id::text)::uuid AS only_cooperative FROM wave_products WHERE wave_id = ANY ($1::uuid[]) GROUP BY 1
), cuts AS (
  SELECT c.order_id, wp.cooperative_id, sum(c.kg)::bigint AS kg, sum(c.amount_rp)::bigint AS rp
    FROM shortfall_cuts c JOIN wave_products wp ON wp.id = c.wave_product_id
   WHERE wp.wave_id = ANY ($1::uuid[] || $2::uuid[]) AND NOT c.order_cancelled GROUP BY 1, 2
), items AS (
  SELECT i.order_id, wp.cooperative_id, sum(i.kg)::bigint AS kg, sum(i.amount_rp)::bigint AS rp
    FROM orders o JOIN order_items i ON i.order_id = o.id JOIN wave_products wp ON wp.id = i.wave_product_id
   WHERE o.wave_id = ANY ($2::uuid[])
   GROUP BY 1, 2
), multi AS (
  -- A line a shortfall cut to nothing has no item left: its cut alone says what the buyer ordered of that cooperative.
  SELECT o.id AS order_id, o.wave_id, k.cooperative_id, o.buyer_id, o.dropping_point_id, o.status, o.cancel_reason, coalesce(k.kg, 0) AS kg, coalesce(k.rp, 0) AS rp
    FROM (SELECT coalesce(i.order_id, c.order_id) AS order_id, coalesce(i.cooperative_id, c.cooperative_id) AS cooperative_id, i.kg, i.rp
            FROM items i FULL JOIN cuts c ON c.order_id = i.order_id AND c.cooperative_id = i.cooperative_id) k
    JOIN orders o ON o.id = k.order_id
   WHERE o.wave_id = ANY ($2::uuid[])
), lines AS (
  SELECT o.wave_id, f.only_cooperative AS cooperative_id, o.buyer_id, o.dropping_point_id, o.status, o.cancel_reason, true AS is_primary,
         o.total_kg::bigint AS kg, o.total_rp AS rp, coalesce(c.kg, 0) AS cut_kg, coalesce(c.rp, 0) AS cut_rp, c.kg IS NOT NULL AS reduced
    FROM orders o JOIN offers f ON f.wave_id = o.wave_id
    LEFT JOIN cuts c ON c.order_id = o.id
  UNION ALL
  SELECT m.wave_id, m.cooperative_id, m.buyer_id, m.dropping_point_id, m.status, m.cancel_reason,
         m.cooperative_id::text = min(m.cooperative_id::text) OVER (PARTITION BY m.order_id),
         m.kg, m.rp, coalesce(c.kg, 0), coalesce(c.rp, 0), bool_or(c.kg IS NOT NULL) OVER (PARTITION BY m.order_id)
    FROM multi m LEFT JOIN cuts c ON c.order_id = m.order_id AND c.cooperative_id = m.cooperative_id
), folded AS (
  SELECT l.wave_id, l.cooperative_id, b.agency, l.dropping_point_id, l.buyer_id,
         count(*) AS orders, count(*) FILTER (WHERE l.is_primary) AS orders_p,
         count(*) FILTER (WHERE l.status IN ${DELIVERED}) AS delivered, count(*) FILTER (WHERE l.status IN ${DELIVERED} AND l.is_primary) AS delivered_p,
         count(*) FILTER (WHERE l.status = 'cancelled') AS cancelled, count(*) FILTER (WHERE l.status = 'cancelled' AND l.is_primary) AS cancelled_p,
         count(*) FILTER (WHERE l.cut_kg > 0) AS reduced, count(*) FILTER (WHERE l.reduced AND l.is_primary) AS reduced_p,
         count(*) FILTER (WHERE l.status IN ${PAID}) AS paid, count(*) FILTER (WHERE l.status IN ${PAID} AND l.is_primary) AS paid_p,
         count(*) FILTER (WHERE l.status = 'placed') AS unpaid, count(*) FILTER (WHERE l.status = 'placed' AND l.is_primary) AS unpaid_p,
         count(*) FILTER (WHERE l.status = 'picked_up') AS handed_over, count(*) FILTER (WHERE l.status = 'picked_up' AND l.is_primary) AS handed_over_p,
         count(*) FILTER (WHERE l.status = 'delivered') AS delivered_home, count(*) FILTER (WHERE l.status = 'delivered' AND l.is_primary) AS delivered_home_p,
         count(*) FILTER (WHERE l.cancel_reason IN ${NO_SHOW}) AS no_show, count(*) FILTER (WHERE l.cancel_reason IN ${NO_SHOW} AND l.is_primary) AS no_show_p,
         coalesce(sum(l.rp) FILTER (WHERE l.status IN ${PAID}), 0) AS paid_rp,
         coalesce(sum(l.rp) FILTER (WHERE l.status = 'placed'), 0) AS unpaid_rp,
         sum(l.kg + l.cut_kg) AS ordered_kg, sum(l.rp + l.cut_rp) AS ordered_rp,
         coalesce(sum(l.kg) FILTER (WHERE l.status IN ${DELIVERED}), 0) AS delivered_kg,
         coalesce(sum(l.rp) FILTER (WHERE l.status IN ${DELIVERED}), 0) AS delivered_rp,
         coalesce(sum(l.kg) FILTER (WHERE l.status = 'cancelled'), 0) + sum(l.cut_kg) AS cancelled_kg,
         coalesce(sum(l.rp) FILTER (WHERE l.status = 'cancelled'), 0) + sum(l.cut_rp) AS cancelled_rp,
         coalesce(sum(l.kg) FILTER (WHERE l.status NOT IN ${DELIVERED} AND l.status <> 'cancelled'), 0) AS outstanding_kg,
         coalesce(sum(l.rp) FILTER (WHERE l.status NOT IN ${DELIVERED} AND l.status <> 'cancelled'), 0) AS outstanding_rp
    FROM lines l JOIN buyers b ON b.id = l.buyer_id
   GROUP BY 1, 2, 3, 4, 5
)
SELECT GROUPING(wave_id) AS g_wave, GROUPING(cooperative_id) AS g_cooperative, GROUPING(agency) AS g_agency, GROUPING(dropping_point_id) AS g_point,
       wave_id, cooperative_id, agency, dropping_point_id,
       (CASE WHEN GROUPING(cooperative_id) = 0 THEN sum(orders) ELSE sum(orders_p) END)::int AS orders,
       count(DISTINCT buyer_id)::int AS buyers,
       (CASE WHEN GROUPING(cooperative_id) = 0 THEN sum(delivered) ELSE sum(delivered_p) END)::int AS orders_delivered,
       (CASE WHEN GROUPING(cooperative_id) = 0 THEN sum(cancelled) ELSE sum(cancelled_p) END)::int AS orders_cancelled,
       (CASE WHEN GROUPING(cooperative_id) = 0 THEN sum(reduced) ELSE sum(reduced_p) END)::int AS orders_reduced,
       (CASE WHEN GROUPING(cooperative_id) = 0 THEN sum(paid) ELSE sum(paid_p) END)::int AS orders_paid,
       (CASE WHEN GROUPING(cooperative_id) = 0 THEN sum(unpaid) ELSE sum(unpaid_p) END)::int AS orders_unpaid,
       (CASE WHEN GROUPING(cooperative_id) = 0 THEN sum(handed_over) ELSE sum(handed_over_p) END)::int AS orders_handed_over,
       (CASE WHEN GROUPING(cooperative_id) = 0 THEN sum(delivered_home) ELSE sum(delivered_home_p) END)::int AS orders_delivered_home,
       (CASE WHEN GROUPING(cooperative_id) = 0 THEN sum(no_show) ELSE sum(no_show_p) END)::int AS orders_no_show,
       sum(paid_rp) AS paid_rp, sum(unpaid_rp) AS unpaid_rp,
       sum(ordered_kg) AS ordered_kg, sum(ordered_rp) AS ordered_rp, sum(delivered_kg) AS delivered_kg, sum(delivered_rp) AS delivered_rp,
       sum(cancelled_kg) AS cancelled_kg, sum(cancelled_rp) AS cancelled_rp, sum(outstanding_kg) AS outstanding_kg, sum(outstanding_rp) AS outstanding_rp
  FROM folded
 GROUP BY GROUPING SETS ((), (wave_id), (cooperative_id), (agency), (dropping_point_id))`;

@Injectable()
export class ReportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
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
      this.dataSource.query(
        `SELECT po.id, po.number, po.cooperative_id, c.name AS cooperative_name, po.status, po.total_kg, po.total_rp, po.confirmed_at,
                (SELECT coalesce(sum(sf.cut_kg), 0) FROM purchase_order_shortfalls sf WHERE sf.purchase_order_id = po.id)::int AS shortfall_cut_kg
           FROM purchase_orders po JOIN cooperatives c ON c.id = po.cooperative_id WHERE po.wave_id = $1 ORDER BY c.name`,
        [waveId],
      ),
      this.dataSource.query('SELECT type, created_at, data FROM wave_events WHERE wave_id = $1 ORDER BY created_at, type', [waveId]),
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
      purchaseOrders: purchaseOrders.map(
        (row: {
          id: string;
          number: string;
          cooperative_id: string;
          cooperative_name: string;
          status: string;
          total_kg: number;
          total_rp: string;
          confirmed_at: Date | null;
          shortfall_cut_kg: number;
        }) => ({
          id: row.id,
          number: row.number,
          cooperativeId: row.cooperative_id,
          cooperativeName: row.cooperative_name,
          status: row.status,
          orderedKg: row.total_kg,
          orderedRp: Number(row.total_rp),
          shortfallCutKg: row.shortfall_cut_kg,
          confirmedAt: toWib(row.confirmed_at),
        }),
      ),
      timeline: timeline.map((row: { type: string; created_at: Date; data: Record<string, unknown> }) => ({
        event: row.type,
        at: toWib(row.created_at),
        data: row.data,
      })),
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
    const waves: WaveRow[] = await this.dataSource.query(
      `SELECT id, name, status, opens_at, closes_at, hand_out_date::text AS hand_out_date FROM waves
        WHERE status <> 'draft'
          AND ($1::timestamptz IS NULL OR closes_at >= $1) AND ($2::timestamptz IS NULL OR closes_at < $2::timestamptz + interval '1 day')
          AND ($3::wave_status IS NULL OR status = $3)
        ORDER BY closes_at, name`,
      [
        query.from ? `${query.from}T00:00:00${WIB_OFFSET}` : null,
        query.to ? `${query.to}T00:00:00${WIB_OFFSET}` : null,
        query.status ?? null,
      ],
    );
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
        status: effectiveStatus({ status: wave.status, opensAt: wave.opens_at, closesAt: wave.closes_at }),
        closesAt: toWib(wave.closes_at),
        handOutDate: wave.hand_out_date,
      })),
      byCooperative: figures.byCooperative,
      byAgency: figures.byAgency,
      byDroppingPoint: figures.byDroppingPoint,
    };
  }

  /**
   * Runs FIGURES_SQL in a read-only transaction with settings for one big aggregation: enough
   * memory to fold a million orders by hashing rather than sorting them, and no JIT (compiling
   * this query costs more than it saves).
   */
  private aggregate(waveIds: string[]): Promise<GroupRow[]> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SET TRANSACTION READ ONLY');
      await manager.query("SELECT set_config('work_mem', '64MB', true), set_config('jit', 'off', true)");
      const counts: { wave_id: string; several: boolean }[] = await manager.query(
        'SELECT wave_id, count(DISTINCT cooperative_id) > 1 AS several FROM wave_products WHERE wave_id = ANY ($1) GROUP BY 1',
        [waveIds],
      );
      const single = counts.filter((row) => !row.several).map((row) => row.wave_id);
      const several = counts.filter((row) => row.several).map((row) => row.wave_id);
      return manager.query(FIGURES_SQL, [single, several]);
    });
  }

  private async figures(waveIds: string[]) {
    const rows: GroupRow[] = waveIds.length > 0 ? await this.aggregate(waveIds) : [];
    const ids = (pick: (row: GroupRow) => string | null) => [...new Set(rows.map(pick).filter((id): id is string => id !== null))];
    const [cooperatives, points]: [{ id: string; name: string }[], { id: string; name: string }[]] = await Promise.all([
      this.dataSource.query('SELECT id, name FROM cooperatives WHERE id = ANY ($1)', [
        ids((row) => (row.g_cooperative === 0 ? row.cooperative_id : null)),
      ]),
      this.dataSource.query('SELECT id, name FROM dropping_points WHERE id = ANY ($1)', [
        ids((row) => (row.g_point === 0 ? row.dropping_point_id : null)),
      ]),
    ]);
    const nameOf = (list: { id: string; name: string }[], id: string) => list.find((row) => row.id === id)?.name ?? '';
    const total = rows.find((row) => row.g_wave + row.g_cooperative + row.g_agency + row.g_point === 4);
    const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);
    return {
      totals: metrics(total ?? EMPTY_METRICS),
      byWave: rows.filter((row) => row.g_wave === 0).map((row) => ({ waveId: row.wave_id!, ...metrics(row) })),
      byCooperative: rows
        .filter((row) => row.g_cooperative === 0)
        .map((row) => ({ cooperativeId: row.cooperative_id!, name: nameOf(cooperatives, row.cooperative_id!), ...metrics(row) }))
        .sort(byName),
      byAgency: rows
        .filter((row) => row.g_agency === 0)
        .map((row) => ({ agency: row.agency!, ...metrics(row) }))
        .sort((a, b) => a.agency.localeCompare(b.agency)),
      byDroppingPoint: rows
        .filter((row) => row.g_point === 0)
        .map((row) => ({ droppingPointId: row.dropping_point_id!, name: nameOf(points, row.dropping_point_id!), ...metrics(row) }))
        .sort(byName),
    };
  }
}

export type { Metrics };
