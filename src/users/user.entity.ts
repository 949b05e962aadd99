import { Column, CreateDateColumn, Entity, JoinColumn, JoinTable, ManyToMany, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { Cooperative } from '../cooperatives/cooperative.entity';
import { DroppingPoint } from '../dropping-points/dropping-point.entity';
import { Role } from './role.enum';

@Entity('users')
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  username: string;

  /** argon2id; null for a buyer imported from a roster who has not claimed the account yet. */
  @Column({ type: 'varchar', length: 255, nullable: true, select: false })
  passwordHash: string | null;

  @Column({ type: 'enum', enum: Role, enumName: 'user_role' })
  role: Role;

  @Column({ type: 'uuid', nullable: true })
  cooperativeId: string | null;

  @ManyToOne(() => Cooperative, { onDelete: 'RESTRICT' })
  @JoinColumn()
  cooperative?: Relation<Cooperative>;

  /** The dropping points an officer works at; their desk is scoped to these. */
  @ManyToMany(() => DroppingPoint)
  @JoinTable({ name: 'officer_dropping_points', joinColumn: { name: 'user_id' }, inverseJoinColumn: { name: 'dropping_point_id' } })
  droppingPoints?: Relation<DroppingPoint[]>;

  @Column({ type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  /** When an administrator last reset the password: tokens issued before it no longer authenticate. */
  @Column({ type: 'timestamptz', nullable: true, select: false })
  credentialsChangedAt?: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
