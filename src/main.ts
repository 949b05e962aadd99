import 'reflect-metadata';
import cluster from 'node:cluster';
import { createApp } from './bootstrap';
import { publicSecretsInUse, validateEnvironment } from './config/environment';

/**
 * Starts the API. With WEB_CONCURRENCY > 1 a primary process forks that many API processes sharing
 * the port (node:cluster), so one machine's cores all serve requests; everything that runs in the
 * background (wave transitions, sweeps, the outbox relay) is safe with several instances.
 */
async function main(): Promise<void> {
  const env = validateEnvironment(process.env);
  const published = publicSecretsInUse(env, process.env);
  if (published.length > 0) {
    throw new Error(
      `${published.join(', ')} still hold the development values published in the source; set them, listen on loopback (HOST=127.0.0.1), or set NODE_ENV=development explicitly`,
    );
  }
  if (env.WEB_CONCURRENCY > 1 && cluster.isPrimary) {
    forkWorkers(env.WEB_CONCURRENCY);
    return;
  }
  const app = await createApp(env);
  await app.listen({ port: env.PORT, host: env.HOST });
}

function forkWorkers(count: number): void {
  let stopping = false;
  for (let i = 0; i < count; i++) cluster.fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    console.error(`API process ${worker.process.pid} ended (${signal ?? code}); starting another`);
    cluster.fork();
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
      cluster.on('exit', () => Object.keys(cluster.workers ?? {}).length === 0 && process.exit(0));
    });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
