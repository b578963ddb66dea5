/** `/api/v1/targets`, `/api/v1/targets/metadata` and `/api/v1/metadata`, shaped like Prometheus's. */
import type { Request, Router } from 'express';
import type { Labels } from '../../model/labels.js';
import type { Matcher } from '../../model/matcher.js';
import { sampleLabelsOf } from '../../model/target.js';
import type { ActiveTargetState, TargetsView } from '../../streams/targetsView.js';
import { ApiError, dataHandler } from './apiResponse.js';
import { encodeLabels } from './jsonEncoding.js';
import { param } from './params.js';
import { parseSelectorParam } from './selectorParam.js';

export interface TargetsEndpointsOptions {
  readonly view: TargetsView;
  /** The externally reachable URL of this server, for `globalUrl`. */
  readonly externalUrl: URL;
  readonly listenAddress: string;
}

const GO_ZERO_TIME = '0001-01-01T00:00:00Z';
const LOCALHOSTS = ['127.0.0.1', 'localhost', '::1', '[::1]'];

/** Registers the endpoints on a router. */
export function registerTargetsEndpoints(router: Router, options: TargetsEndpointsOptions): void {
  router.get('/api/v1/targets', dataHandler((req: Request) => targetsJson(req, options)));
  router.get('/api/v1/targets/metadata', dataHandler((req: Request) => targetMetadataJson(req, options.view)));
  router.get('/api/v1/metadata', dataHandler((req: Request) => metadataJson(req, options.view)));
}

function targetsJson(req: Request, options: TargetsEndpointsOptions): string {
  const state = (param(req, 'state') ?? 'any').toLowerCase();
  const pool = param(req, 'scrapePool');
  const showActive = state === 'any' || state === 'active' || state === '';
  const showDropped = state === 'any' || state === 'dropped' || state === '';
  const active = showActive ? options.view.active().filter((t) => pool === undefined || t.scrapeTarget.job.name === pool) : [];
  const jobs = options.view.jobTargets().filter((j) => pool === undefined || j.job.name === pool);
  const dropped = showDropped ? jobs.flatMap((j) => j.dropped.map((labels) => ({ labels, pool: j.job.name }))) : [];
  const counts = Object.fromEntries(jobs.map((j) => [j.job.name, j.droppedCount]));
  return (
    `{"activeTargets":[${active.map((t) => activeTargetJson(t, options)).join(',')}],` +
    `"droppedTargets":[${dropped.map((d) => `{"discoveredLabels":${encodeLabels(d.labels)},"scrapePool":${JSON.stringify(d.pool)}}`).join(',')}],` +
    `"droppedTargetCounts":${JSON.stringify(counts)}}`
  );
}

function activeTargetJson(state: ActiveTargetState, options: TargetsEndpointsOptions): string {
  const { target, job } = state.scrapeTarget;
  return JSON.stringify({
    discoveredLabels: target.discoveredLabels.toRecord(),
    labels: sampleLabelsOf(target).toRecord(),
    scrapePool: job.name,
    scrapeUrl: target.url,
    globalUrl: globalUrl(target.url, options),
    lastError: state.lastError,
    lastScrape: state.lastScrapeMs === undefined ? GO_ZERO_TIME : new Date(state.lastScrapeMs).toISOString(),
    lastScrapeDuration: state.lastScrapeDurationMs / 1000,
    health: state.health,
    scrapeInterval: target.labels.get('__scrape_interval__'),
    scrapeTimeout: target.labels.get('__scrape_timeout__'),
  });
}

/**
 * The scrape URL as seen from outside: a localhost target on our own port is ourselves, so it
 * takes the external URL's scheme and host; another localhost port keeps its port but takes the
 * external host name (Prometheus's best guess too).
 */
export function globalUrl(scrapeUrl: string, options: Pick<TargetsEndpointsOptions, 'externalUrl' | 'listenAddress'>): string {
  const url = new URL(scrapeUrl);
  if (!LOCALHOSTS.includes(url.hostname)) return scrapeUrl;
  const ownPort = options.listenAddress.slice(options.listenAddress.lastIndexOf(':') + 1);
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  if (port === ownPort) {
    url.protocol = options.externalUrl.protocol;
    url.host = options.externalUrl.host;
  } else {
    url.host = `${options.externalUrl.hostname}:${port}`;
  }
  return url.toString();
}

function limitParam(req: Request, name: string): number {
  const text = param(req, name);
  if (text === undefined || text === '') return -1;
  const n = Number(text);
  if (!Number.isInteger(n)) throw new ApiError('bad_data', `invalid parameter ${JSON.stringify(name)}: strconv.Atoi: parsing ${JSON.stringify(text)}: invalid syntax`);
  return n;
}

function matchesAll(labels: Labels, matchers: readonly Matcher[]): boolean {
  return matchers.every((m) => m.matches(labels.get(m.name)));
}

function targetMetadataJson(req: Request, view: TargetsView): string {
  const selector = param(req, 'match_target');
  const matchers = selector ? parseSelectorParam('match_target', selector) : [];
  const metric = param(req, 'metric');
  const limit = limitParam(req, 'limit');
  const out: string[] = [];
  for (const state of view.active()) {
    const labels = sampleLabelsOf(state.scrapeTarget.target);
    if (!matchesAll(labels, matchers)) continue;
    for (const [name, md] of state.metadata) {
      if (metric && name !== metric) continue;
      if (limit >= 0 && out.length >= limit) break;
      out.push(JSON.stringify({ target: labels.toRecord(), metric: name, type: md.type, help: md.help, unit: md.unit }));
    }
  }
  return `[${out.join(',')}]`;
}

function metadataJson(req: Request, view: TargetsView): string {
  const metric = param(req, 'metric');
  const limit = limitParam(req, 'limit');
  const perMetric = limitParam(req, 'limit_per_metric');
  const byMetric = new Map<string, Array<{ type: string; help: string; unit: string }>>();
  for (const state of view.active()) {
    for (const [name, md] of state.metadata) {
      if (metric && name !== metric) continue;
      const list = byMetric.get(name) ?? [];
      // Targets usually agree; Prometheus lists each distinct (type, help, unit) once.
      if (!list.some((e) => e.type === md.type && e.help === md.help && e.unit === md.unit)) list.push({ type: md.type, help: md.help, unit: md.unit });
      byMetric.set(name, list);
    }
  }
  const result: Record<string, Array<{ type: string; help: string; unit: string }>> = {};
  for (const [name, list] of byMetric) {
    if (limit >= 0 && Object.keys(result).length >= limit) break;
    result[name] = perMetric >= 0 ? list.slice(0, perMetric) : list;
  }
  return JSON.stringify(result);
}
