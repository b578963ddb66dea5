/**
 * The series notation of Prometheus's PromQL test scripts and of promtool's rule unit tests
 * (`input_series`): a series written like a selector with only `=` matchers, followed by values
 * such as `0+10x5 _ stale 3`.
 */
import { parseDuration } from '../model/duration.js';
import { tokenize } from './promql/lexer.js';
import { unquoteString } from './promql/quoting.js';
import { Labels } from '../model/labels.js';
import { STALE_NAN } from '../model/staleness.js';

/** One slot of a value sequence: a float, a staleness marker, or nothing (`_`). */
export type SequenceValue = { readonly kind: 'float'; readonly value: number } | { readonly kind: 'stale' } | { readonly kind: 'omitted' };

/** A parsed `<series> <values>` line. */
export interface SeriesLine {
  readonly labels: Labels;
  readonly values: SequenceValue[];
  /** Native histogram values (`{{...}}`), which this runner cannot represent yet. */
  readonly hasHistograms: boolean;
  /** A start-timestamp line (`series@st ...`), only used by start_timestamps.test. */
  readonly startTimestamps: boolean;
  /** For a start-timestamp line: per slot, the start's offset from the sample time (ms), or undefined. */
  readonly startOffsets?: (number | undefined)[];
}

const DURATION = String.raw`(?:0|(?:[0-9]+(?:ms|s|m|h|d|w|y))+)`;
const START_SEQUENCE = new RegExp(`^([+-]?${DURATION})(?:([+-])(${DURATION}))?x([0-9]+)$`);
const START_SINGLE = new RegExp(`^[+-]?${DURATION}$`);

function signedDuration(text: string): number {
  const negative = text.startsWith('-');
  const ms = parseDuration(text.replace(/^[+-]/, ''));
  return negative ? -ms : ms;
}

/** Expands one start-timestamp item (`_`, `_x3`, `-1m`, `-1mx2`, `-30s-1mx2`) into offsets (ms). */
export function expandStartItem(item: string): (number | undefined)[] {
  if (item === '_') return [undefined];
  const blanks = /^_x([0-9]+)$/.exec(item);
  if (blanks) return Array.from({ length: Number(blanks[1]) }, () => undefined);
  if (START_SINGLE.test(item)) return [signedDuration(item)];
  const seq = START_SEQUENCE.exec(item);
  if (!seq) throw new Error(`bad start timestamp item ${JSON.stringify(item)}`);
  const start = signedDuration(seq[1]!);
  const delta = seq[2] === undefined ? 0 : (seq[2] === '-' ? -1 : 1) * parseDuration(seq[3]!);
  return Array.from({ length: Number(seq[4]) + 1 }, (_, k) => start + k * delta);
}

const NUMBER = String.raw`(?:[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?|[0-9]+\.|inf|nan)`;
const SIGNED_NUMBER = new RegExp(`^[+-]?${NUMBER}$`, 'i');
const SEQUENCE = new RegExp(`^([+-]?${NUMBER})(?:([+-])(${NUMBER}))?x([0-9]+)$`, 'i');

/** Parses a float as the test language writes it (`7`, `-2.5`, `.5`, `+Inf`, `nan`). */
export function parseFloatValue(text: string): number | undefined {
  if (!SIGNED_NUMBER.test(text)) return undefined;
  const lower = text.toLowerCase().replace(/^\+/, '');
  if (lower === 'inf') return Infinity;
  if (lower === '-inf') return -Infinity;
  if (lower.endsWith('nan')) return NaN;
  return Number(text);
}

// The end of the series part: after the matching `}` (quotes respected), else the first blank.
function seriesEnd(line: string): number {
  const brace = line.search(/[{\s]/);
  if (brace < 0) return line.length;
  if (line[brace] !== '{') return brace;
  let quote: string | undefined;
  for (let i = brace + 1; i < line.length; i++) {
    const c = line[i]!;
    if (quote !== undefined) {
      if (c === '\\' && quote !== '`') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'" || c === '`') {
      quote = c;
    } else if (c === '}') {
      return line.startsWith('@st', i + 1) ? i + 4 : i + 1;
    }
  }
  throw new Error(`unterminated label set in ${JSON.stringify(line)}`);
}

/** Parses `name`, `name{a="x"}`, `{__name__="x", a="y"}` or `{}` into labels. */
export function parseSeries(text: string): Labels {
  const tokens = tokenize(text).filter((t) => t.type !== 'EOF');
  const bad = tokens.find((t) => t.type === 'ERROR');
  if (bad) throw new Error(`bad series ${JSON.stringify(text)}: ${bad.value}`);
  const record: Record<string, string> = {};
  let i = 0;
  if (tokens[0] && tokens[0].type !== 'LEFT_BRACE') record['__name__'] = tokens[i++]!.value;
  if (i < tokens.length) {
    if (tokens[i]!.type !== 'LEFT_BRACE' || tokens.at(-1)!.type !== 'RIGHT_BRACE') throw new Error(`bad series ${JSON.stringify(text)}`);
    for (i++; i < tokens.length - 1; ) {
      const [name, eq, value] = [tokens[i], tokens[i + 1], tokens[i + 2]];
      if (!name || !eq || !value || eq.type !== 'EQL' || value.type !== 'STRING') {
        // A lone quoted name, as in `{"my.metric"}`.
        if (name?.type === 'STRING' && (eq === undefined || eq.type === 'COMMA' || eq.type === 'RIGHT_BRACE')) {
          record['__name__'] = unquoteString(name.value);
          i += eq?.type === 'COMMA' ? 2 : 1;
          continue;
        }
        throw new Error(`bad label in series ${JSON.stringify(text)}`);
      }
      record[name.type === 'STRING' ? unquoteString(name.value) : name.value] = unquoteString(value.value);
      i += tokens[i + 3]?.type === 'COMMA' ? 4 : 3;
    }
  }
  return Labels.from(record);
}

/** Expands one value item (`1`, `_`, `_x3`, `stale`, `1+2x3`, `5x2`). */
export function expandItem(item: string): SequenceValue[] {
  if (item === '_') return [{ kind: 'omitted' }];
  if (item === 'stale') return [{ kind: 'stale' }];
  const blanks = /^_x([0-9]+)$/.exec(item);
  if (blanks) return Array.from({ length: Number(blanks[1]) }, () => ({ kind: 'omitted' }) as const);
  const single = parseFloatValue(item);
  if (single !== undefined) return [{ kind: 'float', value: single }];
  const seq = SEQUENCE.exec(item);
  if (!seq) throw new Error(`bad value ${JSON.stringify(item)}`);
  let current = parseFloatValue(seq[1]!)!;
  const delta = seq[2] === undefined ? 0 : (seq[2] === '-' ? -1 : 1) * parseFloatValue(seq[3]!)!;
  const out: SequenceValue[] = [];
  // Repeated addition, not multiplication, so that float rounding matches the Go harness.
  for (let k = 0; k <= Number(seq[4]); k++) {
    out.push({ kind: 'float', value: current });
    current += delta;
  }
  return out;
}

/** Parses a whole `<series> <values>` line. */
export function parseSeriesLine(line: string): SeriesLine {
  const end = seriesEnd(line);
  let seriesText = line.slice(0, end);
  const startTimestamps = seriesText.endsWith('@st');
  if (startTimestamps) seriesText = seriesText.slice(0, -3);
  const valuesText = line.slice(end).trim();
  const labels = parseSeries(seriesText);
  if (startTimestamps) return { labels, values: [], hasHistograms: false, startTimestamps, startOffsets: valuesText.split(/\s+/).flatMap(expandStartItem) };
  if (valuesText.includes('{{')) return { labels, values: [], hasHistograms: true, startTimestamps };
  const values = valuesText === '' ? [] : valuesText.split(/\s+/).flatMap(expandItem);
  return { labels, values, hasHistograms: false, startTimestamps };
}

/** The stored value of a slot (undefined for `_`). */
export function slotValue(v: SequenceValue): number | undefined {
  return v.kind === 'float' ? v.value : v.kind === 'stale' ? STALE_NAN : undefined;
}
