/**
 * Bounds how many tasks run at once (--query.max-concurrency); the rest wait their turn, first come
 * first served. Acquiring a free slot allocates nothing and waits for nothing, so a query that
 * finds one pays no promise hop for the limit.
 */
export class ConcurrencyLimit {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly max: number) {}

  /** Takes a slot: undefined when one was free, else a promise that resolves once the caller has one. Pair with `release()`. */
  acquire(): Promise<void> | undefined {
    if (this.running < this.max) {
      this.running++;
      return undefined;
    }
    return new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  /** Gives a slot back, straight to the longest waiter if there is one (so a newcomer cannot take it in between). */
  release(): void {
    const next = this.waiting.shift();
    if (next === undefined) this.running--;
    else next();
  }
}
