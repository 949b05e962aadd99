'use strict';
/**
 * The load of the rush, from its own process: every buyer places one order at once, at most
 * `concurrency` in flight, over keep-alive connections opened for each job. Reports each answer's
 * status, code and latency. It takes jobs until its parent stops it: the warm-up, then the rush.
 */
const http = require('node:http');
const { runPool } = require('./lib');

if (require.main === module) {
  process.on('message', async (job) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: job.concurrency });
    const results = new Array(job.tokens.length);
    const started = process.hrtime.bigint();
    await runPool(results.length, job.concurrency, (i) =>
      post(agent, job, i).then((result) => {
        results[i] = result;
      }),
    );
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    agent.destroy();
    process.send({ elapsedMs, results });
  });
}

/** One order of buyer `i % tokens`, with its own idempotency key. */
function post(agent, job, i) {
  const body = JSON.stringify({
    droppingPointId: job.droppingPointIds[i % job.droppingPointIds.length],
    fulfilment: 'pickup',
    items: [{ packId: job.packId, quantity: job.quantity }],
  });
  const sent = process.hrtime.bigint();
  return new Promise((resolve) => {
    const request = http.request(
      {
        agent,
        host: '127.0.0.1',
        port: job.port,
        method: 'POST',
        path: `/waves/${job.waveId}/orders`,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: `Bearer ${job.tokens[i % job.tokens.length]}`,
          'idempotency-key': `${job.keyPrefix ?? 'rush'}-${i}`,
        },
      },
      (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () => {
          const doneAt = process.hrtime.bigint();
          let parsed = {};
          try {
            parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            /* not JSON */
          }
          resolve({
            status: response.statusCode,
            code: parsed.code ?? null,
            id: response.statusCode === 201 ? parsed.id : null,
            latencyMs: Number(doneAt - sent) / 1e6,
            doneAtMs: Number(doneAt) / 1e6,
          });
        });
      },
    );
    request.on('error', (error) =>
      resolve({ status: 0, code: error.code ?? 'NETWORK', id: null, latencyMs: Number(process.hrtime.bigint() - sent) / 1e6, doneAtMs: 0 }),
    );
    request.end(body);
  });
}

module.exports = { post };
