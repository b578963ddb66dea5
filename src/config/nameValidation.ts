/**
 * Metric and label name validation schemes (Prometheus 3 defaults to UTF-8) and the escaping
 * schemes a scraper asks targets for, with Prometheus's names and messages.
 */
import { isLegacyLabelName, isWellFormedUnicode } from '../model/labels.js';

export type NameValidationScheme = 'utf8' | 'legacy';
export type NameEscapingScheme = 'allow-utf-8' | 'underscores' | 'dots' | 'values';

export const ESCAPING_SCHEMES: readonly NameEscapingScheme[] = ['allow-utf-8', 'underscores', 'dots', 'values'];

/** Parses a metric_name_validation_scheme value; '' means "not set". Throws Prometheus's message otherwise. */
export function parseValidationScheme(text: string): NameValidationScheme | '' {
  if (text === '' || text === 'utf8' || text === 'legacy') return text;
  throw new Error(`unrecognized ValidationScheme: ${JSON.stringify(text)}`);
}

/** Whether an escaping scheme name is one Prometheus knows. */
export function isEscapingScheme(text: string): text is NameEscapingScheme {
  return (ESCAPING_SCHEMES as readonly string[]).includes(text);
}

/** Whether a label name is valid under the scheme (UTF-8: any non-empty valid string). */
export function isValidLabelNameFor(scheme: NameValidationScheme, name: string): boolean {
  return scheme === 'legacy' ? isLegacyLabelName(name) : name.length > 0 && isWellFormedUnicode(name);
}

/** Whether a label value is valid: any valid UTF-8, including empty. */
export function isValidLabelValue(value: string): boolean {
  return isWellFormedUnicode(value);
}
