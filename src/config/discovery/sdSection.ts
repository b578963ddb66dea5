/**
 * What every service-discovery decoder shares: the common result shape, the decoding context,
 * and small readers for the patterns that recur across SD sections (required strings, URLs,
 * secret/secret-file pairs, filters).
 */
import type { Node } from 'yaml';
import { Fields, isNull } from '../decode.js';
import { parseGoUrl, type GoUrl } from '../goUrl.js';
import { resolveConfigPath } from '../httpClientConfig.js';

/** One configured discovery mechanism of a scrape job or Alertmanager set. */
export interface DiscoveryConfig {
  /** The mechanism: 'static', 'file', 'http', 'dns', 'kubernetes', 'consul', 'ec2', ... */
  readonly kind: string;
  /** Whether promstream runs this mechanism yet; the server logs the configured ones it does not. */
  readonly implemented: boolean;
}

/** What a decoder needs besides the section itself. */
export interface SdContext {
  /** Directory of the config file; relative paths are resolved against it. */
  readonly configDir: string;
  /** Which kind of section holds the discovery configs. */
  readonly role: 'scrape' | 'alertmanager';
}

/** Decodes one entry of a `<kind>_sd_configs` list. */
export type SdDecoder = (fields: Fields, ctx: SdContext) => DiscoveryConfig;

/** Throws a config error located at the section. */
export function fail(fields: Fields, message: string): never {
  throw fields.error(fields.node, message);
}

/** Milliseconds in a second/minute, for readable defaults. */
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;

// Go's YAML decoding starts from the defaults, and an explicit null resets a field to its zero
// value; only an absent key keeps the default. The readers below keep that distinction.

/** A string field: the fallback when absent, '' when null. */
export function stringOr(fields: Fields, key: string, fallback = ''): string {
  return fields.string(key) ?? (fields.has(key) ? '' : fallback);
}

/** A boolean field: the fallback when absent, false when null. */
export function boolOr(fields: Fields, key: string, fallback: boolean): boolean {
  return fields.bool(key) ?? (fields.has(key) ? false : fallback);
}

/** An integer field: the fallback when absent, 0 when null. */
export function intOr(fields: Fields, key: string, fallback: number): number {
  return fields.integer(key) ?? (fields.has(key) ? 0 : fallback);
}

/** A duration field in milliseconds: the fallback when absent, 0 when null. */
export function durationOr(fields: Fields, key: string, fallbackMs: number): number {
  return fields.duration(key) ?? (fields.has(key) ? 0 : fallbackMs);
}

/** A path field, joined to the config directory when relative. */
export function pathField(fields: Fields, key: string, ctx: SdContext): string {
  return resolveConfigPath(ctx.configDir, fields.string(key) ?? '');
}

/** Parses with Go's URL rules; a syntax error becomes a config error at the field. */
export function urlField(fields: Fields, key: string, value: string): GoUrl {
  try {
    return parseGoUrl(value);
  } catch (e) {
    throw fields.error(fields.node_(key), (e as Error).message);
  }
}

/** Reads `<key>` and `<key>_file`, of which exactly one must be set (scaleway, outscale secrets). */
export function readSecretPair(fields: Fields, key: string, ctx: SdContext): { value: string; file: string } {
  const value = stringOr(fields, key);
  const file = pathField(fields, `${key}_file`, ctx);
  return { value, file };
}

/** Validates a pair read by readSecretPair, with Prometheus's wording. */
export function checkSecretPair(fields: Fields, key: string, pair: { value: string; file: string }): void {
  if (pair.value === '' && pair.file === '') fail(fields, `one of ${key} & ${key}_file must be configured`);
  if (pair.value !== '' && pair.file !== '') fail(fields, `at most one of ${key} & ${key}_file must be configured`);
}

/** A `{name, values}` filter, as EC2 and Docker take them. */
export interface NameValuesFilter {
  readonly name: string;
  readonly values: readonly string[];
}

/** Reads a list of `{name, values}` filters strictly. */
export function filterList(fields: Fields, key: string, typeName: string): NameValuesFilter[] {
  return (fields.list(key) ?? []).map((item: Node) => {
    const f = new Fields(isNull(item) ? null : item, typeName, fields.source);
    const filter = { name: stringOr(f, 'name'), values: f.stringList('values') ?? [] };
    f.done();
    return filter;
  });
}

/** The URL rules of http_sd and puppetdb_sd: present, http(s), with a host. */
export function checkHttpUrl(fields: Fields, key: string, value: string): void {
  if (value === '') fail(fields, 'URL is missing');
  const url = urlField(fields, key, value);
  if (url.scheme !== 'http' && url.scheme !== 'https') fail(fields, "URL scheme must be 'http' or 'https'");
  if (url.host === '') fail(fields, 'host is missing in URL');
}
