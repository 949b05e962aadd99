'use strict';
/**
 * The load of part pages, from its own process: each buyer, signed in by its session cookie, first
 * opens the wave page (for the CSRF cookie and the form's token, as a phone would before the rush),
 * then all of them post the order form at once, at most `concurrency` in flight. A 303 to
 * /pesanan/<id> is an accepted order; a 409 is the wave page again with the refusal.
 */
const http = require('node:http');
const { runPool } = require('./lib');

const SESSION_COOKIE = 'gelombang_session';
const CSRF_COOKIE = 'gelombang_csrf';

if (require.main === module) {
  process.on('message', async (job) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: job.concurrency });
    const forms = new Array(job.tokens.length);
    await runPool(forms.length, job.concurrency, async (i) => {
      forms[i] = await openForm(agent, job, job.tokens[i]);
    });
    const results = new Array(forms.length);
    const started = process.hrtime.bigint();
    await runPool(results.length, job.concurrency, (i) =>
      postForm(agent, job, forms[i], i).then((result) => {
        results[i] = result;
      }),
    );
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    agent.destroy();
    process.send({ elapsedMs, results });
  });
}

function request(agent, job, options, body) {
  return new Promise((resolve, reject) => {
    const req = http.request({ agent, host: '127.0.0.1', port: job.port, ...options }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => resolve({ response, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** GET the wave page: the cookies and the form token this buyer's POST will carry. */
async function openForm(agent, job, token) {
  const session = `${SESSION_COOKIE}=${token}`;
  const { response, body } = await request(agent, job, { method: 'GET', path: `/gelombang/${job.waveId}`, headers: { cookie: session } });
  if (response.statusCode !== 200) throw new Error(`wave page answered ${response.statusCode}`);
  const csrfCookie = (response.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).find((c) => c.startsWith(`${CSRF_COOKIE}=`));
  const csrf = /name="_csrf" value="([^"]+)"/.exec(body)?.[1];
  if (!csrfCookie || !csrf) throw new Error('the wave page carried no CSRF token');
  return { cookie: `${session}; ${csrfCookie}`, csrf };
}

function postForm(agent, job, form, i) {
  const body = new URLSearchParams({
    _csrf: form.csrf,
    kunci: `${job.keyPrefix ?? 'pages'}-${i}`,
    titik: job.droppingPointIds[i % job.droppingPointIds.length],
    cara: 'pickup',
    [`jumlah_${job.packId}`]: String(job.quantity),
  }).toString();
  const sent = process.hrtime.bigint();
  const latency = () => Number(process.hrtime.bigint() - sent) / 1e6;
  return request(
    agent,
    job,
    {
      method: 'POST',
      path: `/gelombang/${job.waveId}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), cookie: form.cookie },
    },
    body,
  ).then(
    ({ response }) => {
      const doneAt = process.hrtime.bigint();
      const id = response.statusCode === 303 ? (/^\/pesanan\/([0-9a-f-]{36})/.exec(response.headers.location ?? '')?.[1] ?? null) : null;
      return {
        // In the rush's terms, so that the same checks apply: 201 accepted, CAPACITY_EXCEEDED refused.
        status: id ? 201 : response.statusCode,
        code: response.statusCode === 409 ? 'CAPACITY_EXCEEDED' : null,
        id,
        latencyMs: latency(),
        doneAtMs: Number(doneAt) / 1e6,
      };
    },
    (error) => ({ status: 0, code: error.code ?? 'NETWORK', id: null, latencyMs: latency(), doneAtMs: 0 }),
  );
}
