/**
 * The `runtime` section. Prometheus tunes Go's garbage collector with `gogc`; Node has no such
 * knob, but the value is kept (with Prometheus's default) so configs load and round-trip.
 */
import type { Fields } from './decode.js';

export interface RuntimeConfig {
  readonly gogc: number;
}

const DEFAULT_GOGC = 75;

/** Prometheus's default: the GOGC environment variable when it is a number (`off` is -1), else 75. */
export function defaultGoGc(env: Readonly<Record<string, string | undefined>>): number {
  const value = env['GOGC'];
  if (value === undefined || value === '') return DEFAULT_GOGC;
  if (value.toLowerCase() === 'off') return -1;
  return /^[+-]?\d+$/.test(value) ? Number(value) : DEFAULT_GOGC;
}

/** Decodes the runtime section; absent, null or gogc 0 give the default. */
export function decodeRuntimeConfig(f: Fields | undefined, env: Readonly<Record<string, string | undefined>>): RuntimeConfig {
  const gogc = f?.integer('gogc') ?? 0;
  f?.done();
  return { gogc: gogc === 0 ? defaultGoGc(env) : gogc };
}
