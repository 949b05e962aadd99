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

module.exports = { percentile, median, runPool, startChild, round };
