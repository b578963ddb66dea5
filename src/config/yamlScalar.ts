/**
 * How Go's yaml.v2 (which Prometheus uses) sees a scalar, where it differs from the `yaml`
 * package's YAML 1.2 view: a string field takes a plain scalar's text as written (`1.0` stays
 * `1.0`), YAML 1.1 booleans (`yes`, `on`) are booleans, and `!!binary` values are base64 that
 * must decode strictly and may hold bytes that are not UTF-8.
 */
import { isScalar, type Node, type Scalar } from 'yaml';
import { goStringFromBytes } from '../model/goString.js';

const BINARY_TAG = 'tag:yaml.org,2002:binary';
const TRUE_WORDS = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'true', 'True', 'TRUE']);
const FALSE_WORDS = new Set(['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF', 'false', 'False', 'FALSE']);
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** A scalar that cannot be read as the requested type; the caller adds the location. */
export class ScalarError extends Error {}

/** Whether a node is a `!!binary` scalar. */
export function isBinaryScalar(node: Node | null | undefined): node is Scalar {
  return node != null && isScalar(node) && node.tag === BINARY_TAG;
}

/** The string Go would read from a scalar. */
export function scalarText(node: Scalar): string {
  if (node.tag === BINARY_TAG) return binaryText(node);
  const value = node.value;
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  // Go hands a string field the scalar's text as written, not a re-printed number.
  if (node.type === 'PLAIN' && typeof node.source === 'string') return node.source;
  return String(value);
}

function binaryText(node: Scalar): string {
  // Go's base64.StdEncoding ignores line breaks but nothing else; padding is required.
  const text = String(node.source ?? '').replace(/[\r\n]/g, '');
  if (!BASE64.test(text)) throw new ScalarError('!!binary value contains invalid base64 data');
  return goStringFromBytes(Uint8Array.from(Buffer.from(text, 'base64')));
}

/** The boolean Go would read from a scalar, or undefined when it is not one. */
export function scalarBool(node: Scalar): boolean | undefined {
  if (typeof node.value === 'boolean') return node.value;
  if (node.type !== 'PLAIN' || typeof node.value !== 'string') return undefined;
  if (TRUE_WORDS.has(node.value)) return true;
  if (FALSE_WORDS.has(node.value)) return false;
  return undefined;
}
