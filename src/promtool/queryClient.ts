/**
 * The Prometheus HTTP API client of `promtool query`, behaving like client_golang's v1 API that
 * promtool uses: query and series requests are POSTed as a form and retried as GET when the
 * server answers 405 or 501; the `{status, data, errorType, error}` envelope is unwrapped, and
 * failures become the errors promtool prints (`bad_data: …`, `server error: 500`, transport
 * errors in Go's `Post "url": dial tcp …` form). Requests go through undici (sources/httpClient).
 */
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ConfigError, Fields, parseYamlSource } from '../config/decode.js';
import { decodeHttpClientConfig } from '../config/httpClientConfig.js';
import { createHttpClient, type HttpClient } from '../sources/httpClient.js';

/** An error the API reported, or a response client_golang would refuse (its v1.Error). */
export class ApiError extends Error {
  constructor(
    readonly type: string,
    readonly msg: string,
    /** The response body of a non-API error status, shown as `(detail: …)`. */
    readonly detail = '',
  ) {
    super(`${type}: ${msg}`);
  }
}

/** What a successful API call returns. */
export interface ApiResult {
  readonly data: unknown;
  readonly warnings: readonly string[];
}

/** A connection to one Prometheus server. */
export interface PrometheusApi {
  /** POSTs the form to `/api/v1/<endpoint>`, falling back to GET on 405/501. */
  postWithGetFallback(endpoint: string, params: ReadonlyArray<readonly [string, string]>): Promise<ApiResult>;
  /** GETs `/api/v1/<endpoint>?params`. */
  get(endpoint: string, params: ReadonlyArray<readonly [string, string]>): Promise<ApiResult>;
  close(): Promise<void>;
}

// Go's net package wording for the socket errors a user meets most.
const DIAL_ERRORS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connect: connection refused',
  EHOSTUNREACH: 'connect: no route to host',
  ENETUNREACH: 'connect: network is unreachable',
  ETIMEDOUT: 'i/o timeout',
};

function transportError(method: string, url: string, error: unknown): Error {
  const e = error as NodeJS.ErrnoException & { address?: string; port?: number };
  const code = e.code ?? (e.cause as NodeJS.ErrnoException | undefined)?.code;
  const dial = code !== undefined ? DIAL_ERRORS[code] : undefined;
  const host = new URL(url).host;
  const reason = dial !== undefined ? `dial tcp ${host}: ${dial}` : code === 'ENOTFOUND' ? `dial tcp: lookup ${new URL(url).hostname}: no such host` : e.message;
  return new Error(`${method === 'POST' ? 'Post' : 'Get'} ${JSON.stringify(url)}: ${reason}`);
}

// client_golang treats 400 and 422 as API errors that carry the JSON envelope.
const isApiErrorStatus = (code: number): boolean => code === 400 || code === 422;

function unwrap(status: number, body: string): ApiResult {
  if (Math.floor(status / 100) !== 2 && !isApiErrorStatus(status)) {
    const [type, msg] =
      Math.floor(status / 100) === 4 ? ['client_error', `client error: ${status}`] : Math.floor(status / 100) === 5 ? ['server_error', `server error: ${status}`] : ['bad_response', `bad response code ${status}`];
    throw new ApiError(type, msg, body);
  }
  let envelope: { status?: string; data?: unknown; errorType?: string; error?: string; warnings?: string[] } = {};
  if (status !== 204) {
    try {
      envelope = JSON.parse(body) as typeof envelope;
    } catch (e) {
      throw new ApiError('bad_response', (e as Error).message);
    }
  }
  if (envelope.status === 'error') throw new ApiError(envelope.errorType ?? '', envelope.error ?? '');
  if (isApiErrorStatus(status) && envelope.status === 'success') throw new ApiError('bad_response', 'inconsistent body for response code');
  return { data: envelope.data, warnings: envelope.warnings ?? [] };
}

async function loadClient(httpConfigFile: string): Promise<HttpClient> {
  const text = httpConfigFile === '' ? '' : await readFile(httpConfigFile, 'utf8');
  const { root, source } = parseYamlSource(text, httpConfigFile);
  const fields = new Fields(root, 'config.HTTPClientConfig', source);
  const config = decodeHttpClientConfig(fields, httpConfigFile === '' ? '.' : dirname(httpConfigFile));
  fields.done();
  return createHttpClient(config);
}

/** Connects to the server at `serverUrl` (`http://` assumed without a scheme), with an optional `--http.config.file`. */
export async function connectApi(serverUrl: string, httpConfigFile: string, headers: Readonly<Record<string, string>> = {}): Promise<PrometheusApi> {
  let client: HttpClient;
  try {
    client = await loadClient(httpConfigFile);
  } catch (e) {
    if (e instanceof ConfigError) throw new Error(`Failed to load HTTP config file: ${e.message}`);
    throw e;
  }
  const base = /^[a-z][a-z0-9+.-]*:\/\//i.test(serverUrl) ? serverUrl : `http://${serverUrl}`;
  const endpointUrl = (endpoint: string): string => `${base.replace(/\/+$/, '')}/api/v1/${endpoint}`;
  const send = async (method: 'GET' | 'POST', url: string, form?: string): Promise<{ status: number; body: string }> => {
    try {
      const extra: Record<string, string> = form !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {};
      const response = await client.request(url, { method, headers: { ...headers, ...extra }, body: form });
      return { status: response.statusCode, body: await response.body.text() };
    } catch (e) {
      throw transportError(method, url, e);
    }
  };
  const query = (params: ReadonlyArray<readonly [string, string]>): string => new URLSearchParams(params as [string, string][]).toString();
  return {
    async postWithGetFallback(endpoint, params) {
      const posted = await send('POST', endpointUrl(endpoint), query(params));
      if (posted.status !== 405 && posted.status !== 501) return unwrap(posted.status, posted.body);
      const got = await send('GET', `${endpointUrl(endpoint)}?${query(params)}`);
      return unwrap(got.status, got.body);
    },
    async get(endpoint, params) {
      const got = await send('GET', `${endpointUrl(endpoint)}?${query(params)}`);
      return unwrap(got.status, got.body);
    },
    close: () => client.close(),
  };
}
