import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { AppModule } from './app.module';
import { depthProblem, limitBodies, ROSTER_BODY_LIMIT_BYTES } from './common/body-limits';
import { createValidationPipe } from './common/validation';
import { Environment } from './config/environment';
import { setUpWeb } from './web/web-setup';

const REQUEST_ID = /^[\w.-]{1,64}$/;

/** Builds the HTTP application exactly as production runs it; tests use the same function with their own settings. */
export async function createApp(env: Environment): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    // The most any route takes; limitBodies gives each route its own, smaller as a rule.
    bodyLimit: ROSTER_BODY_LIMIT_BYTES,
    trustProxy: trustProxy(env.TRUST_PROXY),
    requestIdHeader: false,
    genReqId: (request: IncomingMessage) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(env), adapter, { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  const fastify = app.getHttpAdapter().getInstance();
  // An action like POST /waves/:id/publish carries no body; clients still often send the JSON header.
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) =>
    body === '' ? done(null, undefined) : parseJson(request, String(body), (error, value) => done(error ?? tooDeep(value), value)),
  );
  limitBodies(fastify);
  fastify.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  fastify.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  await setUpWeb(app);
  setUpOpenApi(app);
  return app;
}

/** A body nested too deeply is refused before class-transformer walks it (400 naming the body). */
function tooDeep(value: unknown): Error | null {
  const problem = depthProblem(value);
  return problem ? Object.assign(new Error(problem), { statusCode: 400 }) : null;
}

function trustProxy(setting: string): boolean | string {
  return setting === 'true' || setting === 'false' ? setting === 'true' : setting;
}

function setUpOpenApi(app: NestFastifyApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Gelombang')
    .setDescription('Cooperative staple pre-orders in timed waves for civil servants. Times are shown in WIB (+07:00).')
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
