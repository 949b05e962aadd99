import { SingleFlight } from './single-flight';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('SingleFlight', () => {
  it('shares the pass in flight with every join', async () => {
    const gate = deferred();
    let passes = 0;
    const flight = new SingleFlight(async () => {
      passes += 1;
      await gate.promise;
      return passes;
    });
    const first = flight.join();
    const second = flight.join();
    gate.resolve();
    expect(await Promise.all([first, second])).toEqual([1, 1]);
    expect(passes).toBe(1);
    expect(flight.busy).toBeNull();
  });

  it('next() runs one more pass after the one in flight, shared by every caller that asked meanwhile', async () => {
    const gates = [deferred(), deferred()];
    let passes = 0;
    const flight = new SingleFlight(async () => {
      const pass = passes++;
      await gates[pass].promise;
      return pass;
    });
    const running = flight.join();
    const after = [flight.next(), flight.next()];
    gates[0].resolve();
    expect(await running).toBe(0);
    gates[1].resolve();
    expect(await Promise.all(after)).toEqual([1, 1]);
    expect(passes).toBe(2);
  });

  it('a failed pass frees the flight for the next one', async () => {
    let passes = 0;
    const flight = new SingleFlight(async () => {
      passes += 1;
      if (passes === 1) throw new Error('database gone');
      return passes;
    });
    await expect(flight.join()).rejects.toThrow('database gone');
    expect(await flight.join()).toBe(2);
  });
});
