import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

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
}
