/** The `alerting` section as Prometheus's AlertingConfig and AlertmanagerConfig marshal it. */
import type { AlertingConfig, AlertmanagerConfig } from '../alertingConfig.js';
import { discoveryFields } from './discoveryYaml.js';
import { httpClientFields } from './httpClientYaml.js';
import type { MarshalContext } from './marshalContext.js';
import { optRelabelList } from './relabelYaml.js';
import { sigv4Node } from './remoteYaml.js';
import { optDuration, optSeq, optStr, str, struct, type YamlNode } from './yamlNodes.js';

function alertmanagerNode(am: AlertmanagerConfig, ctx: MarshalContext): YamlNode {
  return struct([
    ...httpClientFields(am.httpClient, ctx),
    ['sigv4', am.sigv4 && sigv4Node(am.sigv4, ctx)],
    ['scheme', optStr(am.scheme)],
    ['path_prefix', optStr(am.pathPrefix)],
    ['timeout', optDuration(am.timeoutMs)],
    ['api_version', str(am.apiVersion)],
    ['relabel_configs', optRelabelList(am.relabelConfigs)],
    ['alert_relabel_configs', optRelabelList(am.alertRelabelConfigs)],
    ...discoveryFields(am.discovery, ctx),
  ]);
}

/** The alerting section, or undefined when it is empty (`alerting,omitempty`). */
export function optAlertingNode(a: AlertingConfig, ctx: MarshalContext): YamlNode | undefined {
  if (a.alertRelabelConfigs.length === 0 && a.alertmanagers.length === 0) return undefined;
  return struct([
    ['alert_relabel_configs', optRelabelList(a.alertRelabelConfigs)],
    ['alertmanagers', optSeq(a.alertmanagers, (am) => alertmanagerNode(am, ctx))],
  ]);
}
