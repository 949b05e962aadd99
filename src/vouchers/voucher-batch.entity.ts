import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { bigintToNumber } from '../common/column-transformers';
import { User } from '../users/user.entity';

export enum VoucherEligibility {
  /** Whoever holds the code (bought or handed out). */
  Anyone = 'anyone',
  /** Civil servants of one agency (instansi), matched by name in any case. */
  Agency = 'agency',
  /** The civil servants whose NIPs are listed. */
  Nips = 'nips',
}

/**
 * One issue of programme vouchers: a face value in whole rupiah, a validity, and who may use
 * them. Its codes are `vouchers`; a code assigned to a named civil servant is theirs only.
 */
@Entity('voucher_batches')
@Check('chk_voucher_batches_face_value_positive', '"face_value_rp" > 0')
@Check('chk_voucher_batches_validity', '"valid_until" > "valid_from"')
@Check('chk_voucher_batches_agency', `("eligibility" = 'agency') = ("agency" IS NOT NULL)`)
@Check('chk_voucher_batches_nips', `("eligibility" = 'nips') = ("nips" IS NOT NULL)`)
export class VoucherBatch {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The programme the vouchers belong to, e.g. "Voucher ASN Gelombang II". */
  @Column({ type: 'varchar', length: 200 })
  programme: string;

  @Column({ type: 'bigint', transformer: bigintToNumber })
  faceValueRp: number;

  @Column({ type: 'timestamptz' })
  validFrom: Date;

  @Column({ type: 'timestamptz' })
  validUntil: Date;

  @Column({ type: 'enum', enum: VoucherEligibility, enumName: 'voucher_eligibility' })
  eligibility: VoucherEligibility;

  @Column({ type: 'varchar', length: 200, nullable: true })
  agency: string | null;

  @Column({ type: 'char', length: 18, array: true, nullable: true })
  nips: string[] | null;

  @Column({ type: 'uuid' })
  createdById: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn()
  createdBy?: Relation<User>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
