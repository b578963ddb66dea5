/**
 * Prometheus's relabelAlerts: external labels added to each alert (its own labels win), then
 * alert relabeling; an alert that a rule drops, or whose labels end up empty, is not sent.
 */
import { Labels } from '../model/labels.js';
import type { NotificationAlert } from '../model/notificationAlert.js';
import { relabel, type RelabelRule } from '../model/relabel.js';

/** The alerts that survive relabeling, with their new labels, in order. */
export function relabelAlerts(
  alerts: readonly NotificationAlert[],
  rules: readonly RelabelRule[],
  externalLabels: Readonly<Record<string, string>> = {},
): NotificationAlert[] {
  const out: NotificationAlert[] = [];
  for (const alert of alerts) {
    const labels = relabel(withExternalLabels(alert.labels, externalLabels), rules);
    if (labels === null || labels.size === 0) continue;
    out.push(labels === alert.labels ? alert : { ...alert, labels });
  }
  return out;
}

function withExternalLabels(labels: Labels, externalLabels: Readonly<Record<string, string>>): Labels {
  const names = Object.keys(externalLabels);
  if (names.length === 0 || names.every((name) => labels.has(name))) return labels;
  return Labels.from({ ...externalLabels, ...labels.toRecord() });
}
