'use strict';
/**
 * The peer's load, from its own process: each buyer goes through Vendure's shortest shop checkout
 * as a guest, one GraphQL request a step (a storefront sends them one by one), at most
 * `concurrency` buyers at once. The session is the bearer token the first answer carries.
 */
const http = require('node:http');
const { runPool } = require('./lib');

const STEPS = [
  [
    'add to order',
    'mutation ($v: ID!) { r: addItemToOrder(productVariantId: $v, quantity: 1) { __typename ... on ErrorResult { errorCode } } }',
    (job) => ({ v: job.variantId }),
  ],
  [
    'customer',
    'mutation ($c: CreateCustomerInput!) { r: setCustomerForOrder(input: $c) { __typename ... on ErrorResult { errorCode } } }',
    (job, i) => ({ c: { firstName: 'Pegawai', lastName: `${job.keyPrefix} ${i}`, emailAddress: `${job.keyPrefix}-${i}@bench.example` } }),
  ],
  [
    'address',
    'mutation ($a: CreateAddressInput!) { r: setOrderShippingAddress(input: $a) { __typename ... on ErrorResult { errorCode } } }',
    () => ({
      a: { fullName: 'Pegawai', streetLine1: 'Jalan Medan Merdeka Barat 1', city: 'Jakarta Pusat', postalCode: '10110', countryCode: 'ID' },
    }),
  ],
  [
    'shipping',
    'mutation ($s: [ID!]!) { r: setOrderShippingMethod(shippingMethodId: $s) { __typename ... on ErrorResult { errorCode } } }',
    (job) => ({ s: [job.shippingMethodId] }),
  ],
  [
    'arranging payment',
    'mutation { r: transitionOrderToState(state: "ArrangingPayment") { __typename ... on ErrorResult { errorCode } ... on OrderStateTransitionError { transitionError } } }',
    () => ({}),
  ],
  [
    'pay',
    'mutation ($p: PaymentInput!) { r: addPaymentToOrder(input: $p) { __typename ... on Order { state } ... on ErrorResult { errorCode } } }',
    () => ({ p: { method: 'bench', metadata: {} } }),
  ],
];

process.on('message', async (job) => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.concurrency });
  const results = new Array(job.count);
  const started = process.hrtime.bigint();
  await runPool(job.count, job.concurrency, async (i) => {
    results[i] = await checkout(agent, job, i);
  });
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  agent.destroy();
  process.send({ elapsedMs, results });
});

/** outcome: 'completed' (PaymentSettled), 'refused' (an error result, e.g. no stock) or 'error'. */
async function checkout(agent, job, i) {
  const sent = process.hrtime.bigint();
  const done = (outcome, step, detail) => {
    const doneAt = process.hrtime.bigint();
    return { outcome, step, detail, latencyMs: Number(doneAt - sent) / 1e6, doneAtMs: Number(doneAt) / 1e6 };
  };
  let token = null;
  for (const [step, query, variables] of STEPS) {
    const answer = await graphql(agent, job.port, token, query, variables(job, i));
    token ??= answer.token;
    const r = answer.body?.data?.r;
    if (!r) return done('error', step, answer.body?.errors?.[0]?.message ?? `HTTP ${answer.status}`);
    if (r.errorCode) return done('refused', step, r.transitionError ?? r.errorCode);
    if (step === 'pay') return done(r.state === 'PaymentSettled' ? 'completed' : 'error', step, r.state);
  }
  return done('error', 'end', 'no payment step');
}

function graphql(agent, port, token, query, variables) {
  const body = JSON.stringify({ query, variables });
  return new Promise((resolve) => {
    const request = http.request(
      {
        agent,
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/shop-api',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () => {
          let parsed = null;
          try {
            parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            /* not JSON */
          }
          resolve({ status: response.statusCode, token: response.headers['vendure-auth-token'] ?? null, body: parsed });
        });
      },
    );
    request.on('error', (error) => resolve({ status: 0, token: null, body: { errors: [{ message: error.code ?? 'NETWORK' }] } }));
    request.end(body);
  });
}
