import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import view from '@fastify/view';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Eta } from 'eta';
import { Environment, NodeEnv } from '../config/environment';
import { ASSET_PREFIX, PUBLIC_DIR } from './assets';
import { configureWeb } from './web-config';

/** A page form is small; the JSON API keeps its own (larger) body limit. */
const FORM_BODY_LIMIT = 64 * 1024;
const YEAR_SECONDS = 365 * 24 * 3600;

/**
 * The Fastify side of the web pages, registered before Nest adds its routes: cookies, form bodies,
 * the Eta view engine over the templates of src/web, compression of pages and assets (not of the
 * JSON API, whose answers stay as they were), helmet for pages, and the static assets.
 */
export async function setUpWeb(app: NestFastifyApplication): Promise<void> {
  const env = app.get(Environment);
  const production = env.NODE_ENV === NodeEnv.Production;
  configureWeb(env.JWT_SECRET, production);
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: FORM_BODY_LIMIT });
  await app.register(compress, {
    threshold: 512,
    encodings: ['br', 'gzip'],
    customTypes: /^(text\/(html|css|javascript)|application\/javascript|image\/svg\+xml)/,
  });
  await app.register(helmet, {
    global: false,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
    },
    strictTransportSecurity: production ? { maxAge: YEAR_SECONDS } : false,
  });
  await app.register(view, {
    engine: { eta: new Eta() },
    templates: __dirname,
    // Templates are compiled once and kept, except while developing (edits show on reload).
    production: env.NODE_ENV !== NodeEnv.Development,
  });
  await app.register(fastifyStatic, {
    root: PUBLIC_DIR,
    prefix: ASSET_PREFIX,
    decorateReply: false,
    immutable: true,
    maxAge: YEAR_SECONDS * 1000,
  });
}
