import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { createApp } from '../../src/bootstrap';
import { Environment, validateEnvironment } from '../../src/config/environment';

const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const ADMIN = { username: 'admin', password: 'admin-password-for-tests' };

export interface TestContext {
  databaseUrl: string;
  redisPrefix: string;
  /** The settings this test added to the machine's environment (for processes it starts). */
  env: Record<string, string>;
  /** The validated settings every instance of this test runs with. */
  config: Environment;
  apps: NestFastifyApplication[];
  http: ReturnType<typeof request>;
  /** Starts one more instance of the service against the same database and Redis prefix. */
  startInstance(): Promise<NestFastifyApplication>;
  close(): Promise<void>;
}

async function admin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh database (created by the service itself, as on a new machine) and a Redis key prefix
 * of its own for each test file, so parallel test workers never meet.
 */
export async function startTestContext(env: Record<string, string> = {}): Promise<TestContext> {
  const suffix = `${process.pid}_${randomBytes(4).toString('hex')}`;
  const url = new URL(ADMIN_URL);
  url.pathname = `/gelombang_test_${suffix}`;
  const databaseUrl = url.toString();
  const redisPrefix = `gelombang-test:${suffix}`;
  const testEnv: Record<string, string> = {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '10',
    REDIS_PREFIX: redisPrefix,
    JWT_SECRET: 'test-secret-at-least-sixteen-chars',
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    PASSWORD_HASH_MEMORY_KIB: '1024',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    WAVE_SWEEP_SECONDS: '1',
    ...env,
  };
  // The test's settings are validated once and handed to each instance; process.env is left alone.
  const config = validateEnvironment({ ...process.env, ...testEnv });
  const apps: NestFastifyApplication[] = [];
  const startInstance = async () => {
    const app = await createApp(config);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    apps.push(app);
    return app;
  };
  const first = await startInstance();
  return {
    databaseUrl,
    redisPrefix,
    env: testEnv,
    config,
    apps,
    http: request(first.getHttpServer()),
    startInstance,
    async close() {
      for (const app of apps) await app.close();
      await admin((client) => client.query(`DROP DATABASE IF EXISTS "gelombang_test_${suffix}" WITH (FORCE)`));
    },
  };
}

/** Runs SQL against the test database, for assertions the API does not expose. */
export async function sql<T = Record<string, unknown>>(databaseUrl: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}
