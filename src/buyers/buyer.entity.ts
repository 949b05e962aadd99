import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, OneToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { DroppingPoint } from '../dropping-points/dropping-point.entity';
import { User } from '../users/user.entity';

export enum EmployeeKind {
  Pns = 'PNS',
  Pppk = 'PPPK',
}

/** A civil servant (ASN) who pre-orders; logs in with their NIP. */
@Entity('buyers')
@Check('chk_buyers_nip_digits', '"nip" ~ \'^[0-9]{18}$\'')
export class Buyer {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', unique: true })
  userId: string;

  @OneToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn()
  user?: Relation<User>;

  @Column({ type: 'char', length: 18, unique: true })
  nip: string;

  @Column({ type: 'enum', enum: EmployeeKind, enumName: 'employee_kind', default: EmployeeKind.Pns })
  kind: EmployeeKind;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** The instansi: ministry, agency or regional body. */
  @Column({ type: 'varchar', length: 200 })
  agency: string;

  @Column({ type: 'varchar', length: 32 })
  phone: string;

  @Column({ type: 'uuid', nullable: true })
  defaultDroppingPointId: string | null;

  @ManyToOne(() => DroppingPoint, { onDelete: 'SET NULL' })
  @JoinColumn()
  defaultDroppingPoint?: Relation<DroppingPoint>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
