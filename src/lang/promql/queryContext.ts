/**
 * What every part of one query's evaluation shares: the query's own time range (for `@ start()`,
 * `start()`, `step()`…), the lookback delta, the prefetched series, the guard that enforces
 * timeout and cancellation, the annotations and the sample budget. Subqueries evaluate on their
 * own step grid but share this context.
 */
import type { Annotations } from './annotations.js';
import { tooManySamples } from './queryError.js';
import type { QueryGuard } from './queryGuard.js';
import type { SelectedSeries } from './selection.js';

/** The evaluation times of an evaluator: `startMs + k * stepMs` for k in [0, count). */
export interface StepGrid {
  readonly startMs: number;
  readonly stepMs: number;
  readonly count: number;
}

/** Counts the samples a query holds in memory and fails once there are more than allowed. */
export class SampleBudget {
  private current = 0;
  private peakSeen = 0;

  constructor(private readonly max: number) {}

  /** Takes `n` more samples; throws Prometheus's "too many samples" error past the limit. */
  hold(n: number): void {
    this.current += n;
    if (this.current > this.peakSeen) this.peakSeen = this.current;
    if (this.current > this.max) throw tooManySamples('query execution');
  }

  /** The samples held right now. */
  get held(): number {
    return this.current;
  }

  /** Forgets everything taken since `held` was `mark`: an expression's inputs are gone once it has its output. */
  resetTo(mark: number): void {
    this.current = mark;
  }

  /** The most samples held at once so far. */
  get peak(): number {
    return this.peakSeen;
  }
}

/** The shared state of one query's evaluation. */
export interface QueryContext {
  /** The query's start and end (equal for an instant query) and step (0 for an instant query), in ms. */
  readonly startMs: number;
  readonly endMs: number;
  readonly stepMs: number;
  readonly isRangeQuery: boolean;
  /** Names marked for removal are dropped at the end (true) or right after each expression (false). */
  readonly delayedNameRemoval: boolean;
  readonly lookbackMs: number;
  /** Resolution of a subquery written without a step (`x[5m:]`). */
  readonly defaultSubqueryStepMs: number;
  readonly selected: SelectedSeries;
  readonly guard: QueryGuard;
  readonly annotations: Annotations;
  readonly samples: SampleBudget;
}
