import { Client } from 'pg';
import Redis from 'ioredis';

/** Fails fast with a clear message when PostgreSQL or Redis is not there (CI starts both first). */
export default async function globalSetup(): Promise<void> {
  const pg = new Client({ connectionString: process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' });
  await pg.connect().catch((error) => {
    throw new Error(`PostgreSQL is not reachable for the tests: ${(error as Error).message}`);
  });
  await pg.end();
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect().catch((error) => {
    throw new Error(`Redis is not reachable for the tests: ${(error as Error).message}`);
  });
  await redis.quit();
}
