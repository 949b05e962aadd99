import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Packs per size and dropping point behind the live wave summary; sharded like WavePointTally. */
@Entity('wave_pack_tallies')
@Index(['waveId'])
@Check('chk_wave_pack_tallies_non_negative', '"packs" >= 0')
export class WavePackTally {
  @PrimaryColumn({ type: 'uuid' })
  wavePackId: string;

  @PrimaryColumn({ type: 'uuid' })
  droppingPointId: string;

  @PrimaryColumn({ type: 'smallint' })
  shard: number;

  @Column({ type: 'uuid' })
  waveId: string;

  @Column({ type: 'integer', default: 0 })
  packs: number;
}
