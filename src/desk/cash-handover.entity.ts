import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { bigintToNumber } from '../common/column-transformers';
import { User } from '../users/user.entity';
import { Wave } from '../waves/wave.entity';

export enum CashRecipient {
  Treasurer = 'TREASURER',
  Cooperative = 'COOPERATIVE',
}

/**
 * Cash an officer handed over (to the programme treasurer or the cooperative) for a wave. It
 * leaves the officer's custody when recorded; an administrator other than the officer confirms
 * that it arrived.
 */
@Entity('cash_handovers')
@Index(['waveId', 'officerId'])
@Check('chk_cash_handovers_amount_positive', '"amount_rp" > 0')
@Check('chk_cash_handovers_confirmation', '("confirmed_at" IS NULL) = ("confirmed_by_id" IS NULL)')
@Check('chk_cash_handovers_not_self_confirmed', '"confirmed_by_id" IS NULL OR "confirmed_by_id" <> "officer_id"')
export class CashHandover {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  waveId: string;

  @ManyToOne(() => Wave, { onDelete: 'RESTRICT' })
  @JoinColumn()
  wave?: Relation<Wave>;

  @Column({ type: 'uuid' })
  officerId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn()
  officer?: Relation<User>;

  @Column({ type: 'bigint', transformer: bigintToNumber })
  amountRp: number;

  @Column({ type: 'enum', enum: CashRecipient, enumName: 'cash_recipient' })
  recipient: CashRecipient;

  /** The person who took the cash, e.g. the treasurer's name. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  recipientName: string | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  recordedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  confirmedById: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn()
  confirmedBy?: Relation<User>;
}
