import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

const CACHE_MS = 5_000;

/**
 * Whether an account may still use its token. Asked on every authenticated request, so the answer
 * is kept for a few seconds; disabling a user clears it here at once and elsewhere within CACHE_MS.
 */
@Injectable()
export class UserStatusService {
  private readonly cache = new Map<string, { active: boolean; until: number }>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async isActive(userId: string): Promise<boolean> {
    const now = Date.now();
    const cached = this.cache.get(userId);
    if (cached && cached.until > now) return cached.active;
    const rows: { disabled_at: Date | null }[] = await this.dataSource.query('SELECT disabled_at FROM users WHERE id = $1', [userId]);
    const active = rows.length === 1 && rows[0].disabled_at === null;
    if (this.cache.size > 100_000) this.cache.clear();
    this.cache.set(userId, { active, until: now + CACHE_MS });
    return active;
  }

  forget(userId: string): void {
    this.cache.delete(userId);
  }
}
