/** `--enable-feature` names, as Prometheus 3 accepts them, and what they switch on in promstream. */

/** The PromQL switches the feature flags control. */
export interface PromqlFeatures {
  readonly experimentalFunctions: boolean;
  readonly extendedRangeSelectors: boolean;
  readonly binopFillModifiers: boolean;
  readonly delayedNameRemoval: boolean;
}

const PROMQL_FEATURES: Record<string, keyof PromqlFeatures | null> = {
  'promql-experimental-functions': 'experimentalFunctions',
  'promql-extended-range-selectors': 'extendedRangeSelectors',
  'promql-binop-fill-modifiers': 'binopFillModifiers',
  'promql-delayed-name-removal': 'delayedNameRemoval',
  // Always on in Prometheus 3.14; accepted for compatibility.
  'promql-duration-expr': null,
};

/** Splits the enabled feature names into PromQL switches and names promstream does not know. */
export function promqlFeatures(enabled: readonly string[]): { features: PromqlFeatures; unknown: string[] } {
  const features: Record<keyof PromqlFeatures, boolean> = {
    experimentalFunctions: false,
    extendedRangeSelectors: false,
    binopFillModifiers: false,
    delayedNameRemoval: false,
  };
  const unknown: string[] = [];
  for (const name of enabled) {
    if (!(name in PROMQL_FEATURES)) {
      unknown.push(name);
      continue;
    }
    const key = PROMQL_FEATURES[name];
    if (key) features[key] = true;
  }
  return { features, unknown };
}
