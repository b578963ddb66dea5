/**
 * The scrape cache's fast paths (a text found by its place in the previous scrape, the parser
 * comparing a guessed text instead of scanning labels) must append exactly what the slow path
 * (labels decoded, relabeled and looked up in storage) appends, scrape after scrape.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ExpositionParser } from '../../src/lang/exposition/expositionParser.js';
import { PrometheusTextParser } from '../../src/lang/exposition/textParser.js';
import { Labels } from '../../src/model/labels.js';
import { isStaleNaN } from '../../src/model/staleness.js';
import type { Appender, SeriesRef } from '../../src/model/storage.js';
import { AppendError } from '../../src/storage/appendErrors.js';
import { appendExposition, appendStalenessMarkers, type ScrapeAppendSettings, type ScrapeCounts } from '../../src/sinks/scrapeAppend.js';
import { ScrapeCache } from '../../src/sinks/scrapeCache.js';

/** Storage that hands out refs by label set and logs every append by labels. */
class LabelledStorage {
  readonly refs = new Map<string, SeriesRef>();
  readonly labelsOf = new Map<SeriesRef, string>();
  /** Refs that answer not_found once, as after garbage collection. */
  readonly forgotten = new Set<SeriesRef>();

  appender(log: string[]): Appender {
    return {
      append: (ref, labels, t, v) => {
        if (this.forgotten.delete(ref) || (ref !== 0 && !this.labelsOf.has(ref))) throw new AppendError('not_found');
        let key = ref !== 0 ? this.labelsOf.get(ref)! : labels!.toString();
        if (ref === 0) {
          ref = this.refs.get(key) ?? this.refs.size + 1;
          this.refs.set(key, ref);
          this.labelsOf.set(ref, key);
        }
        key = this.labelsOf.get(ref)!;
        log.push(`${key} ${t} ${isStaleNaN(v) ? 'stale' : v}`);
        return ref;
      },
      commit: async () => undefined,
      rollback: () => undefined,
    };
  }
}

/** The text parser with its guesses switched off: every line scanned in full. */
function withoutGuesses(parser: ExpositionParser): ExpositionParser {
  return new Proxy(parser, {
    get: (target, name) => (name === 'expectSeries' ? () => undefined : Reflect.get(target, name, target)),
  });
}

const base: ScrapeAppendSettings = {
  targetLabels: Labels.from({ job: 'j', instance: 'i:1' }),
  honorLabels: false,
  honorTimestamps: true,
  trackTimestampsStaleness: false,
  metricRelabel: (l) => l,
  sampleLimit: 0,
  labelLimit: 0,
  labelNameLengthLimit: 0,
  labelValueLengthLimit: 0,
};

const settingsVariants: Record<string, ScrapeAppendSettings> = {
  default: base,
  honor_labels: { ...base, honorLabels: true },
  metric_relabel: {
    ...base,
    metricRelabel: (l) => (l.get('__name__') === 'dropped' ? null : l.get('x') === '2' ? l.with('x', 'two') : l),
  },
  honor_timestamps_false: { ...base, honorTimestamps: false },
  limits: { ...base, sampleLimit: 100, labelLimit: 10, labelNameLengthLimit: 20, labelValueLengthLimit: 20 },
  track_timestamps_staleness: { ...base, trackTimestampsStaleness: true },
};

/** Successive bodies of one target: values change, lines move, come and go, one is timestamped. */
const SCRAPES = [
  'a{x="1"} 1\na{x="2"} 2\nb{job="exposed"} 3\ndropped 4\nc 5 1000\n',
  'a{x="1"} 11\na{x="2"} 12\nb{job="exposed"} 13\ndropped 14\nc 15 2000\n',
  'b{job="exposed"} 23\na{x="2"} 22\nd 26\na{x="1"} 21\n',
  'a{x="1"} 31\nd 36\n',
  'a{x="1"} 41\na{x="2"} 42\nb{job="exposed"} 43\ndropped 44\nc 45 3000\nd 46\n',
];

/** Runs the scrapes through one cache; returns each scrape's append log and counts. */
function run(settings: ScrapeAppendSettings, bodies: readonly string[], parse: (body: string) => ExpositionParser, cold: boolean): Array<{ log: string[]; counts: ScrapeCounts }> {
  const storage = new LabelledStorage();
  let cache = new ScrapeCache();
  return bodies.map((body, i) => {
    if (cold) cache = new ScrapeCache();
    const log: string[] = [];
    const appender = storage.appender(log);
    const t = (i + 1) * 10_000;
    const counts = appendExposition(parse(body), appender, cache, settings, t);
    appendStalenessMarkers(appender, cache, t);
    cache.endScrape();
    return { log, counts };
  });
}

const parseText = (body: string): ExpositionParser => new PrometheusTextParser(body);

test('a warm cache appends the same series, times and values as a cold one, whatever the settings', () => {
  for (const [name, settings] of Object.entries(settingsVariants)) {
    const warm = run(settings, SCRAPES, parseText, false);
    const cold = run(settings, SCRAPES, parseText, true);
    for (let i = 0; i < SCRAPES.length; i++) {
      // A cold cache knows no previous scrape, so it writes no staleness markers.
      assert.deepEqual(warm[i]!.log.filter((l) => !l.endsWith(' stale')), cold[i]!.log, `${name}, scrape ${i}`);
      assert.deepEqual({ ...warm[i]!.counts, seriesAdded: 0 }, { ...cold[i]!.counts, seriesAdded: 0 }, `${name}, scrape ${i}`);
    }
  }
});

test('guessed texts change nothing: the parser scanning every line appends the same, stale markers included', () => {
  for (const [name, settings] of Object.entries(settingsVariants)) {
    assert.deepEqual(run(settings, SCRAPES, parseText, false), run(settings, SCRAPES, (b) => withoutGuesses(parseText(b)), false), name);
  }
});

test('staleness follows the series, not their order; series_added counts texts the previous scrape lacked', () => {
  const scrapes = run(settingsVariants.metric_relabel!, SCRAPES, parseText, false);
  assert.deepEqual(scrapes.map((s) => s.counts.seriesAdded), [4, 0, 1, 0, 3]);
  // Scrape 2 lacks c (timestamped: no marker) and the dropped series, and adds d; scrape 3 lacks a{x="2"} and b.
  assert.deepEqual(scrapes[2]!.log.filter((l) => l.endsWith('stale')), []);
  assert.deepEqual(scrapes[3]!.log.filter((l) => l.endsWith('stale')).sort(), [
    '{__name__="a", instance="i:1", job="j", x="two"} 40000 stale',
    '{__name__="b", exported_job="exposed", instance="i:1", job="j"} 40000 stale',
  ]);
});

test('a failed scrape marks every series stale but keeps the cache for the next one', () => {
  const storage = new LabelledStorage();
  const cache = new ScrapeCache();
  const body = 'a 1\nb 2\n';
  appendExposition(parseText(body), storage.appender([]), cache, base, 1000);
  cache.endScrape();
  const failed: string[] = [];
  assert.throws(() => appendExposition(parseText('a 1\nb{ 2\n'), storage.appender(failed), cache, base, 2000));
  cache.abortScrape();
  appendStalenessMarkers(storage.appender(failed), cache, 2000);
  cache.endScrape();
  assert.deepEqual(failed.filter((l) => l.endsWith('stale')).length, 2);
  const after = appendExposition(parseText(body), storage.appender([]), cache, base, 3000);
  assert.equal(after.seriesAdded, 0);
});

test('a cached series storage no longer has is appended by labels again on the next scrape', () => {
  const storage = new LabelledStorage();
  const cache = new ScrapeCache();
  const body = 'a 1\nb 2\n';
  appendExposition(parseText(body), storage.appender([]), cache, base, 1000);
  cache.endScrape();
  storage.forgotten.add(storage.refs.get('{__name__="a", instance="i:1", job="j"}')!);
  const log: string[] = [];
  appendExposition(parseText(body), storage.appender(log), cache, base, 2000);
  cache.endScrape();
  assert.deepEqual(log, ['{__name__="b", instance="i:1", job="j"} 2000 2']);
  const again = appendExposition(parseText(body), storage.appender([]), cache, base, 3000);
  assert.equal(again.seriesAdded, 1);
});

test('two texts of one series share its state: once cached, the second in a scrape is a duplicate', () => {
  const storage = new LabelledStorage();
  const cache = new ScrapeCache();
  const body = 'a{x="1",y="2"} 1\na{y="2",x="1"} 1\n';
  appendExposition(parseText(body), storage.appender([]), cache, base, 1000);
  cache.endScrape();
  const log: string[] = [];
  const counts = appendExposition(parseText(body), storage.appender(log), cache, base, 2000);
  assert.equal(counts.duplicates, 1);
  assert.equal(log.length, 1);
});
