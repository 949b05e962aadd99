import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { AdvisoryLock } from './advisory-locks';

/** Applies pending migrations; several instances starting at once take turns instead of racing. */
export async function runMigrations(dataSource: DataSource): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [AdvisoryLock.Migrations]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (applied.length > 0) {
      new Logger('Migrations').log(`Applied ${applied.map((m) => m.name).join(', ')}`);
    }
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [AdvisoryLock.Migrations]).catch(() => undefined);
    await runner.release();
  }
}
