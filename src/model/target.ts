/**
 * Scrape targets built from discovered target groups the way Prometheus's PopulateLabels does:
 * defaults from the scrape config, relabeling, address and interval checks, `instance` defaulting.
 */
import { formatDuration, parseDuration } from './duration.js';
import { Labels, isWellFormedUnicode, type LabelSet } from './labels.js';
import type { TargetGroup } from './targetGroup.js';

/** What target building needs from a scrape config. */
export interface TargetSettings {
  readonly jobName: string;
  readonly scrapeIntervalMs: number;
  readonly scrapeTimeoutMs: number;
  readonly metricsPath: string;
  readonly scheme: string;
  readonly params: Readonly<Record<string, readonly string[]>>;
  /** The job's relabel_configs; null means the target is dropped. */
  readonly relabel: (labels: Labels) => Labels | null;
}

/** A target to scrape. `labels` still holds the `__`-prefixed labels that steer the scrape. */
export interface Target {
  readonly labels: Labels;
  readonly discoveredLabels: Labels;
  readonly url: string;
  readonly intervalMs: number;
  readonly timeoutMs: number;
}

/** The outcome of building one discovered target. */
export type TargetBuild =
  | { readonly kind: 'active'; readonly target: Target }
  | { readonly kind: 'dropped'; readonly discoveredLabels: Labels }
  | { readonly kind: 'failed'; readonly discoveredLabels: Labels; readonly error: string };

const ADDRESS = '__address__';
const PARAM_PREFIX = '__param_';
const META_PREFIX = '__meta_';

/** Builds every target of the given groups. */
export function buildTargets(groups: readonly TargetGroup[], settings: TargetSettings): TargetBuild[] {
  const out: TargetBuild[] = [];
  for (const group of groups) {
    for (const target of group.targets) out.push(buildTarget(target, group.labels, settings));
  }
  return out;
}

/** Builds one target from its own labels and its group's labels (the target's win). */
export function buildTarget(targetLabels: LabelSet, groupLabels: LabelSet, settings: TargetSettings): TargetBuild {
  const record: Record<string, string> = { ...groupLabels, ...targetLabels };
  const defaults: Record<string, string> = {
    job: settings.jobName,
    __scrape_interval__: formatDuration(settings.scrapeIntervalMs),
    __scrape_timeout__: formatDuration(settings.scrapeTimeoutMs),
    __metrics_path__: settings.metricsPath,
    __scheme__: settings.scheme,
  };
  for (const [name, value] of Object.entries(defaults)) if (!record[name]) record[name] = value;
  for (const [name, values] of Object.entries(settings.params)) if (values.length > 0) record[PARAM_PREFIX + name] = values[0]!;
  const discoveredLabels = Labels.from(record);

  const relabeled = settings.relabel(discoveredLabels);
  if (!relabeled) return { kind: 'dropped', discoveredLabels };
  const fail = (error: string): TargetBuild => ({ kind: 'failed', discoveredLabels, error });

  const address = relabeled.get(ADDRESS);
  if (address === '') return fail('no address');
  if (address.includes('/')) return fail(`${JSON.stringify(address)} is not a valid hostname`);

  const interval = parseIntervalLabel(relabeled.get('__scrape_interval__'), 'interval');
  if (typeof interval === 'string') return fail(interval);
  const timeout = parseIntervalLabel(relabeled.get('__scrape_timeout__'), 'timeout');
  if (typeof timeout === 'string') return fail(timeout);
  if (timeout > interval) {
    return fail(`scrape timeout cannot be greater than scrape interval (${JSON.stringify(relabeled.get('__scrape_timeout__'))} > ${JSON.stringify(relabeled.get('__scrape_interval__'))})`);
  }

  const finalRecord = relabeled.toRecord();
  for (const name of Object.keys(finalRecord)) if (name.startsWith(META_PREFIX)) delete finalRecord[name];
  if (!finalRecord.instance) finalRecord.instance = address;
  for (const [name, value] of Object.entries(finalRecord)) {
    if (!isWellFormedUnicode(value)) return fail(`invalid label value for ${JSON.stringify(name)}: ${JSON.stringify(value)}`);
  }
  const labels = Labels.from(finalRecord);
  return { kind: 'active', target: { labels, discoveredLabels, url: targetUrl(labels, settings.params), intervalMs: interval, timeoutMs: timeout } };
}

function parseIntervalLabel(text: string, what: 'interval' | 'timeout'): number | string {
  let ms: number;
  try {
    ms = parseDuration(text);
  } catch (e) {
    return `error parsing scrape ${what}: ${(e as Error).message}`;
  }
  return ms === 0 ? `scrape ${what} cannot be 0` : ms;
}

/** The scrape URL: scheme, address and path from the labels, query from params and `__param_*`. */
export function targetUrl(labels: Labels, params: Readonly<Record<string, readonly string[]>>): string {
  const query: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(params)) query[name] = [...values];
  for (let i = 0; i < labels.size; i++) {
    const name = labels.names[i]!;
    if (!name.startsWith(PARAM_PREFIX)) continue;
    const key = name.slice(PARAM_PREFIX.length);
    if (query[key]?.length) query[key]![0] = labels.values[i]!;
    else query[key] = [labels.values[i]!];
  }
  const search = new URLSearchParams();
  for (const key of Object.keys(query).sort()) for (const v of query[key]!) search.append(key, v);
  const qs = search.toString();
  return `${labels.get('__scheme__')}://${labels.get(ADDRESS)}${labels.get('__metrics_path__')}${qs ? `?${qs}` : ''}`;
}

/** The labels a target attaches to its samples: all but the `__`-prefixed ones. */
export function sampleLabelsOf(target: Target): Labels {
  const record = target.labels.toRecord();
  for (const name of Object.keys(record)) if (name.startsWith('__')) delete record[name];
  return Labels.from(record);
}
