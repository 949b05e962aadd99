import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DIRECTORY_COLUMNS, DirectoryRow, registeredSql } from '../buyers/buyer-directory.repository';
import { directoryEntry } from '../buyers/buyer-directory.service';
import { WIB_OFFSET } from '../common/time';
import { CancelReason } from '../orders/order-status.enum';
import { orderStatesSql, PAID_ORDER_STATES, WITH_BUYER_STATES } from '../orders/order-transitions';
import { WaveStatus } from '../waves/wave-status.enum';
import { waveOpenToSql } from '../waves/wave-transitions';
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

/** The report figures of a set of waves: in all, and per wave, cooperative, agency and dropping point (named). */
export interface Figures {
  totals: Metrics;
  byWave: ({ waveId: string } & Metrics)[];
  byCooperative: ({ cooperativeId: string; name: string } & Metrics)[];
  byAgency: ({ agency: string } & Metrics)[];
  byDroppingPoint: ({ droppingPointId: string; name: string } & Metrics)[];
}

export interface WavePurchaseOrder {
  id: string;
  number: string;
  cooperativeId: string;
  cooperativeName: string;
  status: string;
  orderedKg: number;
  orderedRp: number;
  shortfallCutKg: number;
  confirmedAt: Date | null;
}

export interface WaveEvent {
  event: string;
  at: Date;
  data: Record<string, unknown>;
}

export interface ReportedWave {
  id: string;
  name: string;
  status: WaveStatus;
  opensAt: Date;
  closesAt: Date;
  handOutDate: string;
}

export interface AgencyUptake {
  agency: string;
  agencyId: string | null;
  rostered: number;
  registered: number;
  ordered: number;
}

export interface UptakeListQuery {
  ordered: boolean;
  /** Only this agency's civil servants (its name); null: all. */
  agency: string | null;
  limit: number;
  offset: number;
}

export type UptakeBuyer = ReturnType<typeof directoryEntry>;

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

/**
 * The civil servants a wave is for (on the roster or registered, of an agency the wave is open to),
 * `b` the buyer, `u` its user, `w` the wave ($1), and whether each placed an order in it, whatever
 * became of the order.
 */
const ELIGIBLE = `FROM waves w JOIN buyers b ON ${waveOpenToSql('w', 'b.agency')} JOIN users u ON u.id = b.user_id
  CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM orders o WHERE o.wave_id = w.id AND o.buyer_id = b.id) AS ordered) x
 WHERE w.id = $1`;

/** The reports' reads: they join across the whole schema, read only. */
@Injectable()
export class ReportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The wave's purchase orders with what their shortfalls cut, by cooperative name. */
  async purchaseOrdersOfWave(waveId: string): Promise<WavePurchaseOrder[]> {
    const rows: {
      id: string;
      number: string;
      cooperative_id: string;
      cooperative_name: string;
      status: string;
      total_kg: number;
      total_rp: string;
      confirmed_at: Date | null;
      shortfall_cut_kg: number;
    }[] = await this.dataSource.query(
      `SELECT po.id, po.number, po.cooperative_id, c.name AS cooperative_name, po.status, po.total_kg, po.total_rp, po.confirmed_at,
              (SELECT coalesce(sum(sf.cut_kg), 0) FROM purchase_order_shortfalls sf WHERE sf.purchase_order_id = po.id)::int AS shortfall_cut_kg
         FROM purchase_orders po JOIN cooperatives c ON c.id = po.cooperative_id WHERE po.wave_id = $1 ORDER BY c.name`,
      [waveId],
    );
    return rows.map((row) => ({
      id: row.id,
      number: row.number,
      cooperativeId: row.cooperative_id,
      cooperativeName: row.cooperative_name,
      status: row.status,
      orderedKg: row.total_kg,
      orderedRp: Number(row.total_rp),
      shortfallCutKg: row.shortfall_cut_kg,
      confirmedAt: row.confirmed_at,
    }));
  }

  /** The wave's events, oldest first. */
  async timeline(waveId: string): Promise<WaveEvent[]> {
    const rows: { type: string; created_at: Date; data: Record<string, unknown> }[] = await this.dataSource.query(
      'SELECT type, created_at, data FROM wave_events WHERE wave_id = $1 ORDER BY created_at, type',
      [waveId],
    );
    return rows.map((row) => ({ event: row.type, at: row.created_at, data: row.data }));
  }

  /** Published waves (not drafts) closing between two days (WIB, both included), of one status; by closing time. */
  async publishedWaves(filter: { from?: string; to?: string; status?: WaveStatus }): Promise<ReportedWave[]> {
    const rows: { id: string; name: string; status: WaveStatus; opens_at: Date; closes_at: Date; hand_out_date: string }[] =
      await this.dataSource.query(
        `SELECT id, name, status, opens_at, closes_at, hand_out_date::text AS hand_out_date FROM waves
          WHERE status <> 'draft'
            AND ($1::timestamptz IS NULL OR closes_at >= $1) AND ($2::timestamptz IS NULL OR closes_at < $2::timestamptz + interval '1 day')
            AND ($3::wave_status IS NULL OR status = $3)
          ORDER BY closes_at, name`,
        [
          filter.from ? `${filter.from}T00:00:00${WIB_OFFSET}` : null,
          filter.to ? `${filter.to}T00:00:00${WIB_OFFSET}` : null,
          filter.status ?? null,
        ],
      );
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      status: row.status,
      opensAt: row.opens_at,
      closesAt: row.closes_at,
      handOutDate: row.hand_out_date,
    }));
  }

  /** The figures of the waves (FIGURES_SQL), with the cooperatives' and points' names. */
  async figures(waveIds: string[]): Promise<Figures> {
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
    return {
      totals: metrics(total ?? EMPTY_METRICS),
      byWave: rows.filter((row) => row.g_wave === 0).map((row) => ({ waveId: row.wave_id!, ...metrics(row) })),
      byCooperative: rows
        .filter((row) => row.g_cooperative === 0)
        .map((row) => ({ cooperativeId: row.cooperative_id!, name: nameOf(cooperatives, row.cooperative_id!), ...metrics(row) })),
      byAgency: rows.filter((row) => row.g_agency === 0).map((row) => ({ agency: row.agency!, ...metrics(row) })),
      byDroppingPoint: rows
        .filter((row) => row.g_point === 0)
        .map((row) => ({ droppingPointId: row.dropping_point_id!, name: nameOf(points, row.dropping_point_id!), ...metrics(row) })),
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

  /** Per agency the wave is for (listed, or of a civil servant on the roster): rostered, registered and ordered civil servants. */
  async uptakeByAgency(waveId: string): Promise<AgencyUptake[]> {
    const rows: { agency: string; agency_id: string | null; rostered: number; registered: number; ordered: number }[] =
      await this.dataSource.query(
        `WITH e AS (SELECT b.agency, ${registeredSql('u')} AS registered, x.ordered ${ELIGIBLE}),
              listed AS (SELECT a.id, a.name FROM waves w JOIN agencies a ON ${waveOpenToSql('w', 'a.name')} WHERE w.id = $1)
         SELECT coalesce(e.agency, l.name) AS agency, l.id AS agency_id,
                count(e.agency)::int AS rostered, count(*) FILTER (WHERE e.registered)::int AS registered,
                count(*) FILTER (WHERE e.ordered)::int AS ordered
           FROM e FULL JOIN listed l ON l.name = e.agency
          GROUP BY 1, 2 ORDER BY 1`,
        [waveId],
      );
    return rows.map((row) => ({
      agency: row.agency,
      agencyId: row.agency_id,
      rostered: row.rostered,
      registered: row.registered,
      ordered: row.ordered,
    }));
  }

  /** A page of the civil servants the wave is for who ordered in it (or did not), by agency and name. */
  async uptakeBuyers(waveId: string, query: UptakeListQuery): Promise<UptakeBuyer[]> {
    const rows: DirectoryRow[] = await this.dataSource.query(
      `SELECT ${DIRECTORY_COLUMNS} ${ELIGIBLE} AND x.ordered = $2 AND ($3::text IS NULL OR b.agency = $3)
        ORDER BY b.agency, b.name, b.nip LIMIT $4 OFFSET $5`,
      [waveId, query.ordered, query.agency, query.limit, query.offset],
    );
    return rows.map(directoryEntry);
  }

  /** How many civil servants the wave is for ordered in it (or did not). */
  async countUptakeBuyers(waveId: string, query: Pick<UptakeListQuery, 'ordered' | 'agency'>): Promise<number> {
    const [count]: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n ${ELIGIBLE} AND x.ordered = $2 AND ($3::text IS NULL OR b.agency = $3)`,
      [waveId, query.ordered, query.agency],
    );
    return count.n;
  }
}
