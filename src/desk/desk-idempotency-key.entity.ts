import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn, Relation } from 'typeorm';
import { User } from '../users/user.entity';

/**
 * A desk action done under an Idempotency-Key (payment, hand-over, goods receipt), written in the
 * action's own transaction: a retry with the same key and body gets `response` again instead of
 * a second action. Keys are per user, as order keys are per buyer.
 */
@Entity('desk_idempotency_keys')
export class DeskIdempotencyKey {
  @PrimaryColumn({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn()
  user?: Relation<User>;

  @PrimaryColumn({ type: 'varchar', length: 128 })
  key: string;

  @Column({ type: 'varchar', length: 32 })
  action: string;

  @Column({ type: 'char', length: 64 })
  requestHash: string;

  /** The answer the first request got (null only inside the action's transaction). */
  @Column({ type: 'jsonb', nullable: true })
  response: unknown;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
