/**
 * Why storage refused a sample, with Prometheus's error texts. `not_found` means a series ref
 * the storage no longer holds (its series was garbage-collected) was given without labels: the
 * caller should forget the ref and append with the labels. `not_ready` means the storage is
 * still replaying its WAL at start.
 */
export type AppendErrorKind = 'out_of_order' | 'duplicate' | 'out_of_bounds' | 'not_found' | 'not_ready';

const MESSAGES: Record<AppendErrorKind, string> = {
  out_of_order: 'out of order sample',
  duplicate: 'duplicate sample for timestamp',
  out_of_bounds: 'out of bounds',
  not_found: 'not found',
  not_ready: 'TSDB not ready',
};

/** A sample storage refused; `kind` says why. */
export class AppendError extends Error {
  constructor(readonly kind: AppendErrorKind) {
    super(MESSAGES[kind]);
  }
}
