'use strict';
/**
 * Dispatch: delivery intents committed to the outbox, moved into BullMQ by the service's own relay
 * (woken by the NOTIFY of that commit), timed until every intent is confirmed queued; against raw
 * BullMQ addBulk of as many jobs of the same shape, in the same Redis. No worker runs, so the jobs
 * stay waiting and can be counted: an intent whose job is not in Redis is lost.
 */
const { randomUUID } = require('node:crypto');
const path = require('node:path');
const { Queue } = require('bullmq');
const { round } = require('./lib');

async function run({ db, settings, failures, log }) {
  const { QUEUES, JOBS, JOB_IDS } = require(path.join(settings.dist, 'queues', 'queue-names.js'));
  const { OUTBOX_CHANNEL } = require(path.join(settings.dist, 'outbox', 'outbox-message.entity.js'));
  const count = settings.dispatch;
  log(`dispatch: ${count} intents through the outbox relay, then raw addBulk`);
  const connection = { url: settings.redisUrl, maxRetriesPerRequest: null };
  const queue = new Queue(QUEUES.delivery, { connection, prefix: settings.redisPrefix });
  const rawQueue = new Queue(`${QUEUES.delivery}-raw-baseline`, { connection, prefix: settings.redisPrefix });
  try {
    await queue.obliterate({ force: true });
    await rawQueue.obliterate({ force: true });
    const jobIds = Array.from({ length: count }, () => JOB_IDS.bookTrip(randomUUID(), 1));

    const started = process.hrtime.bigint();
    await db.query(
      `INSERT INTO outbox_messages (queue, job_name, job_id, payload)
       SELECT $1, $2, id, jsonb_build_object('tripId', split_part(id, '_', 2)) FROM unnest($3::varchar[]) AS id`,
      [QUEUES.delivery, JOBS.bookTrip, jobIds],
    );
    await db.query('SELECT pg_notify($1, $2)', [OUTBOX_CHANNEL, '']);
    const relayMs = await waitUntilQueued(db, count, started);
    const waiting = await queue.getJobCountByTypes('waiting', 'prioritized', 'delayed', 'active');
    const lost = Math.max(0, count - waiting);
    if (lost > 0) failures.push(`${lost} of ${count} delivery intents are not in BullMQ`);

    const rawStarted = process.hrtime.bigint();
    await rawQueue.addBulk(
      jobIds.map((jobId) => ({ name: JOBS.bookTrip, data: { tripId: jobId.split('_')[1] }, opts: { jobId: `${jobId}-raw` } })),
    );
    const rawMs = Number(process.hrtime.bigint() - rawStarted) / 1e6;

    const relayJobsPerSec = (count / relayMs) * 1000;
    const rawJobsPerSec = (count / rawMs) * 1000;
    return {
      intents: count,
      relayMs: round(relayMs),
      rawMs: round(rawMs),
      relayJobsPerSec: round(relayJobsPerSec),
      rawJobsPerSec: round(rawJobsPerSec),
      ratio: round(relayJobsPerSec / rawJobsPerSec, 2),
      lost,
    };
  } finally {
    await queue.obliterate({ force: true }).catch(() => undefined);
    await rawQueue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await rawQueue.close();
  }
}

/** Polls until the relay has marked every intent enqueued (it marks them after Redis accepted the jobs). */
async function waitUntilQueued(db, count, started) {
  for (;;) {
    const { rows } = await db.query('SELECT count(*)::int AS n FROM outbox_messages WHERE enqueued_at IS NOT NULL');
    if (rows[0].n >= count) return Number(process.hrtime.bigint() - started) / 1e6;
    if (Number(process.hrtime.bigint() - started) / 1e9 > 120) throw new Error(`relay queued ${rows[0].n} of ${count} intents in 120 s`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const dispatchRows = (d) => [
  ['dispatch', 'jobs/s relay / raw addBulk', `${d.relayJobsPerSec} / ${d.rawJobsPerSec}`, ''],
  ['dispatch', 'ratio relay / raw, lost', `${d.ratio}, ${d.lost}`, '>= 0.5, 0'],
];

module.exports = { run, dispatchRows };
