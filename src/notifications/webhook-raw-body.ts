import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { keepRawBody } from '../delivery/raw-body';
import { WHATSAPP_WEBHOOK_PATH } from './notifications.controller';

/** The X-Hub-Signature-256 covers the exact bytes Meta sent: kept beside the parsed body. */
@Injectable()
export class WhatsAppWebhookRawBody implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance?.<FastifyInstance>();
    if (fastify) keepRawBody(fastify, WHATSAPP_WEBHOOK_PATH);
  }
}
