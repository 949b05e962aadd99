import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user';
import { BuyerDirectoryService } from '../buyers/buyer-directory.service';
import { pageOf, UptakeQuery } from '../buyers/dto/directory.query';
import { WavesService } from '../waves/waves.service';
import { ReportsRepository } from './reports.repository';

/**
 * Uptake of a wave per agency: how many civil servants it was for, how many registered, how many
 * ordered; and, a page at a time, who did not order (or who did).
 */
@Injectable()
export class UptakeService {
  constructor(
    private readonly repository: ReportsRepository,
    private readonly waves: WavesService,
    private readonly directory: BuyerDirectoryService,
  ) {}

  async forWave(waveId: string, user: AuthUser, query: UptakeQuery) {
    const wave = await this.waves.get(waveId, user);
    const agency = query.agencyId ? await this.directory.agencyNamed(query.agencyId) : null;
    const ordered = query.ordered ?? false;
    const { page, pageSize, offset } = pageOf(query);
    const [agencies, buyers, listed] = await Promise.all([
      this.repository.uptakeByAgency(waveId),
      this.repository.uptakeBuyers(waveId, { ordered, agency, limit: pageSize, offset }),
      this.repository.countUptakeBuyers(waveId, { ordered, agency }),
    ]);
    const byAgency = agencies.map((row) => ({
      agency: row.agency,
      agencyId: row.agencyId,
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
      buyers: { agency, ordered, items: buyers, page, pageSize, total: listed },
    };
  }
}
