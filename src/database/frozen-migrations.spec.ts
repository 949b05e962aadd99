import { existsSync } from 'node:fs';
import { join } from 'node:path';
import frozen from './migrations/frozen.json';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { frozenFiles, hashOf } = require('../../scripts/freeze-migrations.js') as {
  frozenFiles: () => string[];
  hashOf: (file: string) => string;
};

const list = frozen as Record<string, string>;

/** A database that ran a migration keeps what it ran: changing the file afterwards changes nothing there. */
describe('committed migrations are frozen', () => {
  it.each(Object.keys(list))('%s is unchanged', (file) => {
    expect(existsSync(join(__dirname, '../..', file))).toBe(true);
    expect(hashOf(file)).toBe(list[file]);
  });

  it('every migration and versioned SQL file is frozen (npm run migration:freeze adds new ones)', () => {
    expect(frozenFiles().filter((file) => !(file in list))).toEqual([]);
  });
});
