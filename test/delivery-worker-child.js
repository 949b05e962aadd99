/**
 * A worker process for the delivery tests: runs src/worker.ts exactly as dist/worker.js would, with
 * the TypeScript compiled on the fly by SWC (so the test needs no build). Prints one line when ready.
 */
const fs = require('node:fs');
const { transformSync } = require('@swc/core');

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};

const { validateEnvironment } = require('../src/config/environment.ts');

require('../src/worker.ts')
  .startWorker(validateEnvironment(process.env))
  .then(() => process.stdout.write(`${JSON.stringify({ event: 'worker-ready', pid: process.pid })}\n`))
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
