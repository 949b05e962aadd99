import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '../../common/domain-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface PointWave {
  id: string;
  name: string;
  status: string;
  hand_out_date: string;
}

/** What the desk pages read that no domain service answers as they need it: the waves serving a point. */
@Injectable()
export class DeskPagesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The point's waves that an officer works (published, not cancelled), the latest hand-out first. */
  wavesOf(pointId: string): Promise<PointWave[]> {
    return this.dataSource.query(
      `SELECT w.id, w.name, w.status, w.hand_out_date::text AS hand_out_date
         FROM waves w JOIN wave_dropping_points wdp ON wdp.wave_id = w.id
        WHERE wdp.dropping_point_id = $1 AND w.status NOT IN ('draft', 'cancelled')
        ORDER BY w.hand_out_date DESC, w.opens_at DESC`,
      [pointId],
    );
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
    return this.dataSource.query(
      `SELECT dp.id, dp.name FROM wave_dropping_points wdp JOIN dropping_points dp ON dp.id = wdp.dropping_point_id
        WHERE wdp.wave_id = $1 AND dp.id <> $2 ORDER BY dp.name`,
      [waveId, pointId],
    );
  }

  /** The point's name and address for the page headings (the caller has checked the scope). */
  async point(pointId: string): Promise<{ id: string; name: string; address: string }> {
    const rows: { id: string; name: string; address: string }[] = await this.dataSource.query(
      'SELECT id, name, address FROM dropping_points WHERE id = $1',
      [pointId],
    );
    if (rows.length === 0) throw DomainError.notFound('Dropping point');
    return rows[0];
  }
}
