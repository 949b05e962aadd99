import type Redis from 'ioredis';

export interface EvictionPolicy {
  policy: string;
  ok: boolean;
}

/**
 * BullMQ needs Redis never to evict keys: an evicted job or lock is lost work. Reads the policy with
 * CONFIG GET, or from INFO where CONFIG is disabled (managed Redis).
 */
export async function readEvictionPolicy(redis: Pick<Redis, 'config' | 'info'>): Promise<EvictionPolicy> {
  let policy: string | undefined;
  try {
    const answer = await redis.config('GET', 'maxmemory-policy');
    policy = answer?.[1];
  } catch {
    policy = undefined;
  }
  if (!policy) {
    const info = await redis.info('memory');
    policy = /^maxmemory_policy:(\S+)/m.exec(info)?.[1] ?? 'unknown';
  }
  return { policy, ok: policy === 'noeviction' };
}

export function evictionWarning(policy: string): string {
  return [
    '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
    `!!! Redis maxmemory-policy is "${policy}", it must be "noeviction".`,
    '!!! Under memory pressure Redis would silently drop queued jobs and locks.',
    '!!! Set `maxmemory-policy noeviction` (and `appendonly yes`) in redis.conf.',
    '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
  ].join('\n');
}
