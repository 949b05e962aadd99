import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { VoucherBatch } from './voucher-batch.entity';

/** One voucher code: unique across every batch; assigned to a named civil servant (by NIP) or to whoever holds it. */
@Entity('vouchers')
@Index(['batchId'])
@Index(['assignedNip'])
@Check('chk_vouchers_code_format', `"code" ~ '^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$'`)
export class Voucher {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  batchId: string;

  @ManyToOne(() => VoucherBatch, { onDelete: 'RESTRICT' })
  @JoinColumn()
  batch?: Relation<VoucherBatch>;

  @Index('uq_vouchers_code', { unique: true })
  @Column({ type: 'varchar', length: 14 })
  code: string;

  /** A voucher handed to a named civil servant: only this NIP may spend it. */
  @Column({ type: 'char', length: 18, nullable: true })
  assignedNip: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  assignedName: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
