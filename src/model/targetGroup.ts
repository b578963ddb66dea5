import type { LabelSet } from './labels.js';

/** A group of discovered targets sharing common labels, as a discovery provider reports it. */
export interface TargetGroup {
  /** Identifies the group within its provider; a later group with the same source replaces it. */
  readonly source: string;
  /** Each target's own labels; `__address__` at least. */
  readonly targets: readonly LabelSet[];
  /** Labels common to every target of the group. */
  readonly labels: LabelSet;
}
