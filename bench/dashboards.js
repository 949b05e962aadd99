'use strict';
/**
 * Part dashboards: what 50 open live wave rooms (/admin/gelombang/<wave>/live, server-sent events)
 * cost the rush. The same rush as part rush (every buyer orders once, capacity half the demand) runs
 * on fresh waves alternately without and with DASHBOARDS rooms open on the rushing wave, so the
 * machine's drift falls on both alike; the cost is 1 - (orders/s with) / (orders/s without), target
 * <= 5 %. Correctness: every room gets a frame a second during the rush and its last frame shows
 * exactly what the database holds.
 */
const http = require('node:http');
const path = require('node:path');
const { startChild, round, median } = require('./lib');
const { orderJob } = require('./rush');

const DASHBOARDS = Number(process.env.BENCH_DASHBOARDS ?? 50);
/** Rounds of each kind (without, with), alternating. */
const ROUNDS = Number(process.env.BENCH_DASHBOARD_ROUNDS ?? 2);

async function runDashboards(ctx) {
  const { settings, log, failures } = ctx;
  const { tokens } = await ctx.buyers();
  const loadProcess = startChild(path.join(__dirname, 'rush-client.js'));
  const without = [];
  const withRooms = [];
  const frameRates = [];
  try {
    log('dashboards: warm-up (order route and live feed) on a wave of its own');
    const warmWave = await ctx.createWave('Dashboards warm-up', settings.buyers * settings.kg);
    const warmRooms = await openRooms(settings.port, warmWave.id, ctx.adminToken, 2);
    await loadProcess.run({
      ...orderJob(ctx, warmWave),
      tokens: tokens.slice(0, Math.min(tokens.length, 4_000)),
      keyPrefix: 'dash-warm-up',
    });
    closeRooms(warmRooms);
    for (let round_ = 0; round_ < ROUNDS; round_++) {
      log(`dashboards: round ${round_ + 1}/${ROUNDS}, rush without rooms`);
      without.push(await rush(ctx, loadProcess, tokens, `Dashboards base ${round_ + 1}`, 0));
      log(`dashboards: round ${round_ + 1}/${ROUNDS}, rush with ${DASHBOARDS} rooms open`);
      const measured = await rush(ctx, loadProcess, tokens, `Dashboards rooms ${round_ + 1}`, DASHBOARDS);
      withRooms.push(measured);
      frameRates.push(measured.framesPerRoomPerSec);
      checkRooms(measured, failures);
    }
  } finally {
    loadProcess.stop();
  }
  const base = median(without.map((r) => r.ordersPerSec));
  const loaded = median(withRooms.map((r) => r.ordersPerSec));
  return {
    dashboards: DASHBOARDS,
    rounds: ROUNDS,
    ordersPerSecWithout: round(base),
    ordersPerSecWith: round(loaded),
    costPercent: round((1 - loaded / base) * 100),
    framesPerRoomPerSec: round(median(frameRates), 2),
    runs: { without: without.map((r) => round(r.ordersPerSec)), with: withRooms.map((r) => round(r.ordersPerSec)) },
  };
}

/** One rush on a wave of its own, with `rooms` dashboards open on it from before the first order to after the last. */
async function rush(ctx, loadProcess, tokens, name, rooms) {
  const { settings } = ctx;
  const wave = await ctx.createWave(name, (settings.buyers * settings.kg) / 2);
  const open = rooms > 0 ? await openRooms(settings.port, wave.id, ctx.adminToken, rooms) : [];
  const result = await loadProcess.run({ ...orderJob(ctx, wave), tokens, keyPrefix: name.toLowerCase().replace(/\W+/g, '-') });
  const accepted = result.results.filter((r) => r.status === 201);
  const start = Math.min(...result.results.map((r) => r.doneAtMs - r.latencyMs));
  const lastAccepted = Math.max(...accepted.map((r) => r.doneAtMs));
  const rushSeconds = (lastAccepted - start) / 1000;
  const measured = { ordersPerSec: (accepted.length / (lastAccepted - start)) * 1000, rushSeconds };
  if (rooms === 0) return measured;
  // The rooms must show what the database holds within two seconds of the last order.
  const { rows } = await ctx.db.query(`SELECT coalesce(sum(total_kg), 0)::int AS kg FROM orders WHERE wave_id = $1 AND status = 'placed'`, [
    wave.id,
  ]);
  const soldKg = rows[0].kg;
  const deadline = Date.now() + 2_000;
  while (Date.now() < deadline && !open.every((room) => room.last?.products?.[0]?.orderedKg === soldKg)) await sleep(50);
  const rushFrames = open.map((room) => room.frames.filter((at) => at >= start && at <= lastAccepted).length);
  closeRooms(open);
  return {
    ...measured,
    soldKg,
    roomsShowingSold: open.filter((room) => room.last?.products?.[0]?.orderedKg === soldKg).length,
    rooms,
    framesPerRoomPerSec: median(rushFrames) / Math.max(rushSeconds, 1),
    minFramesDuringRush: Math.min(...rushFrames),
  };
}

function checkRooms(measured, failures) {
  if (measured.roomsShowingSold !== measured.rooms)
    failures.push(`dashboards: ${measured.rooms - measured.roomsShowingSold} rooms did not show the ${measured.soldKg} kg sold within 2 s`);
  // A frame a second: a rush of n seconds gets at least n - 1 of them in every room.
  if (measured.minFramesDuringRush < Math.floor(measured.rushSeconds) - 1)
    failures.push(`dashboards: a room got ${measured.minFramesDuringRush} frames in a ${round(measured.rushSeconds)} s rush`);
}

/** `count` EventSource-like readers of the wave's live feed; each keeps its last summary and when frames came (ms, hrtime). */
async function openRooms(port, waveId, token, count) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: count });
  return Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise((resolve, reject) => {
          const room = { frames: [], last: null, request: null, agent };
          room.request = http.get(
            {
              agent,
              host: '127.0.0.1',
              port,
              path: `/admin/gelombang/${waveId}/live`,
              headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
            },
            (response) => {
              if (response.statusCode !== 200) return reject(new Error(`live feed answered ${response.statusCode}`));
              let buffer = '';
              response.setEncoding('utf8');
              response.on('data', (chunk) => {
                buffer += chunk;
                let end;
                while ((end = buffer.indexOf('\n\n')) >= 0) {
                  const data = buffer
                    .slice(0, end)
                    .split('\n')
                    .find((line) => line.startsWith('data: '));
                  buffer = buffer.slice(end + 2);
                  if (!data) continue;
                  room.last = JSON.parse(data.slice(6));
                  room.frames.push(Number(process.hrtime.bigint()) / 1e6);
                }
              });
              resolve(room);
            },
          );
          room.request.on('error', (error) => room.closed || reject(error));
        }),
    ),
  );
}

function closeRooms(rooms) {
  for (const room of rooms) {
    room.closed = true;
    room.request.destroy();
  }
  rooms[0]?.agent.destroy();
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function dashboardsRows(r) {
  return [
    ['dashboards', `accepted orders/s without / with ${r.dashboards} rooms`, `${r.ordersPerSecWithout} / ${r.ordersPerSecWith}`, ''],
    ['dashboards', 'cost to the rush (median of rounds)', `${r.costPercent} %`, '<= 5 %'],
    ['dashboards', 'runs without / with (orders/s)', `${r.runs.without.join(', ')} / ${r.runs.with.join(', ')}`, ''],
    ['dashboards', 'frames per room per second during the rush', r.framesPerRoomPerSec, '~1'],
  ];
}

module.exports = { runDashboards, dashboardsRows };
