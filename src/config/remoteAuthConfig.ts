/**
 * Cloud authentication blocks of remote write (and `sigv4` of Alertmanager configs): AWS SigV4,
 * Azure AD and Google IAM, with the validation Prometheus applies when decoding them.
 */
import type { Fields } from './decode.js';
import { resolveConfigPath } from './httpClientConfig.js';

export interface SigV4Config {
  readonly region: string;
  readonly accessKey: string;
  readonly secretKey: string;
  readonly profile: string;
  readonly roleArn: string;
  readonly externalId: string;
  readonly useFipsStsEndpoint: boolean;
  readonly serviceName: string;
}

export interface AzureAdConfig {
  readonly cloud: string;
  readonly scope: string;
  readonly managedIdentity?: { readonly clientId: string };
  readonly oauth?: { readonly clientId: string; readonly clientSecret: string; readonly tenantId: string };
  readonly sdk?: { readonly tenantId: string };
  readonly workloadIdentity?: { readonly clientId: string; readonly tenantId: string; readonly tokenFilePath: string };
}

export interface GoogleIamConfig {
  readonly credentialsFile: string;
}

const UUID = /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/;
const AZURE_CLOUDS = ['AzureChina', 'AzureGovernment', 'AzurePublic'];

/** Decodes a `sigv4` block, or undefined when absent. */
export function decodeSigV4(parent: Fields, key = 'sigv4'): SigV4Config | undefined {
  const f = parent.sub(key, 'sigv4.plain');
  if (f === undefined) return undefined;
  const config: SigV4Config = {
    region: f.string('region') ?? '',
    accessKey: f.string('access_key') ?? '',
    secretKey: f.string('secret_key') ?? '',
    profile: f.string('profile') ?? '',
    roleArn: f.string('role_arn') ?? '',
    externalId: f.string('external_id') ?? '',
    useFipsStsEndpoint: f.bool('use_fips_sts_endpoint') ?? false,
    serviceName: f.string('service_name') ?? '',
  };
  f.done();
  if ((config.accessKey === '') !== (config.secretKey === '')) {
    throw f.error(f.node, 'must provide a AWS SigV4 Access key and Secret Key if credentials are specified in the SigV4 config');
  }
  return config;
}

/** Decodes an `azuread` block, or undefined when absent. */
export function decodeAzureAd(parent: Fields, configDir: string): AzureAdConfig | undefined {
  const f = parent.sub('azuread', 'azuread.plain');
  if (f === undefined) return undefined;
  const sub = (key: string): Fields | undefined => f.sub(key, 'azuread.plain');
  const mi = sub('managed_identity');
  const oauth = sub('oauth');
  const sdk = sub('sdk');
  const wi = sub('workload_identity');
  const config: AzureAdConfig = {
    cloud: f.string('cloud') || 'AzurePublic',
    scope: f.string('scope') ?? '',
    managedIdentity: mi && { clientId: mi.string('client_id') ?? '' },
    oauth: oauth && { clientId: oauth.string('client_id') ?? '', clientSecret: oauth.string('client_secret') ?? '', tenantId: oauth.string('tenant_id') ?? '' },
    sdk: sdk && { tenantId: sdk.string('tenant_id') ?? '' },
    workloadIdentity: wi && {
      clientId: wi.string('client_id') ?? '',
      tenantId: wi.string('tenant_id') ?? '',
      tokenFilePath: resolveConfigPath(configDir, wi.string('token_file_path') ?? ''),
    },
  };
  for (const s of [mi, oauth, sdk, wi]) s?.done();
  f.done();
  const fail = (message: string): never => {
    throw f.error(f.node, message);
  };
  if (!AZURE_CLOUDS.includes(config.cloud)) fail(`the provided cloud ${config.cloud} is not supported`);
  const configured = [config.managedIdentity, config.oauth, config.sdk, config.workloadIdentity].filter((c) => c !== undefined).length;
  if (configured === 0) fail('must provide an Azure Managed Identity, Azure Workload Identity, Azure OAuth or Azure SDK in the Azure AD config');
  if (configured > 1) fail('cannot provide multiple authentication methods in the Azure AD config');
  if (config.managedIdentity && config.managedIdentity.clientId !== '' && !UUID.test(config.managedIdentity.clientId)) {
    fail('the provided Azure Managed Identity client_id is invalid');
  }
  if (config.oauth) {
    if (config.oauth.clientId === '') fail('must provide an Azure OAuth client_id in the Azure AD config');
    if (config.oauth.clientSecret === '') fail('must provide an Azure OAuth client_secret in the Azure AD config');
    if (config.oauth.tenantId === '') fail('must provide an Azure OAuth tenant_id in the Azure AD config');
    if (!UUID.test(config.oauth.clientId)) fail('the provided Azure OAuth client_id is invalid');
    if (!/^[0-9a-zA-Z-.]+$/.test(config.oauth.tenantId)) fail('the provided Azure OAuth tenant_id is invalid');
  }
  if (config.sdk && config.sdk.tenantId !== '' && !/^[0-9a-zA-Z-.]+$/.test(config.sdk.tenantId)) fail('the provided Azure SDK tenant_id is invalid');
  return config;
}

/** Decodes a `google_iam` block, or undefined when absent. */
export function decodeGoogleIam(parent: Fields, configDir: string): GoogleIamConfig | undefined {
  const f = parent.sub('google_iam', 'googleiam.Config');
  if (f === undefined) return undefined;
  const config = { credentialsFile: resolveConfigPath(configDir, f.string('credentials_file') ?? '') };
  f.done();
  return config;
}
