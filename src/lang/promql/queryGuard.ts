/**
 * Enforces a query's timeout and cancellation. Waiting on storage is raced against both; the
 * synchronous evaluation polls `check()` between series, since no timer can fire while it runs.
 */
import { canceled, timedOut, type QueryError } from './queryError.js';
import { waitFor } from './storageWaits.js';

/** Tracks the deadline and abort signal of one query, and the stage it is in (for messages). */
export class QueryGuard {
  private readonly deadline: number;
  private stage = 'query preparation';

  constructor(
    timeoutMs: number,
    private readonly signal: AbortSignal | undefined,
    private readonly now: () => number = Date.now,
  ) {
    this.deadline = now() + timeoutMs;
  }

  /** Names the stage later errors mention (`query timed out in expression evaluation`). */
  enter(stage: string): void {
    this.stage = stage;
  }

  // An AbortSignal.timeout() given by the caller is a timeout, not a cancellation.
  private abortError(): QueryError {
    const reason: unknown = this.signal?.reason;
    const isTimeout = reason instanceof Error && reason.name === 'TimeoutError';
    return isTimeout ? timedOut(this.stage) : canceled(this.stage);
  }

  /** Throws if the query was canceled or ran out of time. */
  check(): void {
    if (this.signal?.aborted) throw this.abortError();
    if (this.now() > this.deadline) throw timedOut(this.stage);
  }

  /** Waits for a promise, but gives up as soon as the query is canceled or times out (throwing at once if it already is). */
  // Not async: an async function returning this promise would cost every query two more microtask hops.
  race<T>(work: Promise<T>): Promise<T> {
    this.check();
    const deadline = Date.now() + (this.deadline - this.now());
    return waitFor(work, deadline, this.signal, (early) => (early === 'aborted' ? this.abortError() : timedOut(this.stage)));
  }
}
