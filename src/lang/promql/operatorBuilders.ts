/**
 * Building binary operations (with `bool`, `on`/`ignoring`, `group_left`/`group_right` and the
 * `fill` modifiers), aggregations and function calls. The errors Prometheus raises while
 * building these nodes are deferred (deferredErrors.ts); the type checks come later (checker.ts).
 */
import { isValidLabelName } from '../../model/labels.js';
import type { AggregateExpr, AggregateOp, BinaryExpr, BinaryOp, Call, Expr, MatchCardinality, NumberLiteral, PositionRange, VectorMatching } from './ast.js';
import { signed } from './astBuilders.js';
import { deferError, inheritErrors } from './deferredErrors.js';
import { aggregationSignature, functionSignature } from './functionSignatures.js';
import { ParseFailure } from './parseError.js';
import { goQuote, unquoteString } from './quoting.js';
import type { Token } from './tokens.js';
import { valueTypeOf } from './valueTypes.js';

/** The modifiers written between a binary operator and its right operand, as parsed. */
export interface BinaryModifiers {
  readonly returnBool: boolean;
  /** `on(...)` / `ignoring(...)`. */
  readonly matching?: { readonly on: boolean; readonly labels: readonly string[] };
  /** `group_left(...)` / `group_right(...)`; `listed` is false when written without parentheses. */
  readonly group?: { readonly side: 'left' | 'right'; readonly labels: readonly string[]; readonly listed: boolean };
  readonly fillLeft?: number;
  readonly fillRight?: number;
}

/** A parenthesized label list as written (`by (a, "b.c")`). */
export interface LabelList {
  readonly labels: readonly string[];
  readonly close: Token;
}

const OPERATORS: Partial<Record<Token['type'], BinaryOp>> = {
  ADD: '+', SUB: '-', MUL: '*', DIV: '/', MOD: '%', POW: '^', ATAN2: 'atan2', TRIM_UPPER: '</', TRIM_LOWER: '>/',
  EQLC: '==', NEQ: '!=', GTR: '>', LSS: '<', GTE: '>=', LTE: '<=', LAND: 'and', LOR: 'or', LUNLESS: 'unless',
};

/** The set operators (`and`, `or`, `unless`). */
export function isSetOperator(op: BinaryOp): boolean {
  return op === 'and' || op === 'or' || op === 'unless';
}

/** The comparison operators. */
export function isComparisonOperator(op: BinaryOp): boolean {
  return op === '==' || op === '!=' || op === '>' || op === '<' || op === '>=' || op === '<=';
}

const rawModifiers = new WeakMap<BinaryExpr, BinaryModifiers>();

/** The modifiers of a binary expression as written (the checker reports misuse of them). */
export function modifiersOf(e: BinaryExpr): BinaryModifiers {
  return rawModifiers.get(e) ?? { returnBool: e.returnBool };
}

/** A grouping label: a (keyword) identifier, or a quoted UTF-8 name that must not be empty. */
export function groupingLabel(t: Token): string {
  if (t.type !== 'STRING') return t.value;
  const name = unquoteString(t.value);
  // Context-free, so thrown at once.
  if (!isValidLabelName(name)) throw new ParseFailure(`invalid label name for grouping: ${goQuote(name)}`, { start: t.offset, end: t.end });
  return name;
}

/** `(a, b)`, `()`, `(a,)`. */
export function labelList(labels: readonly string[], close: Token): LabelList {
  return { labels, close };
}

/** Assembles the modifiers of one binary operation. */
export function binaryModifiers(
  boolToken: Token | null,
  matching: [Token, LabelList] | null,
  group: [Token, LabelList | null] | null,
  fill: { left?: number; right?: number } | null,
): BinaryModifiers {
  return {
    returnBool: boolToken !== null,
    ...(matching && { matching: { on: matching[0].type === 'ON', labels: matching[1].labels } }),
    ...(group && { group: { side: group[0].type === 'GROUP_LEFT' ? 'left' : 'right', labels: group[1]?.labels ?? [], listed: group[1] !== null } }),
    ...(fill?.left !== undefined && { fillLeft: fill.left }),
    ...(fill?.right !== undefined && { fillRight: fill.right }),
  };
}

/** The value of `fill(v)`: a number or duration, optionally signed. */
export function fillValue(sign: Token | null, value: NumberLiteral): number {
  return sign?.type === 'SUB' ? -value.value : value.value;
}

// Whether the leftmost token of an expression is an opening parenthesis.
function startsWithParen(e: Expr): boolean {
  for (let node: Expr | undefined = e; node !== undefined; ) {
    if (node.kind === 'ParenExpr') return true;
    const start: number = node.pos.start;
    const first: Expr | undefined =
      node.kind === 'BinaryExpr' ? node.lhs : node.kind === 'MatrixSelector' ? node.selector : node.kind === 'SubqueryExpr' ? node.expr : undefined;
    node = first !== undefined && first.pos.start === start ? first : undefined;
  }
  return false;
}

/**
 * `lhs op modifiers rhs`; returns `reject` for the reading Prometheus's LALR parser never takes:
 * after `group_left`/`group_right`, a parenthesis always opens the label list.
 */
export function binary(lhs: Expr, opToken: Token, mods: BinaryModifiers, rhs: Expr, reject: unknown): BinaryExpr | unknown {
  const op = OPERATORS[opToken.type]!;
  const filled = mods.fillLeft !== undefined || mods.fillRight !== undefined;
  if (mods.group !== undefined && !mods.group.listed && !filled && startsWithParen(rhs)) return reject;
  const pos: PositionRange = { start: lhs.pos.start, end: rhs.pos.end };
  const node: BinaryExpr = { kind: 'BinaryExpr', op, lhs, rhs, returnBool: mods.returnBool, pos };
  const withMatching = valueTypeOf(lhs) === 'vector' && valueTypeOf(rhs) === 'vector' ? { ...node, matching: vectorMatching(op, mods) } : node;
  rawModifiers.set(withMatching, mods);
  if (mods.fillLeft !== undefined || mods.fillRight !== undefined) {
    deferError(withMatching, new ParseFailure('binop fill modifiers are experimental and not enabled', pos), 'binopFillModifiers');
  }
  return withMatching;
}

function vectorMatching(op: BinaryOp, mods: BinaryModifiers): VectorMatching {
  let card: MatchCardinality = mods.group === undefined ? 'one-to-one' : mods.group.side === 'left' ? 'many-to-one' : 'one-to-many';
  if (isSetOperator(op) && card === 'one-to-one') card = 'many-to-many';
  return {
    card,
    matchingLabels: mods.matching?.labels ?? [],
    on: mods.matching?.on ?? false,
    include: mods.group?.labels ?? [],
    ...(mods.fillLeft !== undefined && { fillLeft: mods.fillLeft }),
    ...(mods.fillRight !== undefined && { fillRight: mods.fillRight }),
  };
}

/** The right operand of a `^`, with the signs written before it. */
export interface PowerOperand {
  readonly signs: readonly Token[];
  readonly operand: Expr;
}

/** A chain `a ^ b ^ -c` as parsed, before it is folded right-associatively. */
export interface PowerChain {
  readonly base: Expr;
  readonly links: readonly { readonly op: Token; readonly mods: BinaryModifiers; readonly right: PowerOperand }[];
}

/** The first `^` of a chain. */
export function powerChain(base: Expr, op: Token, mods: BinaryModifiers, right: PowerOperand): PowerChain {
  return { base, links: [{ op, mods, right }] };
}

/** One more `^` at the end of a chain. */
export function extendPowerChain(chain: PowerChain, op: Token, mods: BinaryModifiers, right: PowerOperand): PowerChain {
  return { base: chain.base, links: [...chain.links, { op, mods, right }] };
}

/** Folds a `^` chain right-associatively; a sign covers the rest of the chain (`a ^ -b ^ c` is `a ^ -(b ^ c)`). */
export function foldPower(chain: PowerChain, reject: unknown): Expr | unknown {
  const { links } = chain;
  const last = links[links.length - 1]!.right;
  let acc: Expr = signed(last.signs, last.operand);
  for (let i = links.length - 1; i >= 0; i--) {
    const left = i === 0 ? { signs: [], operand: chain.base } : links[i - 1]!.right;
    const combined = binary(left.operand, links[i]!.op, links[i]!.mods, acc, reject);
    if (combined === reject) return reject;
    acc = signed(left.signs, combined as Expr);
  }
  return acc;
}

/** The parenthesized arguments of a call or aggregation. */
export interface CallBody {
  readonly args: readonly Expr[];
  readonly close: Token;
}

/** `(a, b)`; a trailing comma parses but is an error, as upstream. */
export function callBody(args: readonly Expr[], close: Token, trailingComma?: Token): CallBody {
  const body = { args, close };
  if (trailingComma !== undefined) {
    deferError(body, new ParseFailure('trailing commas not allowed in function call args', { start: trailingComma.offset, end: trailingComma.end }));
  }
  return body;
}

/** `rate(x[5m])`; the function must exist, and experimental ones must be enabled. */
export function call(name: Token, body: CallBody): Call {
  const func = name.value;
  const node: Call = { kind: 'Call', func, args: body.args, pos: { start: name.offset, end: body.close.end } };
  inheritErrors(node, body);
  const nameRange = { start: name.offset, end: name.end };
  const sig = functionSignature(func);
  if (sig === undefined) deferError(node, new ParseFailure(`unknown function with name ${goQuote(func)}`, nameRange));
  else if (sig.experimental) deferError(node, new ParseFailure(`function ${goQuote(func)} is not enabled`, nameRange), 'experimentalFunctions');
  return node;
}

/** `by (a)` / `without (a)` of an aggregation. */
export interface AggregateModifier {
  readonly without: boolean;
  readonly grouping: readonly string[];
  readonly close: Token;
}

/** The `by`/`without` clause. */
export function aggregateModifier(keyword: Token, labels: LabelList): AggregateModifier {
  return { without: keyword.type === 'WITHOUT', grouping: labels.labels, close: labels.close };
}

/** `sum by (job) (x)`, `topk(3, x) without (a)`; the clause may come before or after the arguments. */
export function aggregate(opToken: Token, modifier: AggregateModifier | null, body: CallBody): AggregateExpr {
  const op = opToken.value.toLowerCase() as AggregateOp;
  const end = modifier !== null && modifier.close.offset > body.close.offset ? modifier.close.end : body.close.end;
  const pos = { start: opToken.offset, end };
  const sig = aggregationSignature(op);
  const args = body.args;
  const wanted = sig.paramType === undefined ? 1 : 2;
  // A placeholder keeps the node well-formed when arguments are missing (an error is attached).
  const expr = args[wanted - 1] ?? args[args.length - 1] ?? ({ kind: 'NumberLiteral', value: 0, duration: false, pos } as const);
  const node: AggregateExpr = {
    kind: 'AggregateExpr', op, expr, grouping: modifier?.grouping ?? [], without: modifier?.without ?? false, pos,
    ...(sig.paramType !== undefined && args.length >= 2 && { param: args[0] }),
  };
  inheritErrors(node, body);
  if (args.length === 0) return deferError(node, new ParseFailure('no arguments for aggregate expression provided', pos));
  if (sig.experimental) {
    deferError(node, new ParseFailure(`${op}() is experimental and must be enabled with --enable-feature=promql-experimental-functions`, pos), 'experimentalFunctions');
  }
  if (args.length !== wanted) {
    deferError(node, new ParseFailure(`wrong number of arguments for aggregate expression provided, expected ${wanted}, got ${args.length}`, pos));
  }
  return node;
}
