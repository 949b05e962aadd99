'use strict';
/**
 * Notify: "wave opened" to 1,000,000 eligible buyers while the order rush runs. The buyers are
 * seeded with generate_series; the wave opens the way its transition does it (the status change and
 * the fan-out row in one transaction); the clock runs from that commit until every message is a row
 * and a job in BullMQ, queued by the service's own fan-out (keyset pages, INSERT ... SELECT,
 * addBulk). Against raw BullMQ addBulk of as many jobs of the same shape, in the same Redis and the
 * same page size. The API process' resident memory is sampled throughout: streamed, it stays flat.
 * No worker runs, so the jobs stay waiting (or delayed, in quiet hours) and can be counted.
 *
 * The rush (BENCH_BUYERS buyers, one order each, at BENCH_CONCURRENCY, from the rush's load
 * process) runs once alone on a wave of its own, then again on another wave starting at the commit
 * that opens the notified wave: the orders/s it loses to the fan-out is reported (target <= 10 %).
 * BENCH_NOTIFY_RUSH=0 leaves the rush out.
 *
 * Called by bench/run.js with its part context: db (a pg Client on the bench database), settings
 * (redisUrl, redisPrefix, notify: the number of buyers, default 1,000,000), failures, log,
 * servicePid, buyers(), createWave(), packOf(), fixture. The service must run with
 * NOTIFY_RECONCILE_SECONDS large (3600, as run.js starts it), so that the Redis-loss check does not
 * scan the million queued rows in the middle of the measurement.
 */
const fs = require('node:fs');
const path = require('node:path');
const { Queue } = require('bullmq');
const { round, startChild } = require('./lib');

/** The built service's names (settings.dist: BENCH_DIST, default dist). */
function built(settings) {
  const dist = settings.dist ?? path.join(__dirname, '..', 'dist');
  return {
    ...require(path.join(dist, 'queues', 'queue-names.js')),
    ...require(path.join(dist, 'notifications', 'notification-fanout.service.js')),
  };
}
const TIMEOUT_S = 900;
/** The rush's share of its loss target: orders/s during the fan-out at least 90 % of alone. */
const RUSH_LOSS_TARGET = 0.1;

async function runNotify(ctx) {
  const { db, settings, failures, log, servicePid } = ctx;
  const { QUEUES, JOBS, JOB_IDS, FANOUT_PAGE } = built(settings);
  const count = Number(settings.notify ?? process.env.BENCH_NOTIFY ?? 1_000_000);
  const withRush = process.env.BENCH_NOTIFY_RUSH !== '0' && typeof ctx.buyers === 'function';
  const prefix = settings.redisPrefix ?? 'gelombang-bench';
  const connection = { url: settings.redisUrl, maxRetriesPerRequest: null };
  const queue = new Queue(QUEUES.notifications, { connection, prefix });
  const rawQueue = new Queue(`${QUEUES.notifications}-raw-baseline`, { connection, prefix });
  const memory = memorySampler(servicePid);
  const rush = withRush ? await rushRunner(ctx) : null;
  try {
    await queue.obliterate({ force: true });
    await rawQueue.obliterate({ force: true });
    log(`notify: seeding ${count} eligible buyers`);
    await seedBuyers(db, count);
    const waveId = await createWave(db);
    await db.query('DELETE FROM notifications WHERE wave_id = $1', [waveId]);
    // The wave is open to every agency: the rush's buyers are eligible too.
    const { rows: eligibleRows } = await db.query('SELECT count(*)::int AS n FROM buyers');
    const eligible = eligibleRows[0].n;

    let rushAlone = null;
    if (rush) {
      log(`notify: the rush alone (${settings.buyers} buyers), for comparison`);
      rushAlone = await rush.run('Notify rush alone');
    }

    memory.start();
    const rssBefore = memory.now();
    log(`notify: wave opened, fan-out to ${eligible} buyers${rush ? ' with the rush at the same time' : ''}`);
    const eventKey = `wave.opened:${waveId}`;
    // Jobs already there (the rush's waves' own announcements) and jobs of other rows queued from now
    // on (the rush's "order placed") are told apart from the fan-out's.
    const JOB_STATES = ['waiting', 'prioritized', 'delayed', 'active', 'completed', 'failed'];
    const baseline = {
      jobs: await queue.getJobCountByTypes(...JOB_STATES),
      at: (await db.query('SELECT clock_timestamp() AS at')).rows[0].at,
    };
    const started = process.hrtime.bigint();
    await db.query('BEGIN');
    await db.query(`UPDATE waves SET status = 'open', opens_at = now() WHERE id = $1`, [waveId]);
    await db.query(`INSERT INTO notification_fanouts (event_key, kind, wave_id) VALUES ($1, 'wave_opened', $2)`, [eventKey, waveId]);
    await db.query('COMMIT');
    const rushDuring = rush ? rush.run('Notify rush during the fan-out') : null;
    const queued = await waitUntilQueued(db, queue, waveId, eventKey, started, baseline, JOB_STATES);
    const fanoutMs = Number(process.hrtime.bigint() - started) / 1e6;
    const rss = memory.stop();
    const during = rushDuring ? await rushDuring : null;
    const lost = Math.max(0, eligible - queued);
    if (lost > 0) failures.push(`${lost} of ${eligible} "wave opened" messages are not in BullMQ`);

    log(`notify: raw addBulk of ${eligible} jobs`);
    const rawStarted = process.hrtime.bigint();
    for (let first = 1; first <= eligible; first += FANOUT_PAGE) {
      const jobs = [];
      for (let id = first; id < first + FANOUT_PAGE && id <= eligible; id++) {
        jobs.push({
          name: JOBS.sendNotification,
          data: { notificationId: String(id) },
          opts: { jobId: `${JOB_IDS.sendNotification(String(id))}-raw` },
        });
      }
      await rawQueue.addBulk(jobs);
    }
    const rawMs = Number(process.hrtime.bigint() - rawStarted) / 1e6;

    const fanoutJobsPerSec = (eligible / fanoutMs) * 1000;
    const rawJobsPerSec = (eligible / rawMs) * 1000;
    const result = {
      buyers: eligible,
      fanoutMs: round(fanoutMs),
      rawMs: round(rawMs),
      fanoutJobsPerSec: round(fanoutJobsPerSec),
      rawJobsPerSec: round(rawJobsPerSec),
      ratio: round(fanoutJobsPerSec / rawJobsPerSec, 2),
      apiRssBeforeMb: mb(rssBefore),
      apiRssPeakMb: mb(rss.peak),
      apiRssGrowthMb: rssBefore === null || rss.peak === null ? null : mb(rss.peak - rssBefore),
      lost,
    };
    if (rushAlone && during) {
      Object.assign(result, {
        rushAloneOrdersPerSec: rushAlone.ordersPerSec,
        rushDuringOrdersPerSec: during.ordersPerSec,
        rushLoss: round(1 - during.ordersPerSec / rushAlone.ordersPerSec, 3),
        rushDuringP99Ms: during.p99Ms,
        // How much of the rush the fan-out overlapped (1: the fan-out outlasted the rush).
        rushOverlap: round(Math.min(1, fanoutMs / during.elapsedMs), 2),
      });
      for (const run of [rushAlone, during]) {
        if (run.otherErrors > 0) failures.push(`${run.label}: ${run.otherErrors} answers were not 201`);
      }
    }
    // Streamed means flat: a million rows in the API's memory would be far more than this.
    if (result.apiRssGrowthMb !== null && result.apiRssGrowthMb > 256)
      failures.push(`API memory grew by ${result.apiRssGrowthMb} MB during the fan-out`);
    return result;
  } finally {
    memory.stop();
    rush?.stop();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await rawQueue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await rawQueue.close();
  }
}

/**
 * The rush's load process, warmed on a wave of its own (as the rush part does), running every rush
 * buyer's order once per call on a wave large enough for all of them: accepted orders per second
 * from the first request to the last answer. Its waves are made before the million buyers are
 * seeded: each opening is announced to every eligible buyer, and those fan-outs are not measured.
 */
async function rushRunner(ctx) {
  const { settings } = ctx;
  const { tokens } = await ctx.buyers();
  const loadProcess = startChild(path.join(__dirname, 'rush-client.js'));
  const job = (wave, label) => ({
    port: settings.port,
    concurrency: settings.concurrency,
    waveId: wave.id,
    packId: ctx.packOf(wave),
    quantity: 1,
    droppingPointIds: ctx.fixture.pointIds,
    keyPrefix: label.replace(/\W+/g, '-'),
  });
  const waves = {};
  for (const label of ['Notify warm-up', 'Notify rush alone', 'Notify rush during the fan-out']) {
    waves[label] = await ctx.createWave(label, settings.buyers * settings.kg);
  }
  await loadProcess.run({ ...job(waves['Notify warm-up'], 'notify-warm-up'), tokens: tokens.slice(0, Math.min(tokens.length, 4_000)) });
  return {
    async run(label) {
      const answer = await loadProcess.run({ ...job(waves[label], label), tokens });
      const accepted = answer.results.filter((r) => r.status === 201).length;
      const latencies = answer.results.map((r) => r.latencyMs).sort((a, b) => a - b);
      return {
        label,
        accepted,
        otherErrors: answer.results.length - accepted,
        elapsedMs: answer.elapsedMs,
        ordersPerSec: round((accepted / answer.elapsedMs) * 1000),
        p99Ms: round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))] ?? 0),
      };
    },
    stop: () => loadProcess.stop(),
  };
}

function notifyRows(r) {
  const rows = [
    ['notify', `fan-out jobs/s (${r.buyers} buyers) / raw addBulk`, `${r.fanoutJobsPerSec} / ${r.rawJobsPerSec} (${r.ratio})`, '>= 0.5'],
    ['notify', 'API RSS before / peak / growth MB', `${r.apiRssBeforeMb} / ${r.apiRssPeakMb} / ${r.apiRssGrowthMb}`, 'flat'],
    ['notify', 'messages lost', r.lost, '0'],
  ];
  if (r.rushLoss !== undefined) {
    rows.push([
      'notify',
      'rush orders/s alone / during the fan-out (loss)',
      `${r.rushAloneOrdersPerSec} / ${r.rushDuringOrdersPerSec} (${round(r.rushLoss * 100, 1)} %)`,
      `<= ${RUSH_LOSS_TARGET * 100} %`,
    ]);
    rows.push(['notify', 'rush p99 ms during; fan-out overlap of the rush', `${r.rushDuringP99Ms}; ${r.rushOverlap}`, '']);
  }
  return rows;
}

/** Buyers straight into the tables, in one statement each, with phones the channels accept. */
async function seedBuyers(db, count) {
  await db.query(
    `WITH u AS (
       INSERT INTO users (username, role) SELECT 'notify-' || g, 'BUYER' FROM generate_series(1, $1) g RETURNING id, username
     )
     INSERT INTO buyers (user_id, nip, name, agency, phone)
     SELECT u.id, '9' || lpad(substr(u.username, 8), 17, '0'), 'Pegawai ' || substr(u.username, 8), 'Kementerian Koperasi dan UKM',
            '0813' || lpad(substr(u.username, 8), 8, '0')
       FROM u`,
    [count],
  );
  // A million fresh rows leave dirty pages and stale statistics: settle them before anything is timed,
  // so the rush measured alone is not slowed by the seeding's aftermath (checkpoint, autovacuum).
  await db.query('VACUUM ANALYZE users, buyers');
  await db.query('CHECKPOINT');
}

/**
 * A scheduled wave open to every agency, opening tomorrow so that the service's own lifecycle does
 * not open it first (the benchmark opens it, as its transition would); the fan-out reads only its
 * name, times and agencies.
 */
async function createWave(db) {
  const { rows } = await db.query(
    `INSERT INTO waves (name, status, opens_at, closes_at, hand_out_date, payment_deadline)
     VALUES ('Gelombang Nasional', 'scheduled', now() + interval '1 day', now() + interval '2 days', (now() + interval '4 days')::date,
             now() + interval '3 days')
     RETURNING id`,
  );
  return rows[0].id;
}

/**
 * Polls until the fan-out is done and its rows' jobs are in BullMQ; answers how many of its
 * messages are rows with a job (the rush's own "order placed" jobs, queued meanwhile, are told apart).
 */
async function waitUntilQueued(db, queue, waveId, eventKey, started, baseline, states) {
  for (;;) {
    const timedOut = Number(process.hrtime.bigint() - started) / 1e9 > TIMEOUT_S;
    const { rows } = await db.query('SELECT done_at IS NOT NULL AS done FROM notification_fanouts WHERE event_key = $1', [eventKey]);
    if (rows[0]?.done || timedOut) {
      const { rows: counts } = await db.query(
        `SELECT count(*) FILTER (WHERE wave_id = $1 AND kind = 'wave_opened' AND queued_at IS NOT NULL)::int AS ours,
                count(*) FILTER (WHERE NOT (wave_id = $1 AND kind = 'wave_opened') AND queued_at >= $2)::int AS others
           FROM notifications`,
        [waveId, baseline.at],
      );
      const jobs = await queue.getJobCountByTypes(...states);
      const ours = Math.min(counts[0].ours, jobs - baseline.jobs - counts[0].others);
      if (ours >= counts[0].ours || timedOut) return ours;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Resident memory of the API process from /proc (Linux), sampled every 200 ms. */
function memorySampler(pid) {
  const read = () => {
    try {
      const kb = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      return kb ? Number(kb[1]) * 1024 : null;
    } catch {
      return null;
    }
  };
  let timer = null;
  let peak = null;
  return {
    now: read,
    start() {
      peak = read();
      timer = setInterval(() => {
        const value = read();
        if (value !== null && (peak === null || value > peak)) peak = value;
      }, 200);
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
      return { peak };
    },
  };
}

const mb = (bytes) => (bytes === null || bytes === undefined ? null : round(bytes / 1024 / 1024));

module.exports = { runNotify, notifyRows };
