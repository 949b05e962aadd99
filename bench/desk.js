'use strict';
/**
 * Part desk: the dropping-point desk's search as an officer types, at a point with BENCH_DESK_ORDERS
 * (20,000) orders in the wave and as many at the other point. Buyers with realistic names, NIPs and
 * phone numbers are bulk-loaded; then an officer of the point runs BENCH_DESK_QUERIES searches
 * (pickup codes with and without the dash, name fragments as typed, NIP starts, phone numbers) one
 * after another through GET /dropping-points/:id/search, end to end over HTTP. A pickup code that
 * does not find its order fails the run; the time never does.
 *
 * Called by bench/run.js as `runDesk(ctx)` with its part context (api, adminToken, fixture, db,
 * createWave, settings, log, failures); rows: `deskRows(result)`.
 */
const { randomInt } = require('node:crypto');
const { latencySummary } = require('./lib');

const ORDERS = Number(process.env.BENCH_DESK_ORDERS ?? 20_000);
const QUERIES = Number(process.env.BENCH_DESK_QUERIES ?? 500);
const WARM_UP = 50;
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const FIRST = [
  'Siti',
  'Budi',
  'Agus',
  'Dewi',
  'Sri',
  'Ahmad',
  'Rina',
  'Andi',
  'Nur',
  'Eko',
  'Wahyu',
  'Indah',
  'Rizki',
  'Yuli',
  'Hendra',
  'Ratna',
  'Dian',
  'Joko',
  'Putri',
  'Fajar',
  'Lestari',
  'Bambang',
  'Ayu',
  'Teguh',
  'Wulan',
  'Arif',
  'Mega',
  'Dedi',
  'Nining',
  'Irfan',
];
const LAST = [
  'Rahmawati',
  'Santoso',
  'Wijaya',
  'Saputra',
  'Lestari',
  'Hidayat',
  'Kurniawan',
  'Susanti',
  'Pratama',
  'Nugroho',
  'Setiawan',
  'Handayani',
  'Purnomo',
  'Wibowo',
  'Siregar',
  'Nasution',
  'Simanjuntak',
  'Hasibuan',
  'Permata',
  'Utami',
  'Gunawan',
  'Firmansyah',
  'Maharani',
  'Anggraini',
  'Suryadi',
  'Kusuma',
  'Halim',
  'Syahputra',
  'Yulianti',
  'Ramadhan',
];

async function runDesk(ctx) {
  const { api, adminToken, fixture, db, log, failures } = ctx;
  log(`desk: loading ${ORDERS} orders at each of two points`);
  const wave = await ctx.createWave('Desk', ORDERS * 2 * 20, 40);
  const people = await loadOrders(db, wave, fixture.pointIds, ORDERS);
  const username = 'petugas.bench';
  const password = 'petugas-bench-password';
  await api('POST', '/users', adminToken, { username, password, role: 'OFFICER', droppingPointIds: [fixture.pointIds[0]] });
  const token = (await api('POST', '/auth/login', null, { username, password })).accessToken;

  const queries = plan(
    people.filter((p) => p.pointIndex === 0),
    WARM_UP + QUERIES,
  );
  const latencies = { code: [], name: [], nip: [], phone: [] };
  const all = [];
  for (const [i, query] of queries.entries()) {
    const started = process.hrtime.bigint();
    const rows = await api(
      'GET',
      `/dropping-points/${fixture.pointIds[0]}/search?waveId=${wave.id}&q=${encodeURIComponent(query.q)}`,
      token,
    );
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (query.kind === 'code' && rows[0]?.pickupCode !== query.expect) failures.push(`desk: pickup code ${query.q} did not find its order`);
    if (i < WARM_UP) continue;
    latencies[query.kind].push(ms);
    all.push(ms);
  }
  const byKind = Object.fromEntries(
    Object.entries(latencies).map(([kind, list]) => [kind, { count: list.length, ...latencySummary(list) }]),
  );
  return { ordersAtPoint: ORDERS, queries: all.length, ...latencySummary(all), byKind };
}

/** Buyers with names, NIPs and phones, and one order each (half at each point), straight into the tables. */
async function loadOrders(db, wave, pointIds, perPoint) {
  const offer = wave.products[0];
  const pack = offer.packs.find((p) => p.sizeKg === 10);
  const codes = new Set();
  while (codes.size < perPoint * 2) codes.add(code());
  const people = [...codes].map((pickupCode, i) => ({
    i,
    pointIndex: i % 2,
    pickupCode,
    name: `${FIRST[randomInt(FIRST.length)]} ${LAST[randomInt(LAST.length)]}`,
    nip: nip(i),
    phone: `08${randomInt(11, 99)}${String(randomInt(0, 1e8)).padStart(8, '0')}`,
  }));
  await db.query('BEGIN');
  const column = (field) => people.map((p) => p[field]);
  await db.query(
    `WITH input AS (
       SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[]) AS x(i, code, name, nip, phone, point_index)
     ), u AS (
       INSERT INTO users (username, role) SELECT 'desk-bench-' || i, 'BUYER' FROM input RETURNING id, username
     ), b AS (
       INSERT INTO buyers (user_id, nip, name, agency, phone)
       SELECT u.id, input.nip, input.name, 'Kementerian Koperasi dan UKM', input.phone
         FROM input JOIN u ON u.username = 'desk-bench-' || input.i
       RETURNING id, nip
     )
     INSERT INTO orders (id, wave_id, buyer_id, dropping_point_id, fulfilment, pickup_code, status, total_kg, total_rp, tally_shard, placed_at)
     SELECT gen_random_uuid(), $7, b.id, ($8::uuid[])[1 + input.point_index], 'pickup', input.code,
            (ARRAY['placed', 'paid', 'ready', 'picked_up'])[1 + input.i % 4]::order_status, 10, $9, input.i % 64, now()
       FROM input JOIN b ON b.nip = input.nip`,
    [
      column('i'),
      column('pickupCode'),
      column('name'),
      column('nip'),
      column('phone'),
      column('pointIndex'),
      wave.id,
      pointIds,
      pack.priceRp,
    ],
  );
  await db.query(
    `INSERT INTO order_items (order_id, wave_pack_id, wave_product_id, size_kg, quantity, unit_price_rp, kg, amount_rp)
     SELECT id, $2, $3, 10, 1, $4::int, 10, $4::bigint FROM orders WHERE wave_id = $1`,
    [wave.id, pack.id, offer.id, pack.priceRp],
  );
  await db.query('COMMIT');
  await db.query('ANALYZE');
  return people;
}

/** What officers type: a quarter each pickup codes, names as typed (3 letters on), NIP starts, phone numbers. */
function plan(people, count) {
  return Array.from({ length: count }, (_, i) => {
    const person = people[randomInt(people.length)];
    switch (i % 4) {
      case 0:
        return {
          kind: 'code',
          q: i % 8 === 0 ? person.pickupCode : person.pickupCode.replace('-', '').toLowerCase(),
          expect: person.pickupCode,
        };
      case 1: {
        const name = person.name.toLowerCase();
        return { kind: 'name', q: name.slice(0, 3 + randomInt(name.length - 2)) };
      }
      case 2:
        return { kind: 'nip', q: person.nip.slice(0, 8 + randomInt(11)) };
      default:
        return { kind: 'phone', q: `${person.phone.slice(0, 4)} ${person.phone.slice(4, 8)} ${person.phone.slice(8)}` };
    }
  });
}

function code() {
  let text = '';
  for (let i = 0; i < 6; i++) text += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${text.slice(0, 3)}-${text.slice(3)}`;
}

/** 18 digits shaped like a NIP (birth date, appointment month, gender, sequence); birth year and sequence make it distinct per i. */
function nip(i) {
  const two = (n) => String(n).padStart(2, '0');
  return `${1960 + Math.floor(i / 1000)}${two(1 + (i % 12))}${two(1 + (i % 28))}2010${two(1 + (i % 12))}${1 + (i % 2)}${String(i % 1000).padStart(3, '0')}`;
}

const deskRows = (d) => [
  ['desk', `search p50 / p95 ms at ${d.ordersAtPoint} orders`, `${d.p50Ms} / ${d.p95Ms}`, 'p95 <= 50'],
  ...Object.entries(d.byKind).map(([kind, k]) => ['desk', `  ${kind} p95 ms (${k.count})`, k.p95Ms, '']),
];

module.exports = { runDesk, deskRows };
