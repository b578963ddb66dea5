/** `openstack_sd_configs`: targets from OpenStack Nova instances, hypervisors or Octavia load balancers. */
import { quoteGoString } from '../../model/goString.js';
import type { Fields } from '../decode.js';
import { decodeTlsConfig, type TlsConfig } from '../httpClientConfig.js';
import { boolOr, durationOr, fail, intOr, stringOr, MINUTE, type DiscoveryConfig, type SdContext } from './sdSection.js';

export type OpenStackRole = 'instance' | 'hypervisor' | 'loadbalancer';
const ROLES: readonly string[] = ['instance', 'hypervisor', 'loadbalancer'];

export interface OpenStackDiscoveryConfig extends DiscoveryConfig {
  readonly kind: 'openstack';
  readonly role: OpenStackRole;
  readonly region: string;
  readonly identityEndpoint: string;
  readonly username: string;
  readonly userId: string;
  readonly password: string;
  readonly projectName: string;
  readonly projectId: string;
  readonly domainName: string;
  readonly domainId: string;
  readonly applicationCredentialName: string;
  readonly applicationCredentialId: string;
  readonly applicationCredentialSecret: string;
  readonly allTenants: boolean;
  /** Which endpoint of the catalog to use: public, internal or admin. */
  readonly availability: string;
  readonly refreshIntervalMs: number;
  readonly port: number;
  readonly tlsConfig: TlsConfig;
}

/** Decodes one `openstack_sd_configs` entry. */
export function decodeOpenStackSdConfig(f: Fields, ctx: SdContext): OpenStackDiscoveryConfig {
  const identityEndpoint = stringOr(f, 'identity_endpoint');
  const username = stringOr(f, 'username');
  const userId = stringOr(f, 'userid');
  const password = stringOr(f, 'password');
  const projectName = stringOr(f, 'project_name');
  const projectId = stringOr(f, 'project_id');
  const domainName = stringOr(f, 'domain_name');
  const domainId = stringOr(f, 'domain_id');
  const applicationCredentialName = stringOr(f, 'application_credential_name');
  const applicationCredentialId = stringOr(f, 'application_credential_id');
  const applicationCredentialSecret = stringOr(f, 'application_credential_secret');
  const role = stringOr(f, 'role');
  if (role !== '' && !ROLES.includes(role)) throw f.error(f.node_('role'), `unknown OpenStack SD role ${quoteGoString(role)}`);
  const region = stringOr(f, 'region');
  const refreshIntervalMs = durationOr(f, 'refresh_interval', MINUTE);
  const port = intOr(f, 'port', 80);
  const allTenants = boolOr(f, 'all_tenants', false);
  const tlsConfig = decodeTlsConfig(f, ctx.configDir);
  const availability = stringOr(f, 'availability', 'public');
  f.done();
  if (availability !== 'public' && availability !== 'internal' && availability !== 'admin') {
    fail(f, `unknown availability ${availability}, must be one of admin, internal or public`);
  }
  if (role === '') fail(f, 'role missing (one of: instance, hypervisor, loadbalancer)');
  if (region === '') fail(f, 'openstack SD configuration requires a region');
  return {
    kind: 'openstack', implemented: false, role: role as OpenStackRole, region, identityEndpoint, username, userId, password,
    projectName, projectId, domainName, domainId, applicationCredentialName, applicationCredentialId,
    applicationCredentialSecret, allTenants, availability, refreshIntervalMs, port, tlsConfig,
  };
}
