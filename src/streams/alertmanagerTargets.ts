/**
 * Alertmanagers from discovered target groups, the way Prometheus's AlertmanagerFromGroup builds
 * them: the target's labels, then `__scheme__` and `__alerts_path__` from the config, then the
 * group's labels where the target has none, then the config's relabel_configs. The URL is
 * `<__scheme__>://<__address__><__alerts_path__>`.
 */
import type { AlertmanagerConfig } from '../config/alertingConfig.js';
import { Labels } from '../model/labels.js';
import { relabel } from '../model/relabel.js';
import type { TargetGroup } from '../model/targetGroup.js';

/** The Alertmanagers of one config: those to notify and those relabeling dropped (shown by the API). */
export interface DiscoveredAlertmanagers {
  /** Alerts URLs, each once. */
  readonly active: readonly string[];
  /** URLs built from the labels before relabeling. */
  readonly dropped: readonly string[];
  /** Groups skipped because a target's address is unusable; Prometheus skips the whole group too. */
  readonly errors: readonly string[];
}

/** The alerts path under a path prefix: Go's path.Join("/", prefix, "/api/v2/alerts"). */
function alertsPath(pathPrefix: string): string {
  const segments = `/${pathPrefix}/api/v2/alerts`.split('/').filter((s) => s !== '' && s !== '.');
  const cleaned: string[] = [];
  for (const segment of segments) {
    if (segment === '..') cleaned.pop();
    else cleaned.push(segment);
  }
  return `/${cleaned.join('/')}`;
}

/** Builds the Alertmanagers of a config from its current groups. */
export function alertmanagersFromGroups(groups: readonly TargetGroup[], config: AlertmanagerConfig): DiscoveredAlertmanagers {
  const active = new Set<string>();
  const dropped: string[] = [];
  const errors: string[] = [];
  const path = alertsPath(config.pathPrefix);
  for (const group of groups) {
    const groupActive: string[] = [];
    const groupDropped: string[] = [];
    let error: string | undefined;
    for (const target of group.targets) {
      // The config's scheme and path replace the target's own, while group labels the target lacks replace them.
      const record: Record<string, string> = { ...target, __scheme__: config.scheme, __alerts_path__: path };
      for (const [name, value] of Object.entries(group.labels)) if (!(name in target)) record[name] = value;
      const discovered = Labels.from(record);
      const labels = relabel(discovered, config.relabelConfigs);
      if (labels === null) {
        groupDropped.push(alertsUrl(discovered));
        continue;
      }
      const address = labels.get('__address__');
      if (address.includes('/')) {
        error = `${JSON.stringify(address)} is not a valid hostname`;
        break;
      }
      groupActive.push(alertsUrl(labels));
    }
    if (error !== undefined) {
      errors.push(error);
      continue;
    }
    for (const url of groupActive) active.add(url);
    dropped.push(...groupDropped);
  }
  return { active: [...active], dropped, errors };
}

function alertsUrl(labels: Labels): string {
  return `${labels.get('__scheme__')}://${labels.get('__address__')}${labels.get('__alerts_path__')}`;
}
