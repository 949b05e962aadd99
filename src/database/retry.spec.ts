import { isTransientConflict, retrying } from './retry';

const deadlock = Object.assign(new Error('deadlock detected'), { code: '40P01' });
const wrapped = { driverError: { code: '40001' } };

describe('retrying', () => {
  it('runs again after a transient conflict and answers the first success', async () => {
    let runs = 0;
    const answer = await retrying(
      async () => {
        runs += 1;
        if (runs < 3) throw deadlock;
        return 'placed';
      },
      { times: 3 },
    );
    expect([answer, runs]).toEqual(['placed', 3]);
  });

  it('gives the caller the last error once the runs are spent', async () => {
    let runs = 0;
    const failing = retrying(
      () => {
        runs += 1;
        return Promise.reject(deadlock);
      },
      { times: 2 },
    );
    await expect(failing).rejects.toBe(deadlock);
    expect(runs).toBe(2);
  });

  it('does not run again after an error that is not retryable', async () => {
    let runs = 0;
    const constraint = Object.assign(new Error('check violation'), { code: '23514' });
    const failing = retrying(
      () => {
        runs += 1;
        return Promise.reject(constraint);
      },
      { times: 5 },
    );
    await expect(failing).rejects.toBe(constraint);
    expect(runs).toBe(1);
  });

  it('knows deadlocks and serialization failures, also wrapped by TypeORM', () => {
    expect([isTransientConflict(deadlock), isTransientConflict(wrapped), isTransientConflict(new Error('x'))]).toEqual([true, true, false]);
  });
});
