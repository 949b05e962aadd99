import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { toWib } from '../common/time';
import { nextWaveTimes, normaliseRecurrenceRule } from './wave-recurrence';
import { Wave } from './wave.entity';
import { WavesRepository } from './waves.repository';
import { WavesService } from './waves.service';

/** Waves that repeat on a rule (Bandung's Serlok day): the rule lives on the wave, and each next wave is a copy of the last. */
@Injectable()
export class WaveRecurrenceService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly waves: WavesService,
    private readonly repository: WavesRepository,
  ) {}

  async setRule(waveId: string, rule: string | null): Promise<Wave> {
    await this.waves.get(waveId);
    await this.repository.setRecurrenceRule(this.dataSource.manager, waveId, rule === null ? null : normaliseRecurrenceRule(rule));
    return this.waves.get(waveId);
  }

  /**
   * The next wave of the series: a draft copy of `waveId` at the rule's next occurrence, carrying the
   * rule on. Asking twice gives the same wave: the source row is locked while the copy is made, and
   * a copy already at that opening is returned instead of a second one.
   */
  async createNext(waveId: string, name?: string): Promise<Wave> {
    return this.dataSource.transaction(async (manager) => {
      const source = await this.repository.lockForWrite(manager, waveId);
      if (!source) throw DomainError.notFound('Wave');
      if (!source.recurrenceRule) throw DomainError.validation('recurrenceRule', 'the wave has no recurrence rule: set one first');
      const times = nextWaveTimes(source.recurrenceRule, source, await this.repository.now(manager));
      if (!times) throw DomainError.invalidTransition('The recurrence rule has no further occurrence');
      const existing = await this.repository.copyOpeningAt(manager, source.id, times.opensAt);
      if (existing) return this.waves.get(existing.id);
      const next = await this.waves.copy(source.id, {
        name: name ?? source.name,
        opensAt: toWib(times.opensAt),
        closesAt: toWib(times.closesAt),
        paymentDeadline: toWib(times.paymentDeadline),
        handOutDate: times.handOutDate,
      });
      await this.repository.setRecurrenceRule(manager, next.id, source.recurrenceRule);
      return { ...next, recurrenceRule: source.recurrenceRule };
    });
  }
}
