/** The Redis key a throttler counts under, inside the deployment's REDIS_PREFIX. */
export function rateLimitKey(prefix: string, throttlerName: string, tracker: string): string {
  return `${prefix}:rate-limit:${throttlerName}:${tracker}`;
}
