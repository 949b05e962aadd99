import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { Readable } from 'node:stream';

/** The webhook signature covers the exact bytes sent, so they are kept beside the parsed body. */
const MAX_RAW_BYTES = 256 * 1024;

/** Keeps the raw body of requests to `path` as request.rawBody (a string), and hands the same bytes on to the JSON parser. */
export function keepRawBody(fastify: FastifyInstance, path: string): void {
  fastify.addHook('preParsing', async (request, _reply, payload) => {
    if (request.url.split('?')[0] !== path) return payload;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of payload) {
      size += (chunk as Buffer).length;
      if (size > MAX_RAW_BYTES) throw Object.assign(new Error('Request body is too large'), { statusCode: 413 });
      chunks.push(chunk as Buffer);
    }
    const raw = Buffer.concat(chunks);
    (request as { rawBody?: string }).rawBody = raw.toString('utf8');
    return Readable.from([raw]);
  });
}

/** Installs the raw-body capture for the courier webhook on the API's Fastify instance. */
@Injectable()
export class WebhookRawBody implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance?.<FastifyInstance>();
    if (fastify) keepRawBody(fastify, '/courier/webhook');
  }
}
