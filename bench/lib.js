'use strict';
/** Shared by the benchmark's processes: load loops, percentiles, and small helpers. */

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

function median(values) {
  return percentile([...values].sort((a, b) => a - b), 50);
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

/** Runs a child script that reads one JSON message (its job) and answers with one JSON message. */
function runChild(script, job) {
  const { fork } = require('node:child_process');
  return new Promise((resolve, reject) => {
    const child = fork(script, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let answered = false;
    child.on('message', (message) => {
      answered = true;
      resolve(message);
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (!answered) reject(new Error(`${script} exited with ${code} before answering`));
    });
    child.send(job);
  });
}

const round = (value, digits = 1) => (value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits);

module.exports = { percentile, median, runPool, runChild, round };
