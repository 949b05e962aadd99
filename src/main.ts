import 'reflect-metadata';
import { createApp } from './bootstrap';
import { Environment } from './config/environment';

async function main(): Promise<void> {
  const app = await createApp();
  const env = app.get(Environment);
  await app.listen({ port: env.PORT, host: '0.0.0.0' });
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
