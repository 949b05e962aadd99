import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { User } from '../users/user.entity';
import { DeliveryTrip } from './delivery-trip.entity';

/**
 * The courier's booking of a trip. One booking per trip (unique trip_id), and a courier's booking
 * belongs to one trip (unique courier + external id): a job that runs twice cannot leave two.
 */
@Entity('courier_bookings')
@Index('uq_courier_bookings_one_per_trip', ['tripId'], { unique: true })
@Index('uq_courier_bookings_external_id', ['courier', 'externalId'], { unique: true })
@Check('chk_courier_bookings_fee', '"fee_rp" >= 0')
export class CourierBooking {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  tripId: string;

  @ManyToOne(() => DeliveryTrip, { onDelete: 'RESTRICT' })
  @JoinColumn()
  trip?: Relation<DeliveryTrip>;

  @Column({ type: 'varchar', length: 32 })
  courier: string;

  /** The courier's booking id. */
  @Column({ type: 'varchar', length: 100 })
  externalId: string;

  /** What the courier saw as Idempotency-Key (the trip id); null for a booking an officer recorded. */
  @Column({ type: 'varchar', length: 128, nullable: true })
  idempotencyKey: string | null;

  @Column({ type: 'integer' })
  feeRp: number;

  @Column({ type: 'text', nullable: true })
  trackingUrl: string | null;

  /** The officer who recorded a manual booking. */
  @Column({ type: 'uuid', nullable: true })
  recordedById: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn()
  recordedBy?: Relation<User>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
