import { createHash } from 'node:crypto';

/** What the page helpers need from the environment, set once by setUpWeb before the first request. */
export interface WebConfig {
  /** Key of the CSRF tokens, derived from JWT_SECRET (so several instances agree without another secret). */
  csrfKey: Buffer;
  /** Cookies only over HTTPS: in production. */
  secureCookies: boolean;
}

let config: WebConfig | null = null;

export function configureWeb(jwtSecret: string, production: boolean): void {
  config = { csrfKey: createHash('sha256').update(`gelombang-csrf|${jwtSecret}`).digest(), secureCookies: production };
}

export function webConfig(): WebConfig {
  if (!config) throw new Error('setUpWeb() has not run');
  return config;
}
