import { Check, Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintToNumber } from '../common/column-transformers';

/**
 * Running totals behind the live wave summary, kept in the order's own transaction. Sharded like
 * the capacity (each order adds to a random shard) so the totals are no hot row either; the
 * summary sums a few hundred rows instead of scanning a million orders.
 */
@Entity('wave_point_tallies')
@Check('chk_wave_point_tallies_non_negative', '"orders_count" >= 0 AND "kg" >= 0 AND "value_rp" >= 0')
export class WavePointTally {
  @PrimaryColumn({ type: 'uuid' })
  waveId: string;

  @PrimaryColumn({ type: 'uuid' })
  droppingPointId: string;

  @PrimaryColumn({ type: 'smallint' })
  shard: number;

  @Column({ type: 'integer', default: 0 })
  ordersCount: number;

  @Column({ type: 'bigint', default: 0, transformer: bigintToNumber })
  kg: number;

  @Column({ type: 'bigint', default: 0, transformer: bigintToNumber })
  valueRp: number;
}
