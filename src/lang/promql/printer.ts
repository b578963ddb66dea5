/**
 * `formatExpr`: a syntax tree back to PromQL text, in the canonical form of Prometheus's
 * `Expr.String()` (what the API's `/api/v1/format_query`, rule files and error messages show).
 */
import { METRIC_NAME } from '../../model/labels.js';
import type { Matcher } from '../../model/matcher.js';
import type { AggregateExpr, AtModifier, BinaryExpr, DurationExpr, Expr, TimeModifiers, VectorMatching, VectorSelector } from './ast.js';
import { formatDuration } from '../../model/duration.js';
import { formatNumber } from './numbers.js';
import { goQuote } from './quoting.js';

const PLAIN_LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** A label name as written in PromQL: bare when it is a legacy name, quoted otherwise. */
export function formatLabelName(name: string): string {
  return PLAIN_LABEL_NAME.test(name) ? name : goQuote(name);
}

/** `name="value"` with Prometheus's quoting. */
export function formatMatcher(m: Matcher): string {
  return `${formatLabelName(m.name)}${m.type}${goQuote(m.value)}`;
}

function formatAt(at: AtModifier | undefined): string {
  if (at === undefined) return '';
  if (at.kind === 'start') return ' @ start()';
  if (at.kind === 'end') return ' @ end()';
  return ` @ ${(at.ms / 1000).toFixed(3)}`;
}

function formatOffset(m: TimeModifiers): string {
  if (m.offsetExpr !== undefined) return ` offset ${formatExpr(m.offsetExpr)}`;
  if (m.offsetMs > 0) return ` offset ${formatDuration(m.offsetMs)}`;
  if (m.offsetMs < 0) return ` offset -${formatDuration(-m.offsetMs)}`;
  return '';
}

// The extended range-selector modifiers come last, after `@` and `offset`.
function formatBoundary(vs: VectorSelector): string {
  if (vs.anchored === true) return ' anchored';
  if (vs.smoothed === true) return ' smoothed';
  return '';
}

// Go sorts the matcher strings byte-wise; code point order is the same as UTF-8 byte order.
function byteOrder(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

// The selector without its modifiers; the name matcher implied by the metric name is not repeated.
function formatSelectorBody(vs: VectorSelector): string {
  const labels = vs.matchers
    .filter((m) => !(m.name === METRIC_NAME && m.type === '=' && m.value === vs.name && m.value !== ''))
    .map(formatMatcher)
    .sort(byteOrder);
  return labels.length === 0 ? vs.name : `${vs.name}{${labels.join(',')}}`;
}

function formatGrouping(labels: readonly string[]): string {
  return labels.map(formatLabelName).join(', ');
}

function formatAggregate(e: AggregateExpr): string {
  let out = e.op;
  if (e.without) out += ` without (${formatGrouping(e.grouping)}) `;
  else if (e.grouping.length > 0) out += ` by (${formatGrouping(e.grouping)}) `;
  const param = e.param === undefined ? '' : `${formatExpr(e.param)}, `;
  return `${out}(${param}${formatExpr(e.expr)})`;
}

function formatMatching(m: VectorMatching | undefined): string {
  if (m === undefined) return '';
  let out = '';
  if (m.matchingLabels.length > 0 || m.on) {
    out += ` ${m.on ? 'on' : 'ignoring'} (${formatGrouping(m.matchingLabels)})`;
    if (m.card === 'many-to-one' || m.card === 'one-to-many') {
      out += ` group_${m.card === 'many-to-one' ? 'left' : 'right'} (${formatGrouping(m.include)})`;
    }
  }
  if (m.fillLeft !== undefined && m.fillLeft === m.fillRight) return `${out} fill (${formatNumber(m.fillLeft)})`;
  if (m.fillLeft !== undefined) out += ` fill_left (${formatNumber(m.fillLeft)})`;
  if (m.fillRight !== undefined) out += ` fill_right (${formatNumber(m.fillRight)})`;
  return out;
}

// Operator chains nest to the left (`a + b + c`): print the spine in a loop, not by recursion.
function formatBinary(root: BinaryExpr): string {
  const spine: BinaryExpr[] = [];
  let lhs: Expr = root;
  while (lhs.kind === 'BinaryExpr') {
    spine.push(lhs);
    lhs = lhs.lhs;
  }
  let out = formatExpr(lhs);
  for (let i = spine.length - 1; i >= 0; i--) {
    const e = spine[i]!;
    out += ` ${e.op}${e.returnBool ? ' bool' : ''}${formatMatching(e.matching)} ${formatExpr(e.rhs)}`;
  }
  return out;
}

function formatDurationExpr(e: DurationExpr): string {
  let body: string;
  if (e.op === 'step' || e.op === 'range') body = `${e.op}()`;
  else if (e.op === 'min' || e.op === 'max') body = `${e.op}_of(${formatExpr(e.lhs!)}, ${formatExpr(e.rhs!)})`;
  else if (e.lhs === undefined) body = `${e.op}${formatExpr(e.rhs!)}`;
  else body = `${formatExpr(e.lhs)} ${e.op} ${formatExpr(e.rhs!)}`;
  return e.wrapped ? `(${body})` : body;
}

/** Prints an expression in Prometheus's canonical single-line form. */
export function formatExpr(e: Expr): string {
  switch (e.kind) {
    case 'NumberLiteral':
      if (!e.duration) return formatNumber(e.value);
      return e.value < 0 ? `-${formatDuration(-e.value * 1000)}` : formatDuration(e.value * 1000);
    case 'StringLiteral':
      return goQuote(e.value);
    case 'VectorSelector':
      return formatSelectorBody(e) + formatAt(e.at) + formatOffset(e) + formatBoundary(e);
    case 'MatrixSelector': {
      const range = e.rangeExpr === undefined ? formatDuration(e.rangeMs) : formatExpr(e.rangeExpr);
      return `${formatSelectorBody(e.selector)}[${range}]${formatAt(e.selector.at)}${formatOffset(e.selector)}${formatBoundary(e.selector)}`;
    }
    case 'SubqueryExpr': {
      const range = e.rangeExpr === undefined ? formatDuration(e.rangeMs) : formatExpr(e.rangeExpr);
      const step = e.stepExpr !== undefined ? formatExpr(e.stepExpr) : e.stepMs > 0 ? formatDuration(e.stepMs) : '';
      return `${formatExpr(e.expr)}[${range}:${step}]${formatAt(e.at)}${formatOffset(e)}`;
    }
    case 'Call':
      return `${e.func}(${e.args.map(formatExpr).join(', ')})`;
    case 'AggregateExpr':
      return formatAggregate(e);
    case 'BinaryExpr':
      return formatBinary(e);
    case 'UnaryExpr':
      return e.op + formatExpr(e.expr);
    case 'ParenExpr':
      return `(${formatExpr(e.expr)})`;
    case 'DurationExpr':
      return formatDurationExpr(e);
  }
}
