/**
 * The syntax tree as `/api/v1/parse_query` returns it (Prometheus 3.14's `translateAST`, the shape
 * its UI tree view reads). Go writes these objects from maps, so keys come out sorted; the
 * builders below list them in that order. Durations and offsets are milliseconds; a range,
 * offset or step written as a duration expression is 0 with the tree beside it in `…Expr`.
 */
import type {
  AggregateExpr, AtModifier, BinaryExpr, BinaryOp, Call, DurationExpr, Expr, MatrixSelector, SubqueryExpr, TimeModifiers,
  VectorMatching, VectorSelector,
} from '../../lang/promql/ast.js';
import { functionSignature } from '../../lang/promql/functionSignatures.js';
import type { Matcher } from '../../model/matcher.js';
import { ApiError } from './apiResponse.js';
import { formatFixedFloat } from './jsonEncoding.js';

/** A JSON object of the tree. */
export type SyntaxTreeJson = { readonly [key: string]: unknown };

/** Prometheus's JSON of a parsed expression. */
export function syntaxTreeJson(e: Expr): SyntaxTreeJson {
  switch (e.kind) {
    case 'AggregateExpr':
      return aggregationJson(e);
    case 'BinaryExpr':
      return binaryJson(e);
    case 'Call':
      return callJson(e);
    case 'DurationExpr':
      return durationJson(e);
    case 'MatrixSelector':
      return matrixSelectorJson(e);
    case 'NumberLiteral':
      return { duration: e.duration, type: 'numberLiteral', val: formatFixedFloat(e.value) };
    case 'ParenExpr':
      return { expr: syntaxTreeJson(e.expr), type: 'parenExpr' };
    case 'StringLiteral':
      return { type: 'stringLiteral', val: e.value };
    case 'SubqueryExpr':
      return subqueryJson(e);
    case 'UnaryExpr':
      return { expr: syntaxTreeJson(e.expr), op: e.op, type: 'unaryExpr' };
    case 'VectorSelector':
      return vectorSelectorJson(e);
  }
}

function optionalTree(e: Expr | undefined): SyntaxTreeJson | null {
  return e === undefined ? null : syntaxTreeJson(e);
}

function aggregationJson(e: AggregateExpr): SyntaxTreeJson {
  return {
    expr: syntaxTreeJson(e.expr),
    grouping: e.grouping,
    op: e.op,
    param: optionalTree(e.param),
    type: 'aggregation',
    without: e.without,
  };
}

function binaryJson(e: BinaryExpr): SyntaxTreeJson {
  return {
    bool: e.returnBool,
    lhs: syntaxTreeJson(e.lhs),
    matching: e.matching === undefined ? null : matchingJson(e.matching, e.op),
    op: e.op,
    rhs: syntaxTreeJson(e.rhs),
    type: 'binaryExpr',
  };
}

function matchingJson(m: VectorMatching, op: BinaryOp): SyntaxTreeJson {
  return {
    card: m.card,
    fillValues: { lhs: fillValueJson(m.fillLeft, op), rhs: fillValueJson(m.fillRight, op) },
    include: m.include,
    labels: m.matchingLabels,
    on: m.on,
  };
}

// Go's JSON encoder refuses NaN and infinities, so Prometheus fails such a response too.
function fillValueJson(v: number | undefined, op: BinaryOp): number | null {
  if (v === undefined) return null;
  if (!Number.isFinite(v)) throw new ApiError('internal', `json: unsupported value: ${formatFixedFloat(v)} (fill value of ${op})`);
  return v;
}

function callJson(e: Call): SyntaxTreeJson {
  const sig = functionSignature(e.func);
  // The parser only builds calls of known functions.
  if (sig === undefined) throw new Error(`no signature for PromQL function ${e.func}`);
  return {
    args: e.args.map(syntaxTreeJson),
    func: { argTypes: sig.argTypes, name: sig.name, returnType: sig.returnType, variadic: sig.variadic },
    type: 'call',
  };
}

const DURATION_OPS: Readonly<Record<DurationExpr['op'], string>> = {
  '+': '+', '-': '-', '*': '*', '/': '/', '%': '%', '^': '^', step: 'step', range: 'range', min: 'min_of', max: 'max_of',
};

function durationJson(e: DurationExpr): SyntaxTreeJson {
  return { lhs: optionalTree(e.lhs), op: DURATION_OPS[e.op], rhs: optionalTree(e.rhs), type: 'durationExpr', wrapped: e.wrapped };
}

/** `timestamp` and `startOrEnd` of an `@` modifier: one of them is set, or neither. */
function atJson(at: AtModifier | undefined): { timestamp: number | null; startOrEnd: string | null } {
  if (at === undefined) return { timestamp: null, startOrEnd: null };
  return at.kind === 'timestamp' ? { timestamp: at.ms, startOrEnd: null } : { timestamp: null, startOrEnd: at.kind };
}

function matchersJson(matchers: readonly Matcher[]): SyntaxTreeJson[] {
  return matchers.map((m) => ({ name: m.name, type: m.type, value: m.value }));
}

function offsetJson(m: TimeModifiers): { offset: number; offsetExpr: SyntaxTreeJson | null } {
  return { offset: m.offsetMs, offsetExpr: optionalTree(m.offsetExpr) };
}

function vectorSelectorJson(vs: VectorSelector): SyntaxTreeJson {
  const { timestamp, startOrEnd } = atJson(vs.at);
  const { offset, offsetExpr } = offsetJson(vs);
  return {
    anchored: vs.anchored === true,
    matchers: matchersJson(vs.matchers),
    name: vs.name,
    offset,
    offsetExpr,
    smoothed: vs.smoothed === true,
    startOrEnd,
    timestamp,
    type: 'vectorSelector',
  };
}

function matrixSelectorJson(e: MatrixSelector): SyntaxTreeJson {
  return withSortedKeys({ ...vectorSelectorJson(e.selector), range: e.rangeMs, rangeExpr: optionalTree(e.rangeExpr), type: 'matrixSelector' });
}

/** The object with its keys in Go's map order (byte order), as Go's JSON encoder writes maps. */
function withSortedKeys(o: SyntaxTreeJson): SyntaxTreeJson {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function subqueryJson(e: SubqueryExpr): SyntaxTreeJson {
  const { timestamp, startOrEnd } = atJson(e.at);
  const { offset, offsetExpr } = offsetJson(e);
  return {
    expr: syntaxTreeJson(e.expr),
    offset,
    offsetExpr,
    range: e.rangeMs,
    rangeExpr: optionalTree(e.rangeExpr),
    startOrEnd,
    step: e.stepMs,
    stepExpr: optionalTree(e.stepExpr),
    timestamp,
    type: 'subquery',
  };
}
