/**
 * HTTP client settings (`<http_config>`): authentication, TLS, proxy and extra headers, shared by
 * scrape configs, Alertmanager configs, remote write/read and most service-discovery sections.
 * Semantics, defaults and messages follow Prometheus's common/config HTTPClientConfig.
 */
import { isAbsolute, join } from 'node:path';
import { isMap, isScalar, type Node, type YAMLMap } from 'yaml';
import { Fields, describeNode, isNull } from './decode.js';
import { parseGoUrl } from './goUrl.js';
import { quoteGoString } from '../model/goString.js';

export type TlsVersion = 'TLS10' | 'TLS11' | 'TLS12' | 'TLS13';
const TLS_VERSIONS: readonly string[] = ['TLS10', 'TLS11', 'TLS12', 'TLS13'];

export interface TlsConfig {
  readonly ca: string;
  readonly caFile: string;
  readonly cert: string;
  readonly certFile: string;
  readonly key: string;
  readonly keyFile: string;
  readonly serverName: string;
  readonly insecureSkipVerify: boolean;
  /** Absent means the runtime's default (TLS 1.2 minimum in Prometheus). */
  readonly minVersion?: TlsVersion;
  readonly maxVersion?: TlsVersion;
}

export interface BasicAuth {
  readonly username: string;
  readonly usernameFile: string;
  readonly password: string;
  readonly passwordFile: string;
}

export interface Authorization {
  /** The scheme put before the credentials; `Bearer` unless configured. */
  readonly type: string;
  readonly credentials: string;
  readonly credentialsFile: string;
}

/** Proxy settings, inlined both in `<http_config>` and in `<oauth2>`. */
export interface ProxySettings {
  /** Undefined when not configured; '' when configured empty (Go keeps the two apart). */
  readonly proxyUrl?: string;
  readonly noProxy: string;
  readonly proxyFromEnvironment: boolean;
  readonly proxyConnectHeader: Readonly<Record<string, readonly string[]>>;
}

export interface OAuth2Config extends ProxySettings {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly clientSecretFile: string;
  /** '' means client_credentials. */
  readonly grantType: string;
  readonly clientCertificateKey: string;
  readonly clientCertificateKeyFile: string;
  readonly clientCertificateKeyId: string;
  readonly signatureAlgorithm: string;
  readonly iss: string;
  readonly audience: string;
  readonly claims: Readonly<Record<string, string>>;
  readonly scopes: readonly string[];
  readonly tokenUrl: string;
  readonly endpointParams: Readonly<Record<string, string>>;
  readonly tlsConfig: TlsConfig;
}

/** One custom header: its values come from plain values, secrets and files, in that order. */
export interface HttpHeader {
  readonly values: readonly string[];
  readonly secrets: readonly string[];
  readonly files: readonly string[];
}

export interface HttpClientConfig extends ProxySettings {
  readonly basicAuth?: BasicAuth;
  /** Also holds a legacy `bearer_token`/`bearer_token_file`, mapped as Prometheus does. */
  readonly authorization?: Authorization;
  readonly oauth2?: OAuth2Config;
  readonly tlsConfig: TlsConfig;
  readonly followRedirects: boolean;
  readonly enableHttp2: boolean;
  readonly httpHeaders?: Readonly<Record<string, HttpHeader>>;
}

/** The settings as written, before validation: the legacy bearer fields are still separate. */
export interface HttpClientSettings extends HttpClientConfig {
  readonly bearerToken: string;
  readonly bearerTokenFile: string;
}

/** The keys `<http_config>` adds to the section that inlines it. */
export const HTTP_CLIENT_FIELDS: readonly string[] = [
  'basic_auth',
  'authorization',
  'oauth2',
  'bearer_token',
  'bearer_token_file',
  'tls_config',
  'follow_redirects',
  'enable_http2',
  'proxy_url',
  'no_proxy',
  'proxy_from_environment',
  'proxy_connect_header',
  'http_headers',
];

/** Headers Prometheus sets itself or that change the connection (canonical form). */
const RESERVED_HEADERS = new Set([
  'Authorization', 'Host', 'Content-Encoding', 'Content-Length', 'Content-Type', 'User-Agent',
  'Connection', 'Keep-Alive', 'Proxy-Authenticate', 'Proxy-Authorization', 'Www-Authenticate',
  'Accept-Encoding', 'X-Prometheus-Remote-Write-Version', 'X-Prometheus-Remote-Read-Version',
  'X-Prometheus-Scrape-Timeout-Seconds', 'X-Amz-Date', 'X-Amz-Security-Token', 'X-Amz-Content-Sha256',
]);

const DEFAULT_TLS: TlsConfig = {
  ca: '', caFile: '', cert: '', certFile: '', key: '', keyFile: '', serverName: '', insecureSkipVerify: false,
};

/** Joins a configured path to the config file's directory, as Prometheus's JoinDir does. */
export function resolveConfigPath(configDir: string, path: string): string {
  return path === '' || isAbsolute(path) ? path : join(configDir, path);
}

/** Go's http.CanonicalHeaderKey: `x-foo-bar` → `X-Foo-Bar`. */
export function canonicalHeaderKey(name: string): string {
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) return name;
  return name.toLowerCase().replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
}

/** Reads `<http_config>` from the enclosing section's fields and validates it like Prometheus. */
export function decodeHttpClientConfig(fields: Fields, configDir: string): HttpClientConfig {
  return validateHttpClientConfig(fields, readHttpClientSettings(fields, configDir));
}

/** Decodes and validates a `tls_config` key of a section (default settings when absent). */
export function decodeTlsConfig(parent: Fields, configDir: string, key = 'tls_config'): TlsConfig {
  const f = parent.sub(key, 'config.plain');
  if (f === undefined) return DEFAULT_TLS;
  const version = (k: string): TlsVersion | undefined => {
    const v = f.string(k);
    if (v === undefined) return undefined;
    if (!TLS_VERSIONS.includes(v)) throw f.error(f.node_(k), `unknown TLS version: ${v}`);
    return v as TlsVersion;
  };
  const tls: TlsConfig = {
    ca: f.string('ca') ?? '',
    caFile: resolveConfigPath(configDir, f.string('ca_file') ?? ''),
    cert: f.string('cert') ?? '',
    certFile: resolveConfigPath(configDir, f.string('cert_file') ?? ''),
    key: f.string('key') ?? '',
    keyFile: resolveConfigPath(configDir, f.string('key_file') ?? ''),
    serverName: f.string('server_name') ?? '',
    insecureSkipVerify: f.bool('insecure_skip_verify') ?? false,
    minVersion: version('min_version'),
    maxVersion: version('max_version'),
  };
  f.done();
  const problem = tlsProblem(tls);
  if (problem !== undefined) throw f.error(f.node, problem);
  return tls;
}

function tlsProblem(t: TlsConfig): string | undefined {
  if (t.ca !== '' && t.caFile !== '') return 'at most one of ca, ca_file & ca_ref must be configured';
  if (t.cert !== '' && t.certFile !== '') return 'at most one of cert, cert_file & cert_ref must be configured';
  if (t.key !== '' && t.keyFile !== '') return 'at most one of key and key_file must be configured';
  const usingCert = t.cert !== '' || t.certFile !== '';
  const usingKey = t.key !== '' || t.keyFile !== '';
  if (usingCert && !usingKey) return 'exactly one of key or key_file must be configured when a client certificate is configured';
  if (usingKey && !usingCert) return 'exactly one of cert or cert_file must be configured when a client key is configured';
  return undefined;
}

/** Reads the `<http_config>` keys without cross-field validation (for sections that check the raw form first). */
export function readHttpClientSettings(fields: Fields, configDir: string): HttpClientSettings {
  const basic = fields.sub('basic_auth', 'config.plain');
  let basicAuth: BasicAuth | undefined;
  if (basic !== undefined) {
    basicAuth = {
      username: basic.string('username') ?? '',
      usernameFile: resolveConfigPath(configDir, basic.string('username_file') ?? ''),
      password: basic.string('password') ?? '',
      passwordFile: resolveConfigPath(configDir, basic.string('password_file') ?? ''),
    };
    basic.done();
  }
  const auth = fields.sub('authorization', 'config.Authorization');
  let authorization: Authorization | undefined;
  if (auth !== undefined) {
    authorization = {
      type: auth.string('type') ?? '',
      credentials: auth.string('credentials') ?? '',
      credentialsFile: resolveConfigPath(configDir, auth.string('credentials_file') ?? ''),
    };
    auth.done();
  }
  const tlsConfig = decodeTlsConfig(fields, configDir);
  const oauth2 = readOAuth2(fields, configDir);
  const settings: HttpClientSettings = {
    basicAuth,
    authorization,
    oauth2,
    tlsConfig,
    bearerToken: fields.string('bearer_token') ?? '',
    bearerTokenFile: resolveConfigPath(configDir, fields.string('bearer_token_file') ?? ''),
    // An explicit null resets these to false, as Go's decoder does; only absence keeps true.
    followRedirects: fields.bool('follow_redirects') ?? !fields.has('follow_redirects'),
    enableHttp2: fields.bool('enable_http2') ?? !fields.has('enable_http2'),
    ...readProxySettings(fields),
    httpHeaders: readHeaders(fields, configDir),
  };
  return settings;
}

function readOAuth2(fields: Fields, configDir: string): OAuth2Config | undefined {
  const f = fields.sub('oauth2', 'config.plain');
  if (f === undefined) return undefined;
  const oauth2: OAuth2Config = {
    clientId: f.string('client_id') ?? '',
    clientSecret: f.string('client_secret') ?? '',
    clientSecretFile: resolveConfigPath(configDir, f.string('client_secret_file') ?? ''),
    grantType: f.string('grant_type') ?? '',
    clientCertificateKey: f.string('client_certificate_key') ?? '',
    clientCertificateKeyFile: resolveConfigPath(configDir, f.string('client_certificate_key_file') ?? ''),
    clientCertificateKeyId: f.string('client_certificate_key_id') ?? '',
    signatureAlgorithm: f.string('signature_algorithm') ?? '',
    iss: f.string('iss') ?? '',
    audience: f.string('audience') ?? '',
    claims: f.stringMap('claims') ?? {},
    scopes: f.stringList('scopes') ?? [],
    tokenUrl: f.string('token_url') ?? '',
    endpointParams: f.stringMap('endpoint_params') ?? {},
    tlsConfig: decodeTlsConfig(f, configDir),
    ...readProxySettings(f),
  };
  f.done();
  // Go validates oauth2's own proxy block while decoding it, before the enclosing checks.
  const problem = proxyProblem(oauth2);
  if (problem !== undefined) throw f.error(f.node, problem);
  return oauth2;
}

function readProxySettings(f: Fields): ProxySettings {
  const proxyUrl = f.string('proxy_url');
  if (proxyUrl !== undefined) {
    try {
      parseGoUrl(proxyUrl);
    } catch (e) {
      throw f.error(f.node_('proxy_url'), (e as Error).message);
    }
  }
  return {
    proxyUrl,
    noProxy: f.string('no_proxy') ?? '',
    proxyFromEnvironment: f.bool('proxy_from_environment') ?? false,
    proxyConnectHeader: readStringListMap(f, 'proxy_connect_header'),
  };
}

/** A `map[string][]string` field such as proxy_connect_header. */
function readStringListMap(f: Fields, key: string): Record<string, string[]> {
  const node = f.node_(key);
  const out: Record<string, string[]> = {};
  if (isNull(node)) return out;
  if (!isMap(node!)) throw f.error(node, `cannot unmarshal ${describeNode(node!)} into map[string][]config.Secret`);
  const holder = new Fields(node, 'map', f.source);
  for (const pair of (node as YAMLMap<Node, Node | null>).items) {
    const name = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    out[name] = holder.stringList(name) ?? [];
  }
  return out;
}

function readHeaders(fields: Fields, configDir: string): Record<string, HttpHeader> | undefined {
  const node = fields.node_('http_headers');
  if (isNull(node)) return undefined;
  if (!isMap(node!)) throw fields.error(node, `cannot unmarshal ${describeNode(node!)} into config.Headers`);
  const holder = new Fields(node, 'config.Headers', fields.source);
  const headers: Record<string, HttpHeader> = {};
  for (const pair of (node as YAMLMap<Node, Node | null>).items) {
    const name = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    const h = holder.sub(name, 'config.Header');
    headers[name] = {
      values: h?.stringList('values') ?? [],
      secrets: h?.stringList('secrets') ?? [],
      files: (h?.stringList('files') ?? []).map((p) => resolveConfigPath(configDir, p)),
    };
    h?.done();
  }
  return headers;
}

function proxyProblem(p: ProxySettings): string | undefined {
  const hasProxyUrl = p.proxyUrl !== undefined && p.proxyUrl !== '';
  if (Object.keys(p.proxyConnectHeader).length > 0 && !p.proxyFromEnvironment && !hasProxyUrl) {
    return 'if proxy_connect_header is configured, proxy_url or proxy_from_environment must also be configured';
  }
  if (p.proxyFromEnvironment && hasProxyUrl) return 'if proxy_from_environment is configured, proxy_url must not be configured';
  if (p.proxyFromEnvironment && p.noProxy !== '') return 'if proxy_from_environment is configured, no_proxy must not be configured';
  if (p.proxyUrl === undefined && p.noProxy !== '') return 'if no_proxy is configured, proxy_url must also be configured';
  return undefined;
}

/** Whether a config equals what an absent `<http_config>` gives (Kubernetes SD rejects anything else without api_server). */
export function isDefaultHttpClientConfig(c: HttpClientConfig): boolean {
  const tls = c.tlsConfig;
  const tlsDefault = (Object.keys(DEFAULT_TLS) as (keyof TlsConfig)[]).every((k) => tls[k] === DEFAULT_TLS[k]) &&
    tls.minVersion === undefined && tls.maxVersion === undefined;
  return c.basicAuth === undefined && c.authorization === undefined && c.oauth2 === undefined && tlsDefault &&
    c.followRedirects && c.enableHttp2 && c.proxyUrl === undefined && c.noProxy === '' && !c.proxyFromEnvironment &&
    Object.keys(c.proxyConnectHeader).length === 0 && c.httpHeaders === undefined;
}

/** Applies Prometheus's cross-field rules and maps legacy bearer fields into `authorization`. */
export function validateHttpClientConfig(fields: Fields, s: HttpClientSettings): HttpClientConfig {
  const fail = (message: string): never => {
    throw fields.error(fields.node, message);
  };
  const hasBearer = s.bearerToken !== '' || s.bearerTokenFile !== '';
  if (s.bearerToken !== '' && s.bearerTokenFile !== '') fail('at most one of bearer_token & bearer_token_file must be configured');
  if ((s.basicAuth !== undefined || s.oauth2 !== undefined) && hasBearer) {
    fail('at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured');
  }
  if (s.basicAuth !== undefined && s.basicAuth.username !== '' && s.basicAuth.usernameFile !== '') {
    fail('at most one of basic_auth username, username_file & username_ref must be configured');
  }
  if (s.basicAuth !== undefined && s.basicAuth.password !== '' && s.basicAuth.passwordFile !== '') {
    fail('at most one of basic_auth password, password_file & password_ref must be configured');
  }
  let authorization = s.authorization;
  if (authorization !== undefined) {
    if (hasBearer) fail('authorization is not compatible with bearer_token & bearer_token_file');
    if (authorization.credentials !== '' && authorization.credentialsFile !== '') {
      fail('at most one of authorization credentials & credentials_file must be configured');
    }
    const type = authorization.type.trim() === '' ? 'Bearer' : authorization.type.trim();
    if (type.toLowerCase() === 'basic') fail('authorization type cannot be set to "basic", use "basic_auth" instead');
    if (s.basicAuth !== undefined || s.oauth2 !== undefined) fail('at most one of basic_auth, oauth2 & authorization must be configured');
    authorization = { ...authorization, type };
  } else if (s.bearerToken !== '') {
    authorization = { type: 'Bearer', credentials: s.bearerToken, credentialsFile: '' };
  } else if (s.bearerTokenFile !== '') {
    authorization = { type: 'Bearer', credentials: '', credentialsFile: s.bearerTokenFile };
  }
  const o = s.oauth2;
  if (o !== undefined) {
    if (s.basicAuth !== undefined) fail('at most one of basic_auth, oauth2 & authorization must be configured');
    if (o.clientId === '') fail('oauth2 client_id must be configured');
    if (o.tokenUrl === '') fail('oauth2 token_url must be configured');
    if (o.clientSecret !== '' && o.clientSecretFile !== '') {
      fail('at most one of oauth2 client_secret, client_secret_file & client_secret_ref must be configured');
    }
    if (o.clientCertificateKey !== '' && o.clientCertificateKeyFile !== '') {
      fail('at most one of oauth2 client_certificate_key, client_certificate_key_file & client_certificate_key_ref must be configured');
    }
  }
  const proxy = proxyProblem(s);
  if (proxy !== undefined) fail(proxy);
  for (const name of Object.keys(s.httpHeaders ?? {})) {
    const canonical = canonicalHeaderKey(name);
    if (RESERVED_HEADERS.has(canonical)) fail(`setting header ${quoteGoString(canonical)} is not allowed`);
  }
  const { bearerToken: _token, bearerTokenFile: _file, ...config } = s;
  return { ...config, authorization };
}
