import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

const REFRESH_MS = 5_000;

/**
 * Whether an account may still use its token. Asked on every authenticated request, including the
 * order rush, so it answers from the (small) set of disabled accounts held in memory instead of a
 * query per request. This instance sees a disabling at once; other instances within REFRESH_MS.
 */
@Injectable()
export class UserStatusService {
  private disabled = new Set<string>();
  private refreshedAt = 0;
  private refreshing: Promise<void> | null = null;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async isActive(userId: string): Promise<boolean> {
    if (Date.now() - this.refreshedAt > REFRESH_MS) await this.refresh();
    return !this.disabled.has(userId);
  }

  /** Called by the instance that disabled or enabled the account. */
  changed(userId: string, disabled: boolean): void {
    if (disabled) this.disabled.add(userId);
    else this.disabled.delete(userId);
  }

  private refresh(): Promise<void> {
    this.refreshing ??= this.dataSource
      .query('SELECT id FROM users WHERE disabled_at IS NOT NULL')
      .then((rows: { id: string }[]) => {
        this.disabled = new Set(rows.map((row) => row.id));
        this.refreshedAt = Date.now();
      })
      .finally(() => (this.refreshing = null));
    return this.refreshing;
  }
}
