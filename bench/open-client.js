'use strict';
/**
 * The open loop's load, from its own process: orders sent on a schedule fixed before the start
 * (Poisson arrivals at `rate` a second, or evenly spaced), whatever the answers do. Each latency is
 * counted from the scheduled send time, so a request that the service (or this process) could not
 * send on time counts its wait too: no coordinated omission.
 */
const http = require('node:http');
const { post } = require('./rush-client');

process.on('message', async (job) => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.maxSockets });
  await openSockets(agent, job);
  const schedule = scheduleOf(job);
  const results = new Array(schedule.length);
  let done = 0;
  const started = process.hrtime.bigint();
  const startMs = Number(started) / 1e6;
  await new Promise((finish) => {
    let next = 0;
    const tick = () => {
      const nowMs = Number(process.hrtime.bigint()) / 1e6 - startMs;
      for (; next < schedule.length && schedule[next] <= nowMs; next++) {
        const i = next;
        post(agent, job, i).then((result) => {
          result.latencyMs = result.doneAtMs - startMs - schedule[i];
          results[i] = result;
          if (++done === schedule.length) finish();
        });
      }
      if (next < schedule.length) setTimeout(tick, Math.max(0, schedule[next] - nowMs - 1));
    };
    tick();
  });
  agent.destroy();
  process.send({ startMs, scheduledMs: schedule, results });
});

/** Send times in ms from the start: seeded, so every run offers the same load. */
function scheduleOf({ rate, count, arrivals }) {
  const times = new Array(count);
  let seed = 0x9e3779b9;
  const random = () => {
    seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return (seed + 1) / 4_294_967_297;
  };
  let t = 0;
  for (let i = 0; i < count; i++) {
    times[i] = t;
    t += arrivals === 'constant' ? 1000 / rate : (-Math.log(random()) * 1000) / rate;
  }
  return times;
}

/**
 * Connections opened before the clock starts, as a buyer's phone has its connection already; with a
 * request answered 404 by the router, which touches neither the database nor Redis.
 */
async function openSockets(agent, job) {
  const get = () =>
    new Promise((resolve) => {
      const request = http.get(
        { agent, host: '127.0.0.1', port: job.port, path: '/bench-open-socket', headers: { accept: 'application/json' } },
        (response) => response.resume().on('end', resolve),
      );
      request.on('error', resolve);
    });
  await Promise.all(Array.from({ length: job.warmSockets }, get));
}
