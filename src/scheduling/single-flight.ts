/**
 * One pass of a task at a time in this process. `join()` shares the pass in flight (a tick that
 * finds the previous one still running adds nothing); `next()` answers with a pass that starts
 * after the call, for callers that must see the effect of what they just committed.
 */
export class SingleFlight<T> {
  private running: Promise<T> | null = null;
  private queued: Promise<T> | null = null;

  constructor(private readonly pass: () => Promise<T>) {}

  get busy(): Promise<T> | null {
    return this.running;
  }

  join(): Promise<T> {
    this.running ??= this.pass().finally(() => (this.running = null));
    return this.running;
  }

  next(): Promise<T> {
    if (!this.running) return this.join();
    this.queued ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = null;
        return this.join();
      });
    return this.queued;
  }
}
