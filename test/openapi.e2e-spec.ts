import { HttpStatus, RequestMethod } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { startTestContext, TestContext } from './support/test-app';

/** Where @ApiExcludeController() (the web pages) leaves its mark; @nestjs/swagger does not export its constants. */
const API_EXCLUDE_CONTROLLER = 'swagger/apiExcludeController';

interface Schema {
  $ref?: string;
  type?: string;
  items?: Schema;
  properties?: Record<string, Schema>;
}

interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

/**
 * The routes that answer something other than JSON, and in what: files, the live wave room's event
 * stream and the WhatsApp handshake.
 * Every other route answers JSON described by a class, or nothing (204).
 */
const NOT_JSON: Record<string, string> = {
  'GET /dropping-points/{id}/pickup-list.csv': 'text/csv',
  'GET /dropping-points/{id}/pickup-list.html': 'text/html',
  'GET /orders/{id}/qr.png': 'image/png',
  'GET /orders/{id}/qris.png': 'image/png',
  'GET /purchase-orders/{id}.csv': 'text/csv',
  'GET /purchase-orders/{id}.pdf': 'application/pdf',
  'GET /reports/waves.csv': 'text/csv',
  'GET /reports/waves/{id}.csv': 'text/csv',
  'GET /voucher-batches/{id}/codes.csv': 'text/csv',
  'GET /notifications/whatsapp/webhook': 'text/plain',
  'GET /admin/gelombang/{id}/live': 'text/event-stream',
};

/** A schema a client can generate a type from: a class, a list of a class, or a typed inline schema. */
function typed(schema: Schema | undefined): boolean {
  if (!schema) return false;
  if (schema.$ref) return true;
  if (schema.type === 'array') return typed(schema.items);
  return schema.type === 'object' && schema.properties !== undefined;
}

/** Issue 10: every JSON answer is declared as a class in the OpenAPI document, so clients see its fields. */
describe('OpenAPI document', () => {
  let ctx: TestContext;
  let operations: [string, Operation][];

  beforeAll(async () => {
    ctx = await startTestContext();
    const document = (await ctx.http.get('/docs-json').expect(200)).body as { paths: Record<string, Record<string, Operation>> };
    operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => [`${method.toUpperCase()} ${path}`, operation] as [string, Operation]),
    );
  });

  afterAll(() => ctx.close());

  it('describes the JSON API and leaves the web pages out', () => {
    expect(operations.length).toBeGreaterThan(100);
    expect(operations.map(([route]) => route)).not.toContain('GET /masuk');
  });

  it('gives every operation a success response', () => {
    const without = operations.filter(([, operation]) => !Object.keys(operation.responses).some((status) => status.startsWith('2')));
    expect(without.map(([route]) => route)).toEqual([]);
  });

  it('declares the body of every success answer: a typed JSON schema, nothing for 204, the media type of a file', () => {
    const undeclared: string[] = [];
    for (const [route, operation] of operations) {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (!status.startsWith('2')) continue;
        const media = Object.keys(response.content ?? {});
        if (status === '204') {
          if (media.length > 0) undeclared.push(`${route} ${status}: a body on 204`);
        } else if (NOT_JSON[route]) {
          if (!media.includes(NOT_JSON[route])) undeclared.push(`${route} ${status}: not declared as ${NOT_JSON[route]}`);
        } else if (!typed(response.content?.['application/json']?.schema)) {
          undeclared.push(`${route} ${status}: no typed JSON schema`);
        }
      }
    }
    expect(undeclared).toEqual([]);
  });

  it('declares the status each route answers with (201 for a POST unless it says otherwise)', () => {
    const documented = new Map(operations);
    const wrong: string[] = [];
    for (const module of ctx.apps[0].get(ModulesContainer).values()) {
      for (const { metatype } of module.controllers.values()) {
        if (!metatype || Reflect.getMetadata(API_EXCLUDE_CONTROLLER, metatype)?.[0]) continue;
        const prefix: string = Reflect.getMetadata(PATH_METADATA, metatype);
        for (const name of Object.getOwnPropertyNames(metatype.prototype).filter((own) => own !== 'constructor')) {
          const handler = metatype.prototype[name];
          const path: string | undefined = Reflect.getMetadata(PATH_METADATA, handler);
          if (path === undefined) continue;
          const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
          const route = `${method} /${[prefix, path].filter((part) => part && part !== '/').join('/')}`.replace(/:(\w+)/g, '{$1}');
          const status = Reflect.getMetadata(HTTP_CODE_METADATA, handler) ?? (method === 'POST' ? HttpStatus.CREATED : HttpStatus.OK);
          if (!documented.get(route)?.responses[String(status)]) wrong.push(`${route}: answers ${status}, not declared`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('lists only routes that exist among the exceptions', () => {
    const routes = new Set(operations.map(([route]) => route));
    expect(Object.keys(NOT_JSON).filter((route) => !routes.has(route))).toEqual([]);
  });
});
