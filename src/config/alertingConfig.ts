/**
 * The `alerting` section: alert relabeling and the Alertmanagers to notify, each found by its own
 * service discovery, with Prometheus's defaults (API v2, http, 10 s timeout) and messages.
 */
import type { Node } from 'yaml';
import { Fields, isNull } from './decode.js';
import { decodeDiscoveryConfigs, type DiscoveryConfig } from './discovery/index.js';
import { decodeHttpClientConfig, type HttpClientConfig } from './httpClientConfig.js';
import type { NameValidationScheme } from './nameValidation.js';
import { decodeRelabelList, validateRelabelConfigs, type RelabelConfig, type RelabelDraft } from './relabelConfig.js';
import { decodeSigV4, type SigV4Config } from './remoteAuthConfig.js';

export interface AlertmanagerConfig {
  readonly httpClient: HttpClientConfig;
  readonly sigv4?: SigV4Config;
  readonly discovery: readonly DiscoveryConfig[];
  readonly scheme: string;
  readonly pathPrefix: string;
  readonly timeoutMs: number;
  readonly apiVersion: 'v2';
  readonly relabelConfigs: readonly RelabelConfig[];
  readonly alertRelabelConfigs: readonly RelabelConfig[];
}

export interface AlertingConfig {
  readonly alertRelabelConfigs: readonly RelabelConfig[];
  readonly alertmanagers: readonly AlertmanagerConfig[];
}

/** Decoded, with relabel rules waiting for the global name validation scheme. */
export interface AlertingDraft {
  readonly alertRelabelConfigs: readonly RelabelDraft[];
  readonly alertmanagers: ReadonlyArray<Omit<AlertmanagerConfig, 'relabelConfigs' | 'alertRelabelConfigs'> & {
    readonly relabelConfigs: readonly RelabelDraft[];
    readonly alertRelabelConfigs: readonly RelabelDraft[];
  }>;
}

const SUPPORTED_API_VERSIONS = ['v2'];

/** Decodes the alerting section (absent or null: no alerting). */
export function decodeAlertingConfig(f: Fields | undefined, configDir: string): AlertingDraft {
  if (f === undefined) return { alertRelabelConfigs: [], alertmanagers: [] };
  const draft: AlertingDraft = {
    alertRelabelConfigs: decodeRelabelList(f, 'alert_relabel_configs', 'empty or null alert relabeling rule'),
    alertmanagers: (f.list('alertmanagers') ?? []).map((item) => {
      if (isNull(item)) throw f.error(item, 'empty or null Alertmanager config section');
      return decodeAlertmanagerConfig(item, f, configDir);
    }),
  };
  f.done();
  return draft;
}

function decodeAlertmanagerConfig(node: Node, parent: Fields, configDir: string): AlertingDraft['alertmanagers'][number] {
  const f = new Fields(node, 'config.AlertmanagerConfig', parent.source);
  const discovery = decodeDiscoveryConfigs(f, configDir, 'alertmanager');
  const httpClient = decodeHttpClientConfig(f, configDir);
  const sigv4 = decodeSigV4(f);
  const apiVersion = f.stringOr('api_version', 'v2');
  if (!SUPPORTED_API_VERSIONS.includes(apiVersion)) {
    throw f.error(f.node_('api_version'), `expected Alertmanager api version to be one of [${SUPPORTED_API_VERSIONS.join(' ')}] but got ${apiVersion}`);
  }
  const relabelConfigs = decodeRelabelList(f, 'relabel_configs', 'empty or null Alertmanager target relabeling rule');
  const config = {
    httpClient,
    sigv4,
    discovery,
    scheme: f.stringOr('scheme', 'http'),
    pathPrefix: f.string('path_prefix') ?? '',
    timeoutMs: f.durationOr('timeout', 10_000),
    apiVersion: 'v2' as const,
    relabelConfigs,
    alertRelabelConfigs: decodeRelabelList(f, 'alert_relabel_configs', 'empty or null Alertmanager alert relabeling rule'),
  };
  f.done();
  if ((httpClient.basicAuth || httpClient.authorization || httpClient.oauth2) && sigv4) {
    throw f.error(node, 'at most one of basic_auth, authorization, oauth2, & sigv4 must be configured');
  }
  return config;
}

/** Validates every relabel rule of the section under the global scheme. */
export function finalizeAlertingConfig(d: AlertingDraft, scheme: NameValidationScheme): AlertingConfig {
  return {
    alertRelabelConfigs: validateRelabelConfigs(d.alertRelabelConfigs, scheme),
    alertmanagers: d.alertmanagers.map((am) => ({
      ...am,
      alertRelabelConfigs: validateRelabelConfigs(am.alertRelabelConfigs, scheme),
      relabelConfigs: validateRelabelConfigs(am.relabelConfigs, scheme),
    })),
  };
}
