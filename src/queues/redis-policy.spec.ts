import Redis from 'ioredis';
import { evictionWarning, readEvictionPolicy } from './redis-policy';

describe('readEvictionPolicy', () => {
  it('reads the policy of the real Redis the tests run against', async () => {
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    try {
      const { policy, ok } = await readEvictionPolicy(redis);
      const configured = (await redis.config('GET', 'maxmemory-policy'))[1];
      expect({ policy, ok }).toEqual({ policy: configured, ok: configured === 'noeviction' });
    } finally {
      redis.disconnect();
    }
  });

  it('flags any other policy, and falls back to INFO where CONFIG is disabled (managed Redis)', async () => {
    const managed = {
      config: () => Promise.reject(new Error("ERR unknown command 'CONFIG'")),
      info: () => Promise.resolve('# Memory\r\nused_memory:1000\r\nmaxmemory_policy:allkeys-lru\r\n'),
    };
    expect(await readEvictionPolicy(managed as never)).toEqual({ policy: 'allkeys-lru', ok: false });
    expect(evictionWarning('allkeys-lru')).toContain('must be "noeviction"');
  });
});
