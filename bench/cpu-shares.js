'use strict';
/**
 * Where the API process' CPU went during a run: `node bench/cpu-shares.js CPU.*.cpuprofile`, on the
 * profile that `BENCH_SERVICE_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR" BENCH_PARTS=rush npm run bench`
 * leaves in DIR. Each sample is charged to the first frame, from the leaf up, that belongs to one of
 * the parts below (so a socket write that pg started counts as pg); the shares are of the busy time.
 */
const fs = require('node:fs');

const PARTS = [
  ['garbage collection', (fn) => fn === '(garbage collector)'],
  ['idle', (fn) => fn === '(idle)'],
  [
    'validation (class-validator, class-transformer, pipes)',
    (fn, url) => /class-validator|class-transformer|validation\.pipe|common\/validation|common\/text/.test(url),
  ],
  ['auth (JWT, account check)', (fn, url) => /jsonwebtoken|jws|jwa|@nestjs\/jwt|dist\/auth\/|user-status|dataloader/.test(url)],
  ['rate limiting (throttler, Redis)', (fn, url) => /throttler|rate-limit|ioredis/.test(url)],
  ['queues (BullMQ: messages, outbox)', (fn, url) => /bullmq|dist\/outbox\/|dist\/notifications\//.test(url)],
  [
    'PostgreSQL client and pool (pg, TypeORM, their socket writes)',
    (fn, url) => /node_modules\/(pg|pg-protocol|pg-pool|typeorm)\//.test(url),
  ],
  ['order path (batcher, placement, pricing)', (fn, url) => /dist\/orders\//.test(url)],
  ['JSON (parse, serialize)', (fn, url) => /secure-json-parse|fast-json-stringify|JSON/.test(url + fn)],
  ['logging (pino)', (fn, url) => /pino/.test(url)],
  ['framework and HTTP (Fastify, Nest, rxjs, node:http)', (fn, url) => /fastify|@nestjs|rxjs|_http|reflect-metadata|find-my-way/.test(url)],
];
const OTHER = 'other (V8, Node internals, microtasks)';

function shares(profile) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const time = new Map();
  profile.samples.forEach((id, i) => time.set(id, (time.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byPart = new Map();
  for (const [id, us] of time) {
    const part = partOf(nodes, parent, id);
    byPart.set(part, (byPart.get(part) ?? 0) + us);
  }
  return byPart;
}

function partOf(nodes, parent, id) {
  for (let at = id; at !== undefined; at = parent.get(at)) {
    const { functionName, url } = nodes.get(at).callFrame;
    const part = PARTS.find(([, test]) => test(functionName, url ?? ''));
    if (part) return part[0];
  }
  return OTHER;
}

const byPart = shares(JSON.parse(fs.readFileSync(process.argv[2], 'utf8')));
const total = [...byPart.values()].reduce((a, b) => a + b, 0);
const idle = byPart.get('idle') ?? 0;
console.log(`profiled ${(total / 1e6).toFixed(1)} s, idle ${((idle / total) * 100).toFixed(0)} %; shares of the busy time:`);
for (const [part, us] of [...byPart].filter(([part]) => part !== 'idle').sort((a, b) => b[1] - a[1]))
  console.log(`${(((us / (total - idle)) * 100).toFixed(1) + ' %').padStart(7)}  ${part}`);
