import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The static files of src/web/public, served under this prefix. */
export const ASSET_PREFIX = '/aset/';
export const PUBLIC_DIR = join(__dirname, 'public');

/**
 * Each file's URL carries a hash of its content, so it can be cached for a year and a new version
 * is still fetched at once (a phone on mobile data fetches the CSS and scripts once).
 */
function versions(): Map<string, string> {
  const found = new Map<string, string>();
  for (const name of readdirSync(PUBLIC_DIR)) {
    found.set(
      name,
      createHash('sha256')
        .update(readFileSync(join(PUBLIC_DIR, name)))
        .digest('hex')
        .slice(0, 10),
    );
  }
  return found;
}

let known: Map<string, string> | null = null;

export function assetUrl(name: string): string {
  known ??= versions();
  const version = known.get(name);
  if (!version) throw new Error(`No asset ${name} in ${PUBLIC_DIR}`);
  return `${ASSET_PREFIX}${name}?v=${version}`;
}
