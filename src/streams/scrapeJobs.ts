/** Turns the loaded config's scrape_configs into the runtime scrape jobs of the scrape pipeline. */
import type { PrometheusConfig } from '../config/config.js';
import { configFingerprint } from '../config/configFingerprint.js';
import type { ScrapeConfig } from '../config/scrapeConfig.js';
import { SCRAPE_PROTOCOL_HEADERS, type ScrapeProtocol } from '../config/scrapeProtocols.js';
import type { Labels } from '../model/labels.js';
import { relabel } from '../model/relabel.js';
import type { ScrapeJob } from './scrapeJob.js';

/** The protocols whose bodies promstream parses; protobuf is not offered to targets yet. */
const PARSEABLE_PROTOCOLS: readonly ScrapeProtocol[] = ['OpenMetricsText1.0.0', 'OpenMetricsText0.0.1', 'PrometheusText1.0.0', 'PrometheusText0.0.4'];

/** The scrape jobs of a config, in config order. */
export function scrapeJobsOf(config: PrometheusConfig): ScrapeJob[] {
  return config.scrapeConfigs.map(scrapeJobOf);
}

/** The runtime view of one scrape config. */
export function scrapeJobOf(sc: ScrapeConfig): ScrapeJob {
  const relabelRules = sc.relabelConfigs;
  const metricRules = sc.metricRelabelConfigs;
  return {
    name: sc.jobName,
    fingerprint: jobFingerprint(sc),
    targetSettings: {
      jobName: sc.jobName,
      scrapeIntervalMs: sc.scrapeIntervalMs,
      scrapeTimeoutMs: sc.scrapeTimeoutMs,
      metricsPath: sc.metricsPath,
      scheme: sc.scheme,
      params: sc.params,
      relabel: (labels: Labels) => relabel(labels, relabelRules),
    },
    discovery: sc.discovery,
    honorLabels: sc.honorLabels,
    honorTimestamps: sc.honorTimestamps,
    trackTimestampsStaleness: sc.trackTimestampsStaleness,
    metricRelabel: metricRules.length === 0 ? (labels: Labels) => labels : (labels: Labels) => relabel(labels, metricRules),
    sampleLimit: sc.sampleLimit,
    labelLimit: sc.labelLimit,
    labelNameLengthLimit: sc.labelNameLengthLimit,
    labelValueLengthLimit: sc.labelValueLengthLimit,
    bodySizeLimit: sc.bodySizeLimitBytes,
    acceptHeader: acceptHeader(sc),
    fallbackMediaType: sc.fallbackScrapeProtocol === undefined ? undefined : SCRAPE_PROTOCOL_HEADERS[sc.fallbackScrapeProtocol],
    enableCompression: sc.enableCompression,
    httpClient: sc.httpClient,
    targetLimit: sc.targetLimit,
    keepDroppedTargets: sc.keepDroppedTargets,
  };
}

/**
 * Prometheus's Accept header: the job's protocols in order with decreasing q weights, then
 * anything. Protocols we cannot parse yet are left out so that targets answer in a text format.
 */
export function acceptHeader(sc: ScrapeConfig): string {
  const offered = sc.scrapeProtocols.filter((p) => PARSEABLE_PROTOCOLS.includes(p));
  const protocols = offered.length > 0 ? offered : PARSEABLE_PROTOCOLS;
  let weight = Object.keys(SCRAPE_PROTOCOL_HEADERS).length + 1;
  const values = protocols.map((protocol) => {
    let value = SCRAPE_PROTOCOL_HEADERS[protocol];
    if (protocol === 'PrometheusText1.0.0' || protocol === 'OpenMetricsText1.0.0') value += `;escaping=${sc.metricNameEscapingScheme}`;
    return `${value};q=0.${weight--}`;
  });
  values.push(`*/*;q=0.${weight}`);
  return values.join(',');
}

/**
 * A value that changes whenever anything but the job's discovery changes. Targets are keyed by
 * it plus their labels, so a reload that only adds or removes targets leaves the others running.
 */
function jobFingerprint(sc: ScrapeConfig): string {
  const { discovery: _discovery, ...settings } = sc;
  return configFingerprint(settings);
}

/** The configured discovery kinds that have no provider yet, per job (logged at load). */
export function inactiveDiscoveryKinds(config: PrometheusConfig): Array<{ job: string; kind: string }> {
  const out: Array<{ job: string; kind: string }> = [];
  for (const sc of config.scrapeConfigs) {
    for (const kind of new Set(sc.discovery.filter((d) => !d.implemented).map((d) => d.kind))) out.push({ job: sc.jobName, kind });
  }
  return out;
}
