/** Nest 12 and a few of its neighbours ship ESM only; Jest on Node 20 cannot require ESM,
 * so those packages are compiled to CommonJS by SWC like our own sources. */
const esmPackages = ['@nestjs', 'uid', 'csv-stringify', 'csv-parse', 'file-type', 'token-types', 'strtok3', 'peek-readable', '@tokenizer', 'uint8array-extras'];

module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  transform: {
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
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  maxWorkers: 2,
  testTimeout: 60000,
};
