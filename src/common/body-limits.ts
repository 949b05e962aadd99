import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Transform, TransformCallback } from 'node:stream';

/** A JSON command (an order, a wave, a payment) is a few kB; a page form has its own limit. */
export const COMMAND_BODY_LIMIT_BYTES = 32 * 1024;
/** Room for a roster CSV of 50,000 civil servants; only the roster import, an administrator's, gets it. */
export const ROSTER_BODY_LIMIT_BYTES = 8 * 1024 * 1024;
/** Deeper than any body a route takes (an order's items are three levels down). */
export const MAX_JSON_DEPTH = 16;

const ROSTER_IMPORT = 'POST /buyers/import';

/**
 * Each route's body limit, applied while the bytes arrive (whatever Content-Length claims, chunked
 * or not), before any parsing: the large limit only for the roster import, and only when the
 * request carries credentials (the guard checks them after the body is read, so an anonymous
 * request is not worth reading 8 MiB for).
 */
export function limitBodies(fastify: FastifyInstance): void {
  fastify.addHook('preParsing', async (request, _reply, payload) => {
    const limit = bodyLimit(request);
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > limit) throw tooLarge(limit);
    let seen = 0;
    return payload.pipe(
      new Transform({
        transform(chunk: Buffer, _encoding, callback: TransformCallback) {
          seen += chunk.length;
          callback(seen > limit ? tooLarge(limit) : null, chunk);
        },
      }),
    );
  });
}

function bodyLimit(request: FastifyRequest): number {
  const route = `${request.method} ${request.routeOptions?.url ?? ''}`;
  const credentials = Boolean(request.headers.authorization || request.headers.cookie);
  return route === ROSTER_IMPORT && credentials ? ROSTER_BODY_LIMIT_BYTES : COMMAND_BODY_LIMIT_BYTES;
}

function tooLarge(limit: number): Error {
  return Object.assign(new Error(`Request body is too large (at most ${Math.round(limit / 1024)} KiB on this route)`), { statusCode: 413 });
}

/**
 * How deep a parsed JSON value nests, counted without recursion (a body nested a million levels
 * deep must not cost a stack or a second): undefined when within MAX_JSON_DEPTH, else a message.
 */
export function depthProblem(value: unknown): string | undefined {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth > MAX_JSON_DEPTH) return `body nests deeper than ${MAX_JSON_DEPTH} levels`;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return undefined;
}
