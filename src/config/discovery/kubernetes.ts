/** `kubernetes_sd_configs`: targets from the Kubernetes API (nodes, pods, services, endpoints, ingresses). */
import { quoteGoString } from '../../model/goString.js';
import { Fields, isNull } from '../decode.js';
import {
  isDefaultHttpClientConfig,
  readHttpClientSettings,
  validateHttpClientConfig,
  type HttpClientConfig,
} from '../httpClientConfig.js';
import { fieldSelectorProblem, labelSelectorProblem } from './kubernetesSelectors.js';
import { fail, pathField, stringOr, urlField, type DiscoveryConfig, type SdContext } from './sdSection.js';

export type KubernetesRole = 'endpoints' | 'endpointslice' | 'service' | 'pod' | 'node' | 'ingress';
const ROLES: readonly string[] = ['endpoints', 'endpointslice', 'service', 'pod', 'node', 'ingress'];

/** Which selector roles each discovery role can use (the objects it watches). */
const ALLOWED_SELECTORS: Readonly<Record<KubernetesRole, readonly KubernetesRole[]>> = {
  pod: ['pod', 'node'],
  service: ['service'],
  endpointslice: ['pod', 'service', 'endpointslice'],
  endpoints: ['pod', 'service', 'endpoints'],
  node: ['node'],
  ingress: ['ingress'],
};

export interface KubernetesSelector {
  readonly role: KubernetesRole;
  readonly label: string;
  readonly field: string;
}

export interface KubernetesDiscoveryConfig extends DiscoveryConfig {
  readonly kind: 'kubernetes';
  readonly role: KubernetesRole;
  /** Undefined means in-cluster config (or the kubeconfig file). */
  readonly apiServer?: string;
  readonly kubeconfigFile: string;
  readonly namespaces: { readonly ownNamespace: boolean; readonly names: readonly string[] };
  readonly selectors: readonly KubernetesSelector[];
  readonly attachMetadata: { readonly node: boolean; readonly namespace: boolean };
  readonly http: HttpClientConfig;
}

function readRole(f: Fields, key: string): KubernetesRole | '' {
  const role = f.string(key);
  if (role === undefined) return '';
  if (!ROLES.includes(role)) throw f.error(f.node_(key), `unknown Kubernetes SD role ${quoteGoString(role)}`);
  return role as KubernetesRole;
}

function readSelectors(f: Fields): { role: KubernetesRole | ''; label: string; field: string }[] {
  return (f.list('selectors') ?? []).map((item) => {
    const s = new Fields(isNull(item) ? null : item, 'kubernetes.SelectorConfig', f.source);
    const selector = { role: readRole(s, 'role'), label: stringOr(s, 'label'), field: stringOr(s, 'field') };
    s.done();
    return selector;
  });
}

/** Decodes one `kubernetes_sd_configs` entry. */
export function decodeKubernetesSdConfig(f: Fields, ctx: SdContext): KubernetesDiscoveryConfig {
  const apiServer = f.string('api_server');
  if (apiServer !== undefined) urlField(f, 'api_server', apiServer);
  const role = readRole(f, 'role');
  const kubeconfigFile = pathField(f, 'kubeconfig_file', ctx);
  const ns = f.sub('namespaces', 'kubernetes.plain');
  const namespaces = { ownNamespace: ns?.bool('own_namespace') ?? false, names: ns?.stringList('names') ?? [] };
  ns?.done();
  const selectors = readSelectors(f);
  const meta = f.sub('attach_metadata', 'kubernetes.AttachMetadataConfig');
  const attachMetadata = { node: meta?.bool('node') ?? false, namespace: meta?.bool('namespace') ?? false };
  meta?.done();
  const settings = readHttpClientSettings(f, ctx.configDir);
  f.done();

  if (role === '') fail(f, 'role missing (one of: pod, service, endpoints, endpointslice, node, ingress)');
  const http = validateHttpClientConfig(f, settings);
  if (apiServer !== undefined && kubeconfigFile !== '') fail(f, "cannot use 'kubeconfig_file' and 'api_server' simultaneously");
  const customHttp = !isDefaultHttpClientConfig(http);
  if (kubeconfigFile !== '' && customHttp) fail(f, "cannot use a custom HTTP client configuration together with 'kubeconfig_file'");
  if (apiServer === undefined && customHttp) {
    fail(f, "to use custom HTTP client configuration please provide the 'api_server' URL explicitly");
  }
  if (apiServer !== undefined && namespaces.ownNamespace) fail(f, "cannot use 'api_server' and 'namespaces.own_namespace' simultaneously");
  if (kubeconfigFile !== '' && namespaces.ownNamespace) {
    fail(f, "cannot use 'kubeconfig_file' and 'namespaces.own_namespace' simultaneously");
  }
  const seen = new Set<string>();
  for (const selector of selectors) {
    if (seen.has(selector.role)) fail(f, `duplicated selector role: ${selector.role}`);
    seen.add(selector.role);
    const allowed = ALLOWED_SELECTORS[role];
    if (!allowed.includes(selector.role as KubernetesRole)) fail(f, `${role} role supports only ${allowed.join(', ')} selectors`);
    const problem = fieldSelectorProblem(selector.field) ?? labelSelectorProblem(selector.label);
    if (problem !== undefined) fail(f, problem);
  }
  return {
    kind: 'kubernetes',
    implemented: false,
    role,
    apiServer,
    kubeconfigFile,
    namespaces,
    selectors: selectors as KubernetesSelector[],
    attachMetadata,
    http,
  };
}
