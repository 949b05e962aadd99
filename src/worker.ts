import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { Environment, validateEnvironment } from './config/environment';
import { WorkerModule } from './worker.module';

/**
 * Second entry point: a worker process that consumes the BullMQ queues (courier bookings). Same
 * codebase and configuration as the API, no HTTP. Run several for more throughput. SIGTERM stops
 * taking jobs and lets the running ones finish (up to WORKER_SHUTDOWN_TIMEOUT_MS).
 */
export async function startWorker(env: Environment): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(env), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await app.init();
  return app;
}

if (require.main === module) {
  startWorker(validateEnvironment(process.env)).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
