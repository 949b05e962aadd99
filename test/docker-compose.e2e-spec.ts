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

  it('brings up PostgreSQL, Redis, the API, a worker, the courier and messaging simulators and the seed', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'courier-sim', 'messaging-sim', 'postgres', 'redis', 'seed', 'worker']);
  });

  it('points WhatsApp and SMS at the messaging simulator with the secrets it checks, and the simulator back at the API', () => {
    const sim = services['messaging-sim'];
    expect(sim.command).toEqual(['node', 'messaging-sim/server.js']);
    expect(sim.environment?.SIM_WEBHOOK_URL).toBe('http://api:3000/notifications/whatsapp/webhook');
    for (const name of ['api', 'worker']) {
      const env = services[name].environment ?? {};
      expect(env).toMatchObject({ WHATSAPP_DRIVER: 'sim', SMS_DRIVER: 'sim' });
      expect(env.WHATSAPP_API_URL).toBe(`http://messaging-sim:${sim.environment?.SIM_PORT}`);
      expect(env.SMS_API_URL).toBe(env.WHATSAPP_API_URL);
      for (const secret of ['WHATSAPP_TOKEN', 'WHATSAPP_APP_SECRET', 'WHATSAPP_VERIFY_TOKEN', 'SMS_API_KEY']) {
        expect(env[secret]).toBe(sim.environment?.[secret]);
      }
    }
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
