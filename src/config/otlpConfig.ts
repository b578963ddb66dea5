/** The `otlp` section: how the OTLP receiver turns OpenTelemetry metrics into Prometheus series. */
import type { Fields } from './decode.js';
import type { NameValidationScheme } from './nameValidation.js';

export type OtlpTranslationStrategy =
  | 'UnderscoreEscapingWithSuffixes' | 'UnderscoreEscapingWithoutSuffixes' | 'NoUTF8EscapingWithSuffixes' | 'NoTranslation';

export interface OtlpConfig {
  readonly promoteAllResourceAttributes: boolean;
  /** Trimmed of surrounding spaces. */
  readonly promoteResourceAttributes: readonly string[];
  readonly ignoreResourceAttributes: readonly string[];
  readonly translationStrategy: OtlpTranslationStrategy;
  readonly keepIdentifyingResourceAttributes: boolean;
  readonly convertHistogramsToNhcb: boolean;
  readonly promoteScopeMetadata: boolean;
  readonly labelNameUnderscoreSanitization: boolean;
  readonly labelNamePreserveMultipleUnderscores: boolean;
}

export const DEFAULT_OTLP_CONFIG: OtlpConfig = {
  promoteAllResourceAttributes: false,
  promoteResourceAttributes: [],
  ignoreResourceAttributes: [],
  translationStrategy: 'UnderscoreEscapingWithSuffixes',
  keepIdentifyingResourceAttributes: false,
  convertHistogramsToNhcb: false,
  promoteScopeMetadata: false,
  // Both true for backwards compatibility, as in Prometheus.
  labelNameUnderscoreSanitization: true,
  labelNamePreserveMultipleUnderscores: true,
};

const STRATEGIES: readonly string[] = ['UnderscoreEscapingWithSuffixes', 'UnderscoreEscapingWithoutSuffixes', 'NoUTF8EscapingWithSuffixes', 'NoTranslation'];

/** Decodes the otlp section (absent or null gives the defaults); the translation strategy is checked later by `checkOtlpTranslation`. */
export function decodeOtlpConfig(f: Fields | undefined): OtlpConfig {
  if (f === undefined) return DEFAULT_OTLP_CONFIG;
  const d = DEFAULT_OTLP_CONFIG;
  const promoteAll = f.boolOr('promote_all_resource_attributes', d.promoteAllResourceAttributes);
  const promote = f.stringList('promote_resource_attributes') ?? [];
  const ignore = f.stringList('ignore_resource_attributes') ?? [];
  const strategyText = f.stringOr('translation_strategy', d.translationStrategy);
  const config: OtlpConfig = {
    promoteAllResourceAttributes: promoteAll,
    promoteResourceAttributes: promote,
    ignoreResourceAttributes: ignore,
    // Checked once the global validation scheme is known (see otlpTranslationProblem).
    translationStrategy: strategyText as OtlpTranslationStrategy,
    keepIdentifyingResourceAttributes: f.boolOr('keep_identifying_resource_attributes', d.keepIdentifyingResourceAttributes),
    convertHistogramsToNhcb: f.boolOr('convert_histograms_to_nhcb', d.convertHistogramsToNhcb),
    promoteScopeMetadata: f.boolOr('promote_scope_metadata', d.promoteScopeMetadata),
    labelNameUnderscoreSanitization: f.boolOr('label_name_underscore_sanitization', d.labelNameUnderscoreSanitization),
    labelNamePreserveMultipleUnderscores: f.boolOr('label_name_preserve_multiple_underscores', d.labelNamePreserveMultipleUnderscores),
  };
  f.done();
  if (promoteAll) {
    if (promote.length > 0) throw f.error(f.node, "'promote_all_resource_attributes' and 'promote_resource_attributes' cannot be configured simultaneously");
    const problem = sanitizeAttributes(ignore, 'ignored');
    if (problem) throw f.error(f.node_('ignore_resource_attributes'), `invalid 'ignore_resource_attributes': ${problem}`);
  } else {
    if (ignore.length > 0) throw f.error(f.node, "'ignore_resource_attributes' cannot be configured unless 'promote_all_resource_attributes' is true");
    const problem = sanitizeAttributes(promote, 'promoted');
    if (problem) throw f.error(f.node_('promote_resource_attributes'), `invalid 'promote_resource_attributes': ${problem}`);
  }
  return config;
}

/** Trims attribute names in place and collects every problem, one per line (Go's errors.Join). */
function sanitizeAttributes(attributes: string[], adjective: string): string {
  const seen = new Set<string>();
  const problems: string[] = [];
  attributes.forEach((raw, i) => {
    const attr = raw.trim();
    if (attr === '') problems.push(`empty ${adjective} OTel resource attribute`);
    else if (seen.has(attr)) problems.push(`duplicated ${adjective} OTel resource attribute ${JSON.stringify(attr)}`);
    else {
      seen.add(attr);
      attributes[i] = attr;
    }
  });
  return problems.join('\n');
}

/** Checks the translation strategy against the global validation scheme; returns Prometheus's message or undefined. */
export function otlpTranslationProblem(strategy: string, scheme: NameValidationScheme): string | undefined {
  if (strategy === '' || strategy === 'UnderscoreEscapingWithSuffixes' || strategy === 'UnderscoreEscapingWithoutSuffixes') return undefined;
  if (!STRATEGIES.includes(strategy)) return `unsupported OTLP translation strategy ${JSON.stringify(strategy)}`;
  if (scheme === 'legacy') return `OTLP translation strategy ${JSON.stringify(strategy)} is not allowed when UTF8 is disabled`;
  return undefined;
}
