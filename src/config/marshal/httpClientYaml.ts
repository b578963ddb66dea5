/**
 * `<http_config>` and its parts as Prometheus's common/config structs marshal them: the HTTP
 * fields are inlined into the section that holds them, in HTTPClientConfig's field order.
 */
import type { Authorization, BasicAuth, HttpClientConfig, HttpHeader, OAuth2Config, ProxySettings, TlsConfig } from '../httpClientConfig.js';
import { optSecret, redactUrl, secret, secrets, type MarshalContext } from './marshalContext.js';
import {
  bool,
  goMap,
  optBool,
  optStr,
  optStringMap,
  optStrings,
  str,
  struct,
  type Field,
  type YamlNode,
} from './yamlNodes.js';

/** Whether a TLS config is Go's zero TLSConfig, which `tls_config,omitempty` leaves out. */
export function isZeroTls(t: TlsConfig): boolean {
  return t.ca === '' && t.caFile === '' && t.cert === '' && t.certFile === '' && t.key === '' && t.keyFile === '' &&
    t.serverName === '' && !t.insecureSkipVerify && t.minVersion === undefined && t.maxVersion === undefined;
}

/** `tls_config`: a TLSConfig (`insecure_skip_verify` is the one field always printed). */
export function tlsNode(t: TlsConfig, ctx: MarshalContext): YamlNode {
  return struct([
    ['ca', optStr(t.ca)],
    ['cert', optStr(t.cert)],
    ['key', optSecret(t.key, ctx)],
    ['ca_file', optStr(t.caFile)],
    ['cert_file', optStr(t.certFile)],
    ['key_file', optStr(t.keyFile)],
    ['server_name', optStr(t.serverName)],
    ['insecure_skip_verify', bool(t.insecureSkipVerify)],
    ['min_version', optStr(t.minVersion)],
    ['max_version', optStr(t.maxVersion)],
  ]);
}

/** An omitempty `tls_config` field. */
export function optTls(t: TlsConfig, ctx: MarshalContext): YamlNode | undefined {
  return isZeroTls(t) ? undefined : tlsNode(t, ctx);
}

function basicAuthNode(b: BasicAuth, ctx: MarshalContext): YamlNode {
  return struct([
    ['username', str(b.username)],
    ['username_file', optStr(b.usernameFile)],
    ['password', optSecret(b.password, ctx)],
    ['password_file', optStr(b.passwordFile)],
  ]);
}

function authorizationNode(a: Authorization, ctx: MarshalContext): YamlNode {
  return struct([
    ['type', optStr(a.type)],
    ['credentials', optSecret(a.credentials, ctx)],
    ['credentials_file', optStr(a.credentialsFile)],
  ]);
}

/** The ProxyConfig fields, inlined both in `<http_config>` and in `oauth2`. */
export function proxyFields(p: ProxySettings, ctx: MarshalContext): Field[] {
  const headers = Object.keys(p.proxyConnectHeader).length === 0 ? undefined : goMap(p.proxyConnectHeader, (v) => secrets(v, ctx));
  return [
    // A configured but empty proxy_url is a non-nil URL, which Go prints as "".
    ['proxy_url', p.proxyUrl === undefined ? undefined : str(redactUrl(p.proxyUrl))],
    ['no_proxy', optStr(p.noProxy)],
    ['proxy_from_environment', optBool(p.proxyFromEnvironment)],
    ['proxy_connect_header', headers],
  ];
}

/**
 * `oauth2`. Fields without omitempty print even when empty (`client_secret: null`,
 * `grant_type: ""`). Go also prints empty `client_secret_ref` / `client_certificate_key_ref`;
 * promstream's loader does not accept those keys yet, so they are left out to keep the output
 * loadable.
 */
function oauth2Node(o: OAuth2Config, ctx: MarshalContext): YamlNode {
  const claims = Object.keys(o.claims).length === 0 ? undefined : goMap(o.claims, str);
  return struct([
    ['client_id', str(o.clientId)],
    ['client_secret', secret(o.clientSecret, ctx)],
    ['client_secret_file', str(o.clientSecretFile)],
    ['client_certificate_key_id', str(o.clientCertificateKeyId)],
    ['client_certificate_key', secret(o.clientCertificateKey, ctx)],
    ['client_certificate_key_file', str(o.clientCertificateKeyFile)],
    ['grant_type', str(o.grantType)],
    ['signature_algorithm', optStr(o.signatureAlgorithm)],
    ['iss', optStr(o.iss)],
    ['audience', optStr(o.audience)],
    ['claims', claims],
    ['scopes', optStrings(o.scopes)],
    ['token_url', str(o.tokenUrl)],
    ['endpoint_params', optStringMap(o.endpointParams)],
    ['tls_config', optTls(o.tlsConfig, ctx)],
    ...proxyFields(o, ctx),
  ]);
}

function headerNode(h: HttpHeader, ctx: MarshalContext): YamlNode {
  return struct([
    ['values', optStrings(h.values)],
    ['secrets', h.secrets.length === 0 ? undefined : secrets(h.secrets, ctx)],
    ['files', optStrings(h.files)],
  ]);
}

/**
 * The `<http_config>` fields to inline into a section. The legacy `bearer_token(_file)` never
 * print: loading moved them into `authorization`, as Prometheus's validation does.
 */
export function httpClientFields(h: HttpClientConfig, ctx: MarshalContext): Field[] {
  return [
    ['basic_auth', h.basicAuth && basicAuthNode(h.basicAuth, ctx)],
    ['authorization', h.authorization && authorizationNode(h.authorization, ctx)],
    ['oauth2', h.oauth2 && oauth2Node(h.oauth2, ctx)],
    ['tls_config', optTls(h.tlsConfig, ctx)],
    ['follow_redirects', bool(h.followRedirects)],
    ['enable_http2', bool(h.enableHttp2)],
    ...proxyFields(h, ctx),
    ['http_headers', h.httpHeaders && goMap(h.httpHeaders, (header) => headerNode(header, ctx))],
  ];
}
