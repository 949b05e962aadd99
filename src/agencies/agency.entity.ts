import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An instansi on the list the administrator keeps: its full name and the short name people type
 * ("Kemenkop UKM", "Bappenas"). Buyers, rosters and waves name agencies by the full name; what
 * they type is matched to it, case-insensitively, by name or short name.
 */
@Entity('agencies')
export class Agency {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200, unique: true })
  name: string;

  @Column({ type: 'varchar', length: 50, nullable: true, unique: true })
  shortName: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
