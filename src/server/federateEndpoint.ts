/**
 * `/federate`: the latest sample (within the lookback delta) of every series matching `match[]`,
 * in the text format, with the external labels added, so another Prometheus can scrape us.
 */
import type { Router } from 'express';
import { sampleLine } from '../lang/exposition/expositionWriter.js';
import { parseExpr } from '../lang/promql/parser.js';
import { Labels } from '../model/labels.js';
import type { Matcher } from '../model/matcher.js';
import { isStaleNaN } from '../model/staleness.js';
import type { Queryable } from '../model/storage.js';
import { params } from './api/params.js';

export interface FederateOptions {
  readonly storage: Queryable;
  readonly lookbackDeltaMs: number;
  /** The current external labels (they change with a config reload). */
  readonly externalLabels: () => Readonly<Record<string, string>>;
  readonly now?: () => number;
}

/** Registers /federate. */
export function registerFederateEndpoint(router: Router, options: FederateOptions): void {
  router.get('/federate', async (req, res) => {
    let selectors: Matcher[][];
    try {
      selectors = params(req, 'match[]').map(parseSelector);
    } catch (e) {
      res.status(400).type('text/plain; charset=utf-8').send(`${(e as Error).message}\n`);
      return;
    }
    const now = (options.now ?? Date.now)();
    const latest = new Map<string, { labels: Labels; t: number; v: number }>();
    for (const matchers of selectors) {
      // Samples at exactly now - lookback are outside the window, as for an instant selector.
      for (const series of await options.storage.select(matchers, now - options.lookbackDeltaMs + 1, now)) {
        const samples = series.samples();
        if (samples.length === 0) continue;
        const v = samples.values[samples.length - 1]!;
        if (isStaleNaN(v)) continue;
        latest.set(series.labels.key, { labels: series.labels, t: samples.timestamps[samples.length - 1]!, v });
      }
    }
    const external = options.externalLabels();
    const byName = [...latest.values()].sort((a, b) => Labels.compare(a.labels, b.labels));
    let body = '';
    let family = '';
    for (const { labels, t, v } of byName) {
      const name = labels.get('__name__');
      if (name !== family) {
        body += `# TYPE ${name} untyped\n`;
        family = name;
      }
      body += sampleLine(name, federatedPairs(labels, external), v, t);
    }
    res.type('text/plain; version=0.0.4; charset=utf-8').send(body);
  });
}

function parseSelector(text: string): Matcher[] {
  const expr = parseExpr(text);
  if (expr.kind !== 'VectorSelector') throw new Error('1:1: parse error: expected vector selector');
  return [...expr.matchers];
}

/** The series labels (without the name) followed by the external labels it lacks, as Prometheus writes them. */
function federatedPairs(labels: Labels, external: Readonly<Record<string, string>>): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i < labels.size; i++) if (labels.names[i] !== '__name__') pairs.push([labels.names[i]!, labels.values[i]!]);
  for (const name of Object.keys(external).sort()) if (!labels.has(name)) pairs.push([name, external[name]!]);
  return pairs;
}
