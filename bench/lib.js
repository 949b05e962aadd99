'use strict';
/** Shared by the benchmark's processes: load loops, percentiles, and small helpers. */

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

function median(values) {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
}

/** Runs `count` tasks with at most `concurrency` in flight; `task(i)` returns a promise. */
async function runPool(count, concurrency, task) {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

/**
 * A child process running `script`, which answers each JSON message (a job) with one JSON message.
 * Jobs run one after another in the same process, so a later job finds the child's code compiled.
 */
function startChild(script) {
  const { fork } = require('node:child_process');
  const child = fork(script, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let pending = null;
  child.on('message', (message) => {
    const answer = pending;
    pending = null;
    answer?.resolve(message);
  });
  child.on('exit', (code) => pending?.reject(new Error(`${script} exited with ${code} before answering`)));
  return {
    run(job) {
      return new Promise((resolve, reject) => {
        pending = { resolve, reject };
        child.send(job);
      });
    },
    stop() {
      child.kill();
    },
  };
}

const round = (value, digits = 1) => (value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits);

/** p50 / p99 / p99.9 and the rest of a list of latencies, in ms. */
function latencySummary(latencies) {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    p50Ms: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    p99Ms: round(percentile(sorted, 99)),
    p999Ms: round(percentile(sorted, 99.9)),
    maxMs: round(sorted[sorted.length - 1] ?? null),
  };
}

const TICKS_PER_SECOND = 100; // USER_HZ: /proc times are in these ticks on Linux

/** CPU time (user + system, ms) each of `pids` has used so far; a pid gone is left out. */
function cpuMsOf(pids) {
  const fs = require('node:fs');
  const used = new Map();
  for (const pid of pids) {
    try {
      // Fields after the command name, which is in parentheses and may hold spaces.
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      used.set(pid, ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND);
    } catch {
      /* ended */
    }
  }
  return used;
}

/** `pid` and every process below it (the API's cluster workers). */
function processTree(pid) {
  const fs = require('node:fs');
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) {
    try {
      for (const child of fs.readFileSync(`/proc/${tree[i]}/task/${tree[i]}/children`, 'utf8').trim().split(/\s+/))
        if (child) tree.push(Number(child));
    } catch {
      /* ended */
    }
  }
  return tree;
}

/**
 * A stopwatch of CPU use, in cores, of two groups while something runs: the API processes, and the
 * PostgreSQL backends connected to the benchmark's database (PostgreSQL's shared background
 * processes, e.g. the WAL writer, serve every database on the machine and are left out).
 */
async function cpuMeter(db, apiPid, database) {
  const backends = async () =>
    (await db.query('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [database])).rows.map((r) => r.pid);
  const apiBefore = cpuMsOf(processTree(apiPid));
  const pgBefore = cpuMsOf(await backends());
  const started = process.hrtime.bigint();
  return async () => {
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    const spent = (before, after) => [...after].reduce((sum, [pid, ms]) => sum + ms - (before.get(pid) ?? 0), 0);
    const apiMs = spent(apiBefore, cpuMsOf(processTree(apiPid)));
    const pgPids = new Set([...pgBefore.keys(), ...(await backends())]);
    const pgMs = spent(pgBefore, cpuMsOf(pgPids));
    return { wallMs, apiCpuMs: apiMs, pgCpuMs: pgMs, apiCores: round(apiMs / wallMs, 2), pgCores: round(pgMs / wallMs, 2) };
  };
}

/** A benchmark stopped by a signal (Ctrl-C, timeout) stops the server it started too. */
function stopOnSignal(child) {
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      child.kill('SIGTERM');
      process.exit(1);
    });
  }
}

module.exports = { stopOnSignal, percentile, median, runPool, startChild, round, latencySummary, cpuMsOf, processTree, cpuMeter };
