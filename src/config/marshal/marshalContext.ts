/**
 * What every marshaller shares: the options, and the two ways Prometheus hides credentials when it
 * prints a config (`config.Secret` values as `<secret>`, URL passwords as `xxxxx`).
 */
import { NULL, str, type YamlNode } from './yamlNodes.js';

/** Options of marshalConfig. */
export interface MarshalOptions {
  /**
   * Print secrets as written instead of `<secret>` (Prometheus's config.MarshalSecretValue, which
   * its tests use); the output then reloads to the same config.
   */
  readonly showSecrets?: boolean;
}

/** Marshal options with defaults applied. */
export interface MarshalContext {
  readonly showSecrets: boolean;
}

/** Applies the defaults of MarshalOptions. */
export function marshalContext(options: MarshalOptions = {}): MarshalContext {
  return { showSecrets: options.showSecrets ?? false };
}

const SECRET_TOKEN = '<secret>';

/** A `config.Secret` field without omitempty: an empty secret prints as null. */
export function secret(value: string, ctx: MarshalContext): YamlNode {
  if (ctx.showSecrets) return str(value);
  return value === '' ? NULL : str(SECRET_TOKEN);
}

/** An omitempty `config.Secret` field. */
export function optSecret(value: string, ctx: MarshalContext): YamlNode | undefined {
  return value === '' ? undefined : secret(value, ctx);
}

/** A `[]config.Secret`. */
export function secrets(values: readonly string[], ctx: MarshalContext): YamlNode {
  return { kind: 'seq', items: values.map((v) => secret(v, ctx)), flow: false };
}

/** `config.URL` prints with the password of its userinfo replaced, as URL.Redacted does. */
export function redactUrl(url: string): string {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/)([^/?#]*)@/.exec(url);
  if (m === null) return url;
  const userinfo = m[2]!;
  const colon = userinfo.indexOf(':');
  if (colon < 0) return url;
  return `${m[1]}${userinfo.slice(0, colon)}:xxxxx@${url.slice(m[0].length)}`;
}
