/** `docker_sd_configs` (containers of one engine) and `dockerswarm_sd_configs` (services, tasks or nodes of a swarm). */
import type { Fields } from '../decode.js';
import { readHttpClientSettings, validateHttpClientConfig, type HttpClientConfig } from '../httpClientConfig.js';
import {
  boolOr,
  durationOr,
  fail,
  filterList,
  intOr,
  stringOr,
  urlField,
  MINUTE,
  type DiscoveryConfig,
  type NameValuesFilter,
  type SdContext,
} from './sdSection.js';

export interface DockerDiscoveryConfig extends DiscoveryConfig {
  readonly kind: 'docker';
  /** Daemon address, e.g. `unix:///var/run/docker.sock`. */
  readonly host: string;
  readonly port: number;
  readonly hostNetworkingHost: string;
  readonly matchFirstNetwork: boolean;
  readonly filters: readonly NameValuesFilter[];
  readonly refreshIntervalMs: number;
  readonly http: HttpClientConfig;
}

/** Decodes one `docker_sd_configs` entry. */
export function decodeDockerSdConfig(f: Fields, ctx: SdContext): DockerDiscoveryConfig {
  const host = stringOr(f, 'host');
  const port = intOr(f, 'port', 80);
  const hostNetworkingHost = stringOr(f, 'host_networking_host', 'localhost');
  const matchFirstNetwork = boolOr(f, 'match_first_network', true);
  const filters = filterList(f, 'filters', 'moby.Filter');
  const refreshIntervalMs = durationOr(f, 'refresh_interval', MINUTE);
  const settings = readHttpClientSettings(f, ctx.configDir);
  f.done();
  if (host === '') fail(f, 'host missing');
  urlField(f, 'host', host);
  const http = validateHttpClientConfig(f, settings);
  return { kind: 'docker', implemented: false, host, port, hostNetworkingHost, matchFirstNetwork, filters, refreshIntervalMs, http };
}

export type DockerSwarmRole = 'services' | 'tasks' | 'nodes';

export interface DockerSwarmDiscoveryConfig extends DiscoveryConfig {
  readonly kind: 'dockerswarm';
  readonly host: string;
  readonly role: DockerSwarmRole;
  readonly port: number;
  readonly filters: readonly NameValuesFilter[];
  readonly refreshIntervalMs: number;
  readonly http: HttpClientConfig;
}

/** Decodes one `dockerswarm_sd_configs` entry. */
export function decodeDockerSwarmSdConfig(f: Fields, ctx: SdContext): DockerSwarmDiscoveryConfig {
  const host = stringOr(f, 'host');
  const role = stringOr(f, 'role');
  const port = intOr(f, 'port', 80);
  const filters = filterList(f, 'filters', 'moby.Filter');
  const refreshIntervalMs = durationOr(f, 'refresh_interval', MINUTE);
  const settings = readHttpClientSettings(f, ctx.configDir);
  f.done();
  if (host === '') fail(f, 'host missing');
  urlField(f, 'host', host);
  if (role === '') fail(f, 'role missing (one of: tasks, services, nodes)');
  if (role !== 'services' && role !== 'tasks' && role !== 'nodes') fail(f, `invalid role ${role}, expected tasks, services, or nodes`);
  const http = validateHttpClientConfig(f, settings);
  return { kind: 'dockerswarm', implemented: false, host, role, port, filters, refreshIntervalMs, http };
}
