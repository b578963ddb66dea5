import type { Labels } from './labels.js';

/**
 * An alert as the rule manager hands it to the notifier (Prometheus's notifier.Alert): what
 * Alertmanager receives, before external labels and alert relabeling are applied.
 */
export interface NotificationAlert {
  readonly labels: Labels;
  readonly annotations: Labels;
  /** When the alert started firing (ms). */
  readonly startsAtMs: number;
  /** When it resolved, or until when it is valid while still firing (ms); 0 = unset. */
  readonly endsAtMs: number;
  /** A link back to the expression (external URL + /graph?g0.expr=…). */
  readonly generatorURL: string;
}
