import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { validateEnvironment } from '../src/config/environment';

interface Service {
  image?: string;
  build?: string;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}

/** No Docker engine runs here, so the compose file is checked the way `docker compose config` would read it. */
describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(join(__dirname, '..', 'docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<string, Service>;
  };
  const services = compose.services;

  it('brings up PostgreSQL, Redis, the API, a worker, the courier simulator and the seed', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'courier-sim', 'postgres', 'redis', 'seed', 'worker']);
  });

  it('waits on health checks, and every dependency exists', () => {
    for (const name of ['postgres', 'redis', 'api']) expect(services[name].healthcheck?.test.length).toBeGreaterThan(0);
    for (const service of Object.values(services)) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect(services[dependency]).toBeDefined();
        expect(condition).toBe('service_healthy');
      }
    }
  });

  it('runs Redis as BullMQ needs it: append-only and noeviction', () => {
    expect(services.redis.command).toEqual(expect.arrayContaining(['--appendonly', 'yes', '--maxmemory-policy', 'noeviction']));
  });

  it('gives the API and the worker a configuration that passes validation in production', () => {
    for (const name of ['api', 'worker', 'seed']) {
      const env = Object.fromEntries(
        Object.entries(services[name].environment ?? {}).map(([key, value]) => [
          key,
          String(value).replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1'),
        ]),
      );
      expect(() => validateEnvironment(env)).not.toThrow();
      expect(env.NODE_ENV).toBe('production');
    }
  });
});
