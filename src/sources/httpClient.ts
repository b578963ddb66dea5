/**
 * An HTTP client built from a `<http_config>` section: undici with keep-alive, the section's TLS
 * settings, proxy, redirects, and per-request auth headers (credential files are re-read on every
 * request, so rotated secrets apply without a reload, as in Prometheus).
 */
import { readFile } from 'node:fs/promises';
import type { ConnectionOptions } from 'node:tls';
import { Agent, EnvHttpProxyAgent, interceptors, request, type Dispatcher } from 'undici';
import type { HttpClientConfig, TlsConfig } from '../config/httpClientConfig.js';

export interface HttpClient {
  /** Sends a request with the configured auth and headers merged into `headers`. */
  request(url: string, options: { method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: Buffer | string; signal?: AbortSignal }): Promise<Dispatcher.ResponseData>;
  close(): Promise<void>;
}

const MAX_REDIRECTS = 10;
const TLS_VERSIONS = { TLS10: 'TLSv1', TLS11: 'TLSv1.1', TLS12: 'TLSv1.2', TLS13: 'TLSv1.3' } as const;

/** Thrown when the settings ask for something promstream does not do yet. */
export class UnsupportedHttpSettingError extends Error {}

/** A client whose every request fails with `reason`: a setting that cannot be honoured shows per request, never stops the server. */
export function failingHttpClient(reason: string): HttpClient {
  return { request: () => Promise.reject(new Error(reason)), close: async () => undefined };
}

/** Builds the client, or (when that fails) one that fails every request with the reason. */
export async function createHttpClientOrFailing(config: HttpClientConfig): Promise<HttpClient> {
  try {
    return await createHttpClient(config);
  } catch (e) {
    return failingHttpClient(`error creating HTTP client: ${(e as Error).message}`);
  }
}

// Go's http.StatusText for the codes servers commonly answer with (Go's wording, e.g. in `resp.Status`).
const STATUS_TEXT: Record<number, string> = {
  301: 'Moved Permanently', 302: 'Found', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found',
  429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

/** Go's `resp.Status` of a status code: `500 Internal Server Error`. */
export function httpStatusLine(code: number): string {
  return `${code} ${STATUS_TEXT[code] ?? ''}`;
}

/** Builds the client; reads TLS files now (an unreadable file is an error for the caller to report). */
export async function createHttpClient(config: HttpClientConfig): Promise<HttpClient> {
  if (config.oauth2) throw new UnsupportedHttpSettingError('oauth2 is not supported yet');
  const connect = await tlsOptions(config.tlsConfig);
  const agentOptions = { keepAliveTimeout: 60_000, connections: 8, allowH2: config.enableHttp2, connect };
  let base: Dispatcher;
  if (config.proxyFromEnvironment) {
    base = new EnvHttpProxyAgent({ ...agentOptions, requestTls: connect });
  } else if (config.proxyUrl) {
    // EnvHttpProxyAgent is the undici dispatcher that honours a no_proxy list, so it serves a configured proxy too.
    const proxyHeaders = Object.fromEntries(Object.entries(config.proxyConnectHeader).map(([k, v]) => [k, v.join(', ')]));
    base = new EnvHttpProxyAgent({ ...agentOptions, httpProxy: config.proxyUrl, httpsProxy: config.proxyUrl, noProxy: config.noProxy, headers: proxyHeaders, requestTls: connect });
  } else {
    base = new Agent(agentOptions);
  }
  const dispatcher = config.followRedirects ? base.compose(interceptors.redirect({ maxRedirections: MAX_REDIRECTS })) : base;
  return {
    async request(url, options) {
      const headers = { ...(await configuredHeaders(config)), ...options.headers };
      return request(url, { dispatcher, method: options.method ?? 'GET', headers, body: options.body, signal: options.signal });
    },
    close: () => base.close(),
  };
}

async function tlsOptions(tls: TlsConfig): Promise<ConnectionOptions> {
  const fromFileOr = async (inline: string, file: string): Promise<string | undefined> =>
    inline !== '' ? inline : file !== '' ? readFile(file, 'utf8') : undefined;
  const options: ConnectionOptions = { rejectUnauthorized: !tls.insecureSkipVerify };
  const ca = await fromFileOr(tls.ca, tls.caFile);
  if (ca !== undefined) options.ca = ca;
  const cert = await fromFileOr(tls.cert, tls.certFile);
  if (cert !== undefined) options.cert = cert;
  const key = await fromFileOr(tls.key, tls.keyFile);
  if (key !== undefined) options.key = key;
  if (tls.serverName !== '') options.servername = tls.serverName;
  options.minVersion = TLS_VERSIONS[tls.minVersion ?? 'TLS12'];
  if (tls.maxVersion) options.maxVersion = TLS_VERSIONS[tls.maxVersion];
  return options;
}

async function secret(inline: string, file: string): Promise<string> {
  if (file === '') return inline;
  return (await readFile(file, 'utf8')).trim();
}

/** The auth and custom headers of a request. */
async function configuredHeaders(config: HttpClientConfig): Promise<Record<string, string>> {
  const headers: Record<string, string> = {};
  for (const [name, header] of Object.entries(config.httpHeaders ?? {})) {
    const values = [...header.values, ...header.secrets];
    for (const file of header.files) values.push((await readFile(file, 'utf8')).trim());
    if (values.length > 0) headers[name] = values.join(', ');
  }
  if (config.basicAuth) {
    const username = await secret(config.basicAuth.username, config.basicAuth.usernameFile);
    const password = await secret(config.basicAuth.password, config.basicAuth.passwordFile);
    headers.authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  } else if (config.authorization) {
    const credentials = await secret(config.authorization.credentials, config.authorization.credentialsFile);
    headers.authorization = `${config.authorization.type || 'Bearer'} ${credentials}`;
  }
  return headers;
}
