'use strict';
/**
 * Notify: "wave opened" to 1,000,000 eligible buyers. The buyers are seeded with generate_series;
 * the wave opens the way its transition does it (the status change and the fan-out row in one
 * transaction); the clock runs from that commit until every message is a row and a job in BullMQ,
 * queued by the service's own fan-out (keyset pages, INSERT ... SELECT, addBulk). Against raw
 * BullMQ addBulk of as many jobs of the same shape, in the same Redis and the same page size. The
 * API process' resident memory is sampled throughout: streamed, it stays flat. No worker runs, so
 * the jobs stay waiting (or delayed, in quiet hours) and can be counted.
 *
 * Called by bench/run.js: `await require('./notify').runNotify({ db, settings, failures, log, servicePid })`
 * where db is a connected pg Client on the bench database, settings.redisUrl the Redis, settings.notify
 * the number of buyers (default 1,000,000), servicePid the API process. The service must run with
 * REDIS_PREFIX=gelombang-bench and NOTIFY_RECONCILE_SECONDS large (3600), so that the Redis-loss
 * check does not scan the million queued rows in the middle of the measurement.
 */
const fs = require('node:fs');
const path = require('node:path');
const { Queue } = require('bullmq');
const { round } = require('./lib');

const dist = path.join(__dirname, '..', 'dist');
const { QUEUES, JOBS, JOB_IDS } = require(path.join(dist, 'queues', 'queue-names.js'));
const { FANOUT_PAGE } = require(path.join(dist, 'notifications', 'notification-fanout.service.js'));
const PREFIX = 'gelombang-bench';
const TIMEOUT_S = 900;

async function runNotify({ db, settings, failures, log, servicePid }) {
  const count = Number(settings.notify ?? process.env.BENCH_NOTIFY ?? 1_000_000);
  const connection = { url: settings.redisUrl, maxRetriesPerRequest: null };
  const queue = new Queue(QUEUES.notifications, { connection, prefix: PREFIX });
  const rawQueue = new Queue(`${QUEUES.notifications}-raw-baseline`, { connection, prefix: PREFIX });
  const memory = memorySampler(servicePid);
  try {
    await queue.obliterate({ force: true });
    await rawQueue.obliterate({ force: true });
    log(`notify: seeding ${count} eligible buyers`);
    await seedBuyers(db, count);
    const waveId = await createWave(db);
    await db.query('DELETE FROM notifications WHERE wave_id = $1', [waveId]);

    memory.start();
    const rssBefore = memory.now();
    log(`notify: wave opened, fan-out to ${count} buyers`);
    const started = process.hrtime.bigint();
    await db.query('BEGIN');
    await db.query(`UPDATE waves SET status = 'open' WHERE id = $1`, [waveId]);
    await db.query(`INSERT INTO notification_fanouts (event_key, kind, wave_id) VALUES ($1, 'wave_opened', $2)`, [
      `wave.opened:${waveId}`,
      waveId,
    ]);
    await db.query('COMMIT');
    const queued = await waitUntilQueued(db, queue, waveId, count, started);
    const fanoutMs = Number(process.hrtime.bigint() - started) / 1e6;
    const rss = memory.stop();
    const lost = Math.max(0, count - queued);
    if (lost > 0) failures.push(`${lost} of ${count} "wave opened" messages are not in BullMQ`);

    log(`notify: raw addBulk of ${count} jobs`);
    const rawStarted = process.hrtime.bigint();
    for (let first = 1; first <= count; first += FANOUT_PAGE) {
      const jobs = [];
      for (let id = first; id < first + FANOUT_PAGE && id <= count; id++) {
        jobs.push({
          name: JOBS.sendNotification,
          data: { notificationId: String(id) },
          opts: { jobId: `${JOB_IDS.sendNotification(String(id))}-raw` },
        });
      }
      await rawQueue.addBulk(jobs);
    }
    const rawMs = Number(process.hrtime.bigint() - rawStarted) / 1e6;

    const fanoutJobsPerSec = (count / fanoutMs) * 1000;
    const rawJobsPerSec = (count / rawMs) * 1000;
    const result = {
      buyers: count,
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
    // Streamed means flat: a million rows in the API's memory would be far more than this.
    if (result.apiRssGrowthMb !== null && result.apiRssGrowthMb > 256)
      failures.push(`API memory grew by ${result.apiRssGrowthMb} MB during the fan-out`);
    return result;
  } finally {
    memory.stop();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await rawQueue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await rawQueue.close();
  }
}

/** Buyers straight into the tables, in one statement each, with phones the channels accept. */
async function seedBuyers(db, count) {
  await db.query(
    `WITH u AS (
       INSERT INTO users (username, role) SELECT 'notify-' || g, 'BUYER' FROM generate_series(1, $1) g RETURNING id, username
     )
     INSERT INTO buyers (user_id, nip, name, agency, phone)
     SELECT u.id, lpad('9' || substr(u.username, 8), 18, '0'), 'Pegawai ' || substr(u.username, 8), 'Kementerian Koperasi dan UKM',
            '0813' || lpad(substr(u.username, 8), 8, '0')
       FROM u`,
    [count],
  );
}

/** A scheduled wave open to every agency; the fan-out reads only its name, closing time and agencies. */
async function createWave(db) {
  const { rows } = await db.query(
    `INSERT INTO waves (name, status, opens_at, closes_at, hand_out_date, payment_deadline)
     VALUES ('Gelombang Nasional', 'scheduled', now(), now() + interval '1 day', (now() + interval '3 days')::date, now() + interval '2 days')
     RETURNING id`,
  );
  return rows[0].id;
}

/** Polls until the wave has `count` rows and the queue `count` jobs (the fan-out adds them after writing the rows). */
async function waitUntilQueued(db, queue, waveId, count, started) {
  for (;;) {
    const jobs = await queue.getJobCountByTypes('waiting', 'prioritized', 'delayed', 'active');
    if (jobs >= count) {
      const { rows } = await db.query('SELECT count(*)::int AS n FROM notifications WHERE wave_id = $1', [waveId]);
      return Math.min(rows[0].n, jobs);
    }
    if (Number(process.hrtime.bigint() - started) / 1e9 > TIMEOUT_S) return jobs;
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

module.exports = { runNotify };
