import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, DeepPartial } from 'typeorm';
import { DroppingPoint } from './dropping-point.entity';

@Injectable()
export class DroppingPointsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  add(point: DeepPartial<DroppingPoint>): Promise<DroppingPoint> {
    const points = this.dataSource.getRepository(DroppingPoint);
    return points.save(points.create(point));
  }

  list(): Promise<DroppingPoint[]> {
    return this.dataSource.getRepository(DroppingPoint).find({ order: { name: 'ASC' } });
  }
}
