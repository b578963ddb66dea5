/**
 * Discovery from one configured management server reached over HTTP: `eureka_sd_configs`
 * (Netflix Eureka registry), `kuma_sd_configs` (Kuma control plane, via xDS) and
 * `uyuni_sd_configs` (Uyuni/SUSE Manager monitoring-entitled systems).
 */
import type { Fields } from '../decode.js';
import { parseGoUrl } from '../goUrl.js';
import { readHttpClientSettings, validateHttpClientConfig, type HttpClientConfig } from '../httpClientConfig.js';
import { durationOr, fail, stringOr, urlField, MINUTE, SECOND, type DiscoveryConfig, type SdContext } from './sdSection.js';

export interface EurekaDiscoveryConfig extends DiscoveryConfig {
  readonly kind: 'eureka';
  readonly server: string;
  readonly refreshIntervalMs: number;
  readonly http: HttpClientConfig;
}

/** Decodes one `eureka_sd_configs` entry. */
export function decodeEurekaSdConfig(f: Fields, ctx: SdContext): EurekaDiscoveryConfig {
  const server = stringOr(f, 'server');
  const refreshIntervalMs = durationOr(f, 'refresh_interval', 30 * SECOND);
  const settings = readHttpClientSettings(f, ctx.configDir);
  f.done();
  if (server === '') fail(f, 'eureka_sd: empty or null eureka server');
  const url = urlField(f, 'server', server);
  if (url.scheme === '' || url.host === '') fail(f, 'eureka_sd: invalid eureka server URL');
  return { kind: 'eureka', implemented: false, server, refreshIntervalMs, http: validateHttpClientConfig(f, settings) };
}

export interface KumaDiscoveryConfig extends DiscoveryConfig {
  readonly kind: 'kuma';
  readonly server: string;
  /** Identifies this Prometheus to the control plane; the hostname when empty. */
  readonly clientId: string;
  readonly refreshIntervalMs: number;
  readonly fetchTimeoutMs: number;
  readonly http: HttpClientConfig;
}

/** Decodes one `kuma_sd_configs` entry. */
export function decodeKumaSdConfig(f: Fields, ctx: SdContext): KumaDiscoveryConfig {
  const server = stringOr(f, 'server');
  const clientId = stringOr(f, 'client_id');
  const refreshIntervalMs = durationOr(f, 'refresh_interval', 30 * SECOND);
  const fetchTimeoutMs = durationOr(f, 'fetch_timeout', 2 * MINUTE);
  const settings = readHttpClientSettings(f, ctx.configDir);
  f.done();
  if (server === '') fail(f, `kuma SD server must not be empty: ${server}`);
  const url = urlField(f, 'server', server);
  if (url.scheme === '' || url.host === '') fail(f, `kuma SD server must not be empty and have a scheme: ${server}`);
  return { kind: 'kuma', implemented: false, server, clientId, refreshIntervalMs, fetchTimeoutMs, http: validateHttpClientConfig(f, settings) };
}

export interface UyuniDiscoveryConfig extends DiscoveryConfig {
  readonly kind: 'uyuni';
  readonly server: string;
  readonly username: string;
  readonly password: string;
  readonly entitlement: string;
  readonly separator: string;
  readonly refreshIntervalMs: number;
  readonly http: HttpClientConfig;
}

/** Decodes one `uyuni_sd_configs` entry. */
export function decodeUyuniSdConfig(f: Fields, ctx: SdContext): UyuniDiscoveryConfig {
  const server = stringOr(f, 'server');
  const username = stringOr(f, 'username');
  const password = stringOr(f, 'password');
  const entitlement = stringOr(f, 'entitlement', 'monitoring_entitled');
  const separator = stringOr(f, 'separator', ',');
  const refreshIntervalMs = durationOr(f, 'refresh_interval', MINUTE);
  const settings = readHttpClientSettings(f, ctx.configDir);
  f.done();
  if (server === '') fail(f, 'Uyuni SD configuration requires server host');
  try {
    parseGoUrl(server);
  } catch (e) {
    fail(f, `Uyuni Server URL is not valid: ${(e as Error).message}`);
  }
  if (username === '') fail(f, 'Uyuni SD configuration requires a username');
  if (password === '') fail(f, 'Uyuni SD configuration requires a password');
  const http = validateHttpClientConfig(f, settings);
  return { kind: 'uyuni', implemented: false, server, username, password, entitlement, separator, refreshIntervalMs, http };
}
