import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { toWib, WIB_OFFSET } from '../common/time';
import { effectiveStatus } from '../waves/wave-status';
import { WaveStatus } from '../waves/wave-status.enum';
import { WavesService } from '../waves/waves.service';
import { WavesReportQuery } from './dto/wave-report.query';
import { EMPTY_METRICS, Metrics, metrics, MetricsRow } from './report-metrics';

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
const DELIVERED = `('picked_up', 'delivered')`;

/**
 * Every figure of the reports in one pass over the selected waves' order lines (plus the lines
 * shortfalls cut away, so "ordered" is what buyers asked for), grouped five ways at once. It reads
 * the orders themselves, not the live tallies: cancelled and delivered kg are not in the tallies.
 * Cost grows with the orders of the selected waves (a million orders: a few seconds), which suits
 * a report an administrator asks for, not a dashboard polled every second.
 */
const FIGURES_SQL = `
WITH lines AS (
  SELECT o.wave_id, o.id AS order_id, o.buyer_id, b.agency, o.dropping_point_id, wp.cooperative_id, o.status,
         i.kg::bigint AS kg, i.amount_rp AS rp, 0::bigint AS cut_kg, 0::bigint AS cut_rp
    FROM orders o JOIN buyers b ON b.id = o.buyer_id JOIN order_items i ON i.order_id = o.id JOIN wave_products wp ON wp.id = i.wave_product_id
   WHERE o.wave_id = ANY ($1)
  UNION ALL
  SELECT o.wave_id, o.id, o.buyer_id, b.agency, o.dropping_point_id, wp.cooperative_id, o.status, 0, 0, c.kg, c.amount_rp
    FROM shortfall_cuts c JOIN orders o ON o.id = c.order_id JOIN buyers b ON b.id = o.buyer_id JOIN wave_products wp ON wp.id = c.wave_product_id
   WHERE o.wave_id = ANY ($1) AND NOT c.order_cancelled
)
SELECT GROUPING(wave_id) AS g_wave, GROUPING(cooperative_id) AS g_cooperative, GROUPING(agency) AS g_agency, GROUPING(dropping_point_id) AS g_point,
       wave_id, cooperative_id, agency, dropping_point_id,
       count(DISTINCT order_id)::int AS orders,
       count(DISTINCT buyer_id)::int AS buyers,
       count(DISTINCT order_id) FILTER (WHERE status IN ${DELIVERED})::int AS orders_delivered,
       count(DISTINCT order_id) FILTER (WHERE status = 'cancelled')::int AS orders_cancelled,
       count(DISTINCT order_id) FILTER (WHERE cut_kg > 0)::int AS orders_reduced,
       sum(kg + cut_kg) AS ordered_kg,
       sum(rp + cut_rp) AS ordered_rp,
       coalesce(sum(kg) FILTER (WHERE status IN ${DELIVERED}), 0) AS delivered_kg,
       coalesce(sum(rp) FILTER (WHERE status IN ${DELIVERED}), 0) AS delivered_rp,
       coalesce(sum(kg) FILTER (WHERE status = 'cancelled'), 0) + sum(cut_kg) AS cancelled_kg,
       coalesce(sum(rp) FILTER (WHERE status = 'cancelled'), 0) + sum(cut_rp) AS cancelled_rp,
       coalesce(sum(kg) FILTER (WHERE status NOT IN ${DELIVERED} AND status <> 'cancelled'), 0) AS outstanding_kg,
       coalesce(sum(rp) FILTER (WHERE status NOT IN ${DELIVERED} AND status <> 'cancelled'), 0) AS outstanding_rp
  FROM lines
 GROUP BY GROUPING SETS ((), (wave_id), (cooperative_id), (agency), (dropping_point_id))`;

@Injectable()
export class ReportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly waves: WavesService,
  ) {}

  /** One wave: totals, per cooperative, agency and dropping point, its purchase orders and its timeline. */
  async forWave(waveId: string, user: AuthUser) {
    const wave = await this.waves.get(waveId, user);
    const figures = await this.figures([waveId]);
    const [purchaseOrders, timeline] = await Promise.all([
      this.dataSource.query(
        `SELECT po.id, po.number, po.cooperative_id, c.name AS cooperative_name, po.status, po.total_kg, po.total_rp, po.confirmed_at,
                (SELECT coalesce(sum(sf.cut_kg), 0) FROM purchase_order_shortfalls sf WHERE sf.purchase_order_id = po.id)::int AS shortfall_cut_kg
           FROM purchase_orders po JOIN cooperatives c ON c.id = po.cooperative_id WHERE po.wave_id = $1 ORDER BY c.name`,
        [waveId],
      ),
      this.dataSource.query('SELECT type, created_at, data FROM wave_events WHERE wave_id = $1 ORDER BY created_at, type', [waveId]),
    ]);
    const { byWave: _byWave, ...rest } = figures;
    return {
      wave: { id: wave.id, name: wave.name, status: effectiveStatus(wave), opensAt: toWib(wave.opensAt), closesAt: toWib(wave.closesAt), handOutDate: wave.handOutDate },
      generatedAt: toWib(new Date()),
      ...rest,
      purchaseOrders: purchaseOrders.map((row: { id: string; number: string; cooperative_id: string; cooperative_name: string; status: string; total_kg: number; total_rp: string; confirmed_at: Date | null; shortfall_cut_kg: number }) => ({
        id: row.id,
        number: row.number,
        cooperativeId: row.cooperative_id,
        cooperativeName: row.cooperative_name,
        status: row.status,
        orderedKg: row.total_kg,
        orderedRp: Number(row.total_rp),
        shortfallCutKg: row.shortfall_cut_kg,
        confirmedAt: toWib(row.confirmed_at),
      })),
      timeline: timeline.map((row: { type: string; created_at: Date; data: Record<string, unknown> }) => ({ event: row.type, at: toWib(row.created_at), data: row.data })),
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
      [query.from ? `${query.from}T00:00:00${WIB_OFFSET}` : null, query.to ? `${query.to}T00:00:00${WIB_OFFSET}` : null, query.status ?? null],
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

  private async figures(waveIds: string[]) {
    const rows: GroupRow[] = waveIds.length > 0 ? await this.dataSource.query(FIGURES_SQL, [waveIds]) : [];
    const ids = (pick: (row: GroupRow) => string | null) => [...new Set(rows.map(pick).filter((id): id is string => id !== null))];
    const [cooperatives, points]: [{ id: string; name: string }[], { id: string; name: string }[]] = await Promise.all([
      this.dataSource.query('SELECT id, name FROM cooperatives WHERE id = ANY ($1)', [ids((row) => (row.g_cooperative === 0 ? row.cooperative_id : null))]),
      this.dataSource.query('SELECT id, name FROM dropping_points WHERE id = ANY ($1)', [ids((row) => (row.g_point === 0 ? row.dropping_point_id : null))]),
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
