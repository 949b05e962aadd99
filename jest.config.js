const fs = require('node:fs');
const path = require('node:path');

/**
 * Nest 12 and a number of its dependencies ship ESM only, and Jest on Node 20 cannot require ESM.
 * Those packages (every package.json with "type": "module") are compiled to CommonJS by SWC,
 * like our own sources; the rest of node_modules is left alone.
 */
function esmPackages(root = path.join(__dirname, 'node_modules')) {
  const found = new Set();
  const visit = (dir, name) => {
    try {
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
      if (manifest.type === 'module') found.add(name);
    } catch {
      /* not a package */
    }
  };
  for (const entry of fs.readdirSync(root)) {
    if (entry.startsWith('.')) continue;
    if (entry.startsWith('@')) {
      for (const scoped of fs.readdirSync(path.join(root, entry))) visit(path.join(root, entry, scoped), `${entry}/${scoped}`);
    } else {
      visit(path.join(root, entry), entry);
    }
  }
  return [...found].map((name) => name.replace(/[.+]/g, '\\$&'));
}

const transform = {
  '^.+\\.(t|j|mj|cj)s$': [
    '@swc/jest',
    {
      jsc: {
        target: 'es2022',
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        keepClassNames: true,
      },
      module: { type: 'commonjs' },
    },
  ],
};

const shared = {
  rootDir: '.',
  testEnvironment: 'node',
  transform,
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages().join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
};

/** Two projects: pure logic beside the code (no database), and the service end to end. `npm test` runs both. */
module.exports = {
  maxWorkers: 2,
  testTimeout: 60000,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/payments-sim/**/*.spec.js'] },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
    },
  ],
};
