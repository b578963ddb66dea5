/** `remote_read` entries with Prometheus's defaults (1 m timeout, 50 MB chunked read limit) and validation. */
import type { Node } from 'yaml';
import { quoteGoString } from '../model/goString.js';
import { Fields, isNull, type ConfigError } from './decode.js';
import { decodeHttpClientConfig, type HttpClientConfig } from './httpClientConfig.js';
import { isValidLabelNameFor } from './nameValidation.js';
import { decodeRemoteHeaders } from './remoteHeaders.js';
import { decodeRemoteUrl } from './remoteWriteConfig.js';

export interface RemoteReadConfig {
  readonly url: string;
  readonly remoteTimeoutMs: number;
  readonly chunkedReadLimit: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly readRecent: boolean;
  /** '' when not configured. */
  readonly name: string;
  readonly httpClient: HttpClientConfig;
  /** Equality matchers a query must carry for this endpoint to be asked. */
  readonly requiredMatchers: Readonly<Record<string, string>>;
  readonly filterExternalLabels: boolean;
}

export const DEFAULT_CHUNKED_READ_LIMIT = 5e7;

/** Decodes one remote_read entry. */
export function decodeRemoteReadConfig(node: Node, parent: Fields, configDir: string): RemoteReadConfig {
  const f = new Fields(node, 'config.plain', parent.source);
  const httpClient = decodeHttpClientConfig(f, configDir);
  const requiredMatchers = f.stringMap('required_matchers') ?? {};
  for (const name of Object.keys(requiredMatchers)) {
    if (!isValidLabelNameFor('utf8', name)) throw f.error(f.node_('required_matchers'), `${quoteGoString(name)} is not a valid label name`);
  }
  const config: RemoteReadConfig = {
    url: decodeRemoteUrl(f, node, 'remote_read'),
    remoteTimeoutMs: f.durationOr('remote_timeout', 60_000),
    chunkedReadLimit: f.integerOr('chunked_read_limit', DEFAULT_CHUNKED_READ_LIMIT, true),
    headers: decodeRemoteHeaders(f, 'authorization header must be changed via the basic_auth, authorization, oauth2, sigv4, azuread or google_iam parameter'),
    readRecent: f.bool('read_recent') ?? false,
    name: f.string('name') ?? '',
    httpClient,
    requiredMatchers,
    filterExternalLabels: f.boolOr('filter_external_labels', true),
  };
  f.done();
  return config;
}

/** A decoded entry with a way to report errors at its position. */
export interface RemoteReadEntry {
  readonly config: RemoteReadConfig;
  readonly error: (message: string) => ConfigError;
}

/** Decodes the remote_read list; a null entry becomes its error, reported once sections are validated. */
export function decodeRemoteReadList(parent: Fields, configDir: string): Array<RemoteReadEntry | ConfigError> {
  return (parent.list('remote_read') ?? []).map((item) =>
    isNull(item)
      ? parent.error(item, 'empty or null remote read config section')
      : { config: decodeRemoteReadConfig(item, parent, configDir), error: (message: string) => parent.error(item, message) },
  );
}
