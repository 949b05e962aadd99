import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The text of a versioned SQL file that lives in its module (src/<module>/sql/<name>.<version>.sql),
 * for the migration that installs that version. The build copies these files into dist beside the code.
 */
export function moduleSql(module: string, file: string): string {
  return readFileSync(join(__dirname, '..', module, 'sql', file), 'utf8');
}
