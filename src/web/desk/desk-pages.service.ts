import { Injectable } from '@nestjs/common';
import { DomainError } from '../../common/domain-error';
import { DeskRepository, PointWave } from '../../desk/desk.repository';

export type { PointWave } from '../../desk/desk.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What the desk pages read that no domain service answers as they need it: the waves serving a point. */
@Injectable()
export class DeskPagesService {
  constructor(private readonly desk: DeskRepository) {}

  /** The point's waves that an officer works (published, not cancelled), the latest hand-out first. */
  wavesOf(pointId: string): Promise<PointWave[]> {
    return this.desk.wavesServing(pointId);
  }

  /**
   * The wave a desk page is for: the one named by `?gelombang=` (404 when it does not serve the
   * point), else the latest; null when no wave serves the point yet.
   */
  async waveOf(pointId: string, waveParam?: string): Promise<{ wave: PointWave | null; waves: PointWave[] }> {
    const waves = await this.wavesOf(pointId);
    if (!waveParam) return { wave: waves[0] ?? null, waves };
    const wave = UUID.test(waveParam) ? waves.find((w) => w.id === waveParam) : undefined;
    if (!wave) throw DomainError.notFound('Wave');
    return { wave, waves };
  }

  /** The other points serving the wave, where surplus packs may be moved. */
  otherPointsOf(waveId: string, pointId: string): Promise<{ id: string; name: string }[]> {
    return this.desk.otherPointsOf(waveId, pointId);
  }

  /** The point's name and address for the page headings (the caller has checked the scope). */
  async point(pointId: string): Promise<{ id: string; name: string; address: string }> {
    const point = await this.desk.point(pointId);
    if (!point) throw DomainError.notFound('Dropping point');
    return point;
  }
}
