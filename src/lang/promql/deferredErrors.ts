/**
 * Errors found while building the tree, reported once the whole query has parsed. Nearley runs
 * the grammar's postprocessors for partial parses that may later be abandoned, so a builder must
 * not throw for an error that depends on context (an `offset` on a number, a call to an unknown
 * function): it attaches the error to the node it returns, and only errors on the nodes of the
 * final tree are reported, in the order Prometheus's bottom-up parser would add them.
 */
import type { Expr } from './ast.js';
import type { ParseFailure } from './parseError.js';

/** The opt-in syntax of Prometheus 3 (each matches an `--enable-feature` flag). */
export type ParserFeature = 'experimentalFunctions' | 'durationExpressions' | 'extendedRangeSelectors' | 'binopFillModifiers';

/** An error attached to a node; `feature` errors only count while that feature is off. */
export interface DeferredError {
  readonly failure: ParseFailure;
  readonly feature?: ParserFeature;
}

const attached = new WeakMap<object, DeferredError[]>();

/** Attaches an error to a node the caller has just created (and returns it). */
export function deferError<T extends object>(node: T, failure: ParseFailure, feature?: ParserFeature): T {
  const list = attached.get(node) ?? [];
  list.push(feature === undefined ? { failure } : { failure, feature });
  attached.set(node, list);
  return node;
}

/** A shallow copy of a possibly shared node with the error attached (the original stays clean). */
export function deferErrorOnCopy<T extends object>(node: T, failure: ParseFailure, feature?: ParserFeature): T {
  const copy = { ...node };
  inheritErrors(copy, node);
  return deferError(copy, failure, feature);
}

/** Copies the errors attached to `from` (e.g. an argument list) onto `to`, before `to`'s own. */
export function inheritErrors<T extends object>(to: T, from: object): T {
  const inherited = attached.get(from);
  if (inherited === undefined || inherited.length === 0) return to;
  attached.set(to, [...inherited, ...(attached.get(to) ?? [])]);
  return to;
}

/** Every expression below a node that may carry errors, including durations and parameters. */
function nestedOf(e: Expr): Expr[] {
  switch (e.kind) {
    case 'NumberLiteral':
    case 'StringLiteral':
      return [];
    case 'VectorSelector':
      return e.offsetExpr ? [e.offsetExpr] : [];
    case 'MatrixSelector':
      return [e.selector, ...(e.rangeExpr ? [e.rangeExpr] : [])];
    case 'SubqueryExpr':
      return [e.expr, ...[e.rangeExpr, e.stepExpr, e.offsetExpr].filter((x) => x !== undefined)];
    case 'ParenExpr':
    case 'UnaryExpr':
      return [e.expr];
    case 'Call':
      return [...e.args];
    case 'AggregateExpr':
      return e.param === undefined ? [e.expr] : [e.param, e.expr];
    case 'BinaryExpr':
      return [e.lhs, e.rhs];
    case 'DurationExpr':
      return [e.lhs, e.rhs].filter((x): x is Expr => x !== undefined);
  }
}

/** The first error of the final tree (children before parents, left to right), skipping enabled features. */
export function firstDeferredError(root: Expr, enabled: (feature: ParserFeature) => boolean): ParseFailure | undefined {
  // Iterative post-order: operator chains can nest thousands deep.
  const stack: { node: Expr; visited: boolean }[] = [{ node: root, visited: false }];
  while (stack.length > 0) {
    const top = stack.pop()!;
    if (!top.visited) {
      stack.push({ node: top.node, visited: true });
      const children = nestedOf(top.node);
      for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i]!, visited: false });
      continue;
    }
    for (const d of attached.get(top.node) ?? []) {
      if (d.feature === undefined || !enabled(d.feature)) return d.failure;
    }
  }
  return undefined;
}
