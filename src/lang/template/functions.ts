/**
 * How template functions are declared: Go decides how a literal argument is read and which
 * values are accepted from a function's parameter types, so every function states them.
 */
import type { GoValue, ParamType } from './values.js';

/** A function a template can call. Throw FuncError to return Go's `error` result. */
export interface TemplateFunction {
  readonly params: readonly ParamType[];
  /** The element type of a final `...` parameter. */
  readonly variadic?: ParamType;
  /** `and`/`or`: arguments are evaluated only as far as needed. */
  readonly shortCircuit?: boolean;
  readonly call: (...args: GoValue[]) => GoValue | Promise<GoValue>;
}

/** Functions by name. */
export type FuncMap = ReadonlyMap<string, TemplateFunction>;

/** The error result of a function; execution reports `error calling NAME: MESSAGE`. */
export class FuncError extends Error {}

/** Shorthand for a function with fixed parameters. */
export function fn(params: readonly ParamType[], call: (...args: GoValue[]) => GoValue | Promise<GoValue>): TemplateFunction {
  return { params, call };
}

/** Shorthand for a function whose last parameter is `...T`. */
export function variadicFn(params: readonly ParamType[], variadic: ParamType, call: (...args: GoValue[]) => GoValue | Promise<GoValue>): TemplateFunction {
  return { params, variadic, call };
}

/** The message Go's runtime gives when a function dereferences a nil pointer. */
export const NIL_DEREFERENCE = 'runtime error: invalid memory address or nil pointer dereference';
