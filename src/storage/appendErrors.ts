/** Why storage refused a sample, with Prometheus's error texts. */
export type AppendErrorKind = 'out_of_order' | 'duplicate' | 'out_of_bounds';

const MESSAGES: Record<AppendErrorKind, string> = {
  out_of_order: 'out of order sample',
  duplicate: 'duplicate sample for timestamp',
  out_of_bounds: 'out of bounds',
};

export class AppendError extends Error {
  constructor(readonly kind: AppendErrorKind) {
    super(MESSAGES[kind]);
  }
}
