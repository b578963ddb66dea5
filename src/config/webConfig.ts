/**
 * The `--web.config.file` format of Prometheus (exporter-toolkit): TLS for the HTTP server and
 * basic-auth users with bcrypt password hashes.
 */
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ConfigError, Fields, parseYamlSource } from './decode.js';
import { resolveConfigPath } from './httpClientConfig.js';

export type ClientAuthType = 'NoClientCert' | 'RequestClientCert' | 'RequireAnyClientCert' | 'VerifyClientCertIfGiven' | 'RequireAndVerifyClientCert';
const CLIENT_AUTH_TYPES: readonly string[] = ['NoClientCert', 'RequestClientCert', 'RequireAnyClientCert', 'VerifyClientCertIfGiven', 'RequireAndVerifyClientCert'];
const TLS_VERSIONS: readonly string[] = ['TLS10', 'TLS11', 'TLS12', 'TLS13'];

export interface TlsServerConfig {
  readonly certFile: string;
  readonly keyFile: string;
  readonly clientAuthType: ClientAuthType;
  readonly clientCaFile: string;
  readonly minVersion: string;
  readonly maxVersion: string;
}

export interface WebConfig {
  /** undefined: serve plain HTTP. */
  readonly tls: TlsServerConfig | undefined;
  /** User name → bcrypt hash; empty means no authentication. */
  readonly basicAuthUsers: Readonly<Record<string, string>>;
  /** Extra response headers (http_server_config.headers). */
  readonly headers: Readonly<Record<string, string>>;
}

/** Reads and validates a web config file; errors name the file (and line). */
export async function loadWebConfig(path: string): Promise<WebConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new ConfigError(`${path}: ${(e as Error).message}`);
  }
  return parseWebConfig(text, path);
}

/** Parses web config text. */
export function parseWebConfig(text: string, file: string): WebConfig {
  const { root, source } = parseYamlSource(text, file);
  const top = new Fields(root, 'web.Config', source);
  const dir = dirname(file);
  let tls: TlsServerConfig | undefined;
  const t = top.sub('tls_server_config', 'web.TLSConfig');
  if (t) {
    const certFile = resolveConfigPath(dir, t.string('cert_file') ?? '');
    const keyFile = resolveConfigPath(dir, t.string('key_file') ?? '');
    const clientAuthType = t.string('client_auth_type') ?? 'NoClientCert';
    const clientCaFile = resolveConfigPath(dir, t.string('client_ca_file') ?? '');
    const minVersion = t.string('min_version') ?? 'TLS12';
    const maxVersion = t.string('max_version') ?? 'TLS13';
    for (const unsupported of ['cipher_suites', 'curve_preferences', 'prefer_server_cipher_suites', 'client_allowed_sans', 'cert', 'key', 'client_ca']) {
      if (t.has(unsupported)) throw t.error(t.node_(unsupported), `${unsupported} is not supported by promstream yet`);
    }
    t.done();
    if (!CLIENT_AUTH_TYPES.includes(clientAuthType)) throw t.error(t.node, `invalid ClientAuth: ${clientAuthType}`);
    if (!TLS_VERSIONS.includes(minVersion)) throw t.error(t.node, `unknown TLS version: ${minVersion}`);
    if (!TLS_VERSIONS.includes(maxVersion)) throw t.error(t.node, `unknown TLS version: ${maxVersion}`);
    if (certFile === '' && keyFile === '' && clientCaFile === '') {
      tls = undefined;
    } else {
      if (certFile === '') throw t.error(t.node, 'missing cert_file');
      if (keyFile === '') throw t.error(t.node, 'missing key_file');
      if (clientCaFile !== '' && clientAuthType === 'NoClientCert') throw t.error(t.node, "Client CA's have been configured without a Client Auth Policy");
      if (clientCaFile === '' && (clientAuthType === 'RequireAndVerifyClientCert' || clientAuthType === 'VerifyClientCertIfGiven')) {
        throw t.error(t.node, `client_ca_file must be set when client_auth_type is ${clientAuthType}`);
      }
      tls = { certFile, keyFile, clientAuthType: clientAuthType as ClientAuthType, clientCaFile, minVersion, maxVersion };
    }
  }
  const basicAuthUsers = top.stringMap('basic_auth_users') ?? {};
  const server = top.sub('http_server_config', 'web.HTTPConfig');
  const headers = server?.stringMap('headers') ?? {};
  server?.bool('http2');
  server?.done();
  top.done();
  return { tls, basicAuthUsers, headers };
}
