/**
 * Scrape protocols a scraper offers in its Accept header, with Prometheus's names, default
 * orderings and validation messages.
 */
import type { NameEscapingScheme } from './nameValidation.js';

export type ScrapeProtocol = 'PrometheusProto' | 'PrometheusText0.0.4' | 'PrometheusText1.0.0' | 'OpenMetricsText0.0.1' | 'OpenMetricsText1.0.0';

/** The media type each protocol stands for. */
export const SCRAPE_PROTOCOL_HEADERS: Readonly<Record<ScrapeProtocol, string>> = {
  PrometheusProto: 'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited',
  'PrometheusText0.0.4': 'text/plain;version=0.0.4',
  'PrometheusText1.0.0': 'text/plain;version=1.0.0',
  'OpenMetricsText0.0.1': 'application/openmetrics-text;version=0.0.1',
  'OpenMetricsText1.0.0': 'application/openmetrics-text;version=1.0.0',
};

/** The protocols offered when nothing is configured. */
export const DEFAULT_SCRAPE_PROTOCOLS: readonly ScrapeProtocol[] = ['OpenMetricsText1.0.0', 'OpenMetricsText0.0.1', 'PrometheusText1.0.0', 'PrometheusText0.0.4'];

/** The default when native histograms are scraped: protobuf first, as only it carries them. */
export const PROTO_FIRST_SCRAPE_PROTOCOLS: readonly ScrapeProtocol[] = ['PrometheusProto', ...DEFAULT_SCRAPE_PROTOCOLS];

const SUPPORTED = Object.keys(SCRAPE_PROTOCOL_HEADERS).sort();

/** Checks one protocol name; returns Prometheus's message when it is unknown. */
export function scrapeProtocolProblem(name: string): string | undefined {
  if (SUPPORTED.includes(name)) return undefined;
  return `unknown scrape protocol ${name}, supported: [${SUPPORTED.join(' ')}]`;
}

/** Checks a scrape_protocols list (non-empty, known, no duplicates ignoring case); returns the message or undefined. */
export function scrapeProtocolsProblem(list: readonly string[]): string | undefined {
  if (list.length === 0) return 'scrape_protocols cannot be empty';
  const seen = new Set<string>();
  for (const p of list) {
    if (seen.has(p.toLowerCase())) return `duplicated protocol in scrape_protocols, got [${list.join(' ')}]`;
    const problem = scrapeProtocolProblem(p);
    if (problem !== undefined) return `scrape_protocols: ${problem}`;
    seen.add(p.toLowerCase());
  }
  return undefined;
}

/** The Accept header Prometheus sends for a protocol list (weights descending, escaping on the 1.0.0 text formats). */
export function scrapeAcceptHeader(protocols: readonly ScrapeProtocol[], escaping: NameEscapingScheme): string {
  let weight = Object.keys(SCRAPE_PROTOCOL_HEADERS).length + 1;
  const values = protocols.map((p) => {
    let value = SCRAPE_PROTOCOL_HEADERS[p];
    if (p === 'PrometheusText1.0.0' || p === 'OpenMetricsText1.0.0') value += `;escaping=${escaping}`;
    return `${value};q=0.${weight--}`;
  });
  values.push(`*/*;q=0.${weight}`);
  return values.join(',');
}
