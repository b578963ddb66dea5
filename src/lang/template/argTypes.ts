/**
 * How Go's text/template checks a function argument against the parameter's type: literals are
 * read according to the type (`expected string; found 1`), computed values must already have it
 * (`wrong type for value; expected string; got float64`), and nil is only for nilable types.
 */
import { nodeString, type ArgNode } from './nodes.js';
import { goTypeOf, paramTypeName, type GoValue, type ParamType } from './values.js';

/**
 * A nil interface{} read from a map (`(args).x` for a missing key). Go keeps it apart from "no
 * value" until a pipeline stage ends, which changes the wording of type errors; execution turns
 * it into `undefined` before anything else sees it.
 */
export const NIL_INTERFACE = Symbol('nil interface') as unknown as GoValue;

/** Whether nil may be passed for a parameter (interfaces, reflect.Value, pointers, slices, maps). */
export function canBeNil(t: ParamType): boolean {
  return t === 'any' || t === 'value' || (typeof t !== 'string' && t.nilable);
}

/** Why a computed value cannot be passed for a parameter, in Go's words; undefined when it can. */
export function argumentProblem(value: GoValue, t: ParamType): string | undefined {
  if (value === NIL_INTERFACE) return t === 'any' || t === 'value' ? undefined : `wrong type for value; expected ${paramTypeName(t)}; got interface {}`;
  if (value === undefined) return canBeNil(t) ? undefined : `invalid value; expected ${paramTypeName(t)}`;
  const ok =
    t === 'any' || t === 'value' ||
    (t === 'string' && typeof value === 'string') ||
    (t === 'float64' && typeof value === 'number') ||
    (t === 'int' && typeof value === 'bigint') ||
    (t === 'bool' && typeof value === 'boolean') ||
    (typeof t !== 'string' && t.accepts(value));
  return ok ? undefined : `wrong type for value; expected ${paramTypeName(t)}; got ${goTypeOf(value)}`;
}

/** A literal read for a typed parameter: the value, or Go's complaint. */
export function literalArgument(n: ArgNode, t: ParamType): { value: GoValue } | string {
  switch (t) {
    case 'bool':
      return n.kind === 'bool' ? { value: n.value } : `expected bool; found ${nodeString(n)}`;
    case 'float64':
      return n.kind === 'number' && n.isFloat ? { value: n.float } : `expected float; found ${nodeString(n)}`;
    case 'int':
      return n.kind === 'number' && n.isInt ? { value: n.int } : `expected integer; found ${nodeString(n)}`;
    case 'string':
      return n.kind === 'string' ? { value: n.text } : `expected string; found ${nodeString(n)}`;
  }
  return `can't handle ${nodeString(n)} for arg of type ${paramTypeName(t)}`;
}
