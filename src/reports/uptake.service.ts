import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { BuyerDirectoryService, DIRECTORY_COLUMNS, directoryEntry, DirectoryRow, registeredSql } from '../buyers/buyer-directory.service';
import { pageOf, UptakeQuery } from '../buyers/dto/directory.query';
import { waveOpenToSql } from '../waves/wave-transitions';
import { WavesService } from '../waves/waves.service';

/**
 * The civil servants a wave is for (on the roster or registered, of an agency the wave is open to),
 * `b` the buyer, `u` its user, `w` the wave ($1), and whether each placed an order in it, whatever
 * became of the order.
 */
const ELIGIBLE = `FROM waves w JOIN buyers b ON ${waveOpenToSql('w', 'b.agency')} JOIN users u ON u.id = b.user_id
  CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM orders o WHERE o.wave_id = w.id AND o.buyer_id = b.id) AS ordered) x
 WHERE w.id = $1`;

interface AgencyRow {
  agency: string;
  agency_id: string | null;
  rostered: number;
  registered: number;
  ordered: number;
}

/**
 * Uptake of a wave per agency: how many civil servants it was for, how many registered, how many
 * ordered; and, a page at a time, who did not order (or who did).
 */
@Injectable()
export class UptakeService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly waves: WavesService,
    private readonly directory: BuyerDirectoryService,
  ) {}

  async forWave(waveId: string, user: AuthUser, query: UptakeQuery) {
    const wave = await this.waves.get(waveId, user);
    const agency = query.agencyId ? await this.directory.agencyNamed(query.agencyId) : null;
    const ordered = query.ordered ?? false;
    const { page, pageSize, offset } = pageOf(query);
    const [agencies, rows, [count]]: [AgencyRow[], DirectoryRow[], { n: number }[]] = await Promise.all([
      this.dataSource.query(
        `WITH e AS (SELECT b.agency, ${registeredSql('u')} AS registered, x.ordered ${ELIGIBLE}),
              listed AS (SELECT a.id, a.name FROM waves w JOIN agencies a ON ${waveOpenToSql('w', 'a.name')} WHERE w.id = $1)
         SELECT coalesce(e.agency, l.name) AS agency, l.id AS agency_id,
                count(e.agency)::int AS rostered, count(*) FILTER (WHERE e.registered)::int AS registered,
                count(*) FILTER (WHERE e.ordered)::int AS ordered
           FROM e FULL JOIN listed l ON l.name = e.agency
          GROUP BY 1, 2 ORDER BY 1`,
        [waveId],
      ),
      this.dataSource.query(
        `SELECT ${DIRECTORY_COLUMNS} ${ELIGIBLE} AND x.ordered = $2 AND ($3::text IS NULL OR b.agency = $3)
          ORDER BY b.agency, b.name, b.nip LIMIT $4 OFFSET $5`,
        [waveId, ordered, agency, pageSize, offset],
      ),
      this.dataSource.query(`SELECT count(*)::int AS n ${ELIGIBLE} AND x.ordered = $2 AND ($3::text IS NULL OR b.agency = $3)`, [
        waveId,
        ordered,
        agency,
      ]),
    ]);
    const byAgency = agencies.map((row) => ({
      agency: row.agency,
      agencyId: row.agency_id,
      rostered: row.rostered,
      registered: row.registered,
      ordered: row.ordered,
      notOrdered: row.rostered - row.ordered,
      uptakeRate: row.rostered > 0 ? Math.round((row.ordered / row.rostered) * 10_000) / 10_000 : null,
    }));
    const sum = (field: 'rostered' | 'registered' | 'ordered') => byAgency.reduce((total, row) => total + row[field], 0);
    const totals = { rostered: sum('rostered'), registered: sum('registered'), ordered: sum('ordered') };
    return {
      wave: { id: wave.id, name: wave.name },
      totals: {
        ...totals,
        notOrdered: totals.rostered - totals.ordered,
        uptakeRate: totals.rostered > 0 ? Math.round((totals.ordered / totals.rostered) * 10_000) / 10_000 : null,
      },
      byAgency,
      /** Who did not order (ordered=true: who did), of one agency or all, a page at a time. */
      buyers: { agency, ordered, items: rows.map(directoryEntry), page, pageSize, total: count.n },
    };
  }
}
