import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PrometheusTextParser } from '../../src/lang/exposition/textParser.js';
import { Labels } from '../../src/model/labels.js';
import { isStaleNaN } from '../../src/model/staleness.js';
import type { Appender, SeriesRef } from '../../src/model/storage.js';
import { appendExposition, appendStalenessMarkers, mergeTargetLabels, ScrapeLimitError, type ScrapeAppendSettings } from '../../src/sinks/scrapeAppend.js';
import { ScrapeCache } from '../../src/sinks/scrapeCache.js';

/** Records appends; hands out refs by label set like a storage would. */
class RecordingAppender implements Appender {
  readonly appended: Array<{ ref: SeriesRef; labels: string | null; t: number; v: number }> = [];
  private readonly refs = new Map<string, SeriesRef>();
  append(ref: SeriesRef, labels: Labels | null, t: number, v: number): SeriesRef {
    let out = ref;
    if (ref === 0) {
      out = this.refs.get(labels!.key) ?? this.refs.size + 1;
      this.refs.set(labels!.key, out);
    }
    this.appended.push({ ref: out, labels: labels?.toString() ?? null, t, v });
    return out;
  }
  async commit(): Promise<void> {}
  rollback(): void {}
}

const settings: ScrapeAppendSettings = {
  targetLabels: Labels.from({ job: 'j', instance: 'i:1' }),
  honorLabels: false,
  honorTimestamps: true,
  trackTimestampsStaleness: false,
  metricRelabel: (l) => (l.get('__name__') === 'dropped_metric' ? null : l),
  sampleLimit: 0,
  labelLimit: 0,
  labelNameLengthLimit: 0,
  labelValueLengthLimit: 0,
};

test('exposed labels that clash with target labels are kept as exported_*, unless honor_labels', () => {
  const exposed = Labels.from({ __name__: 'm', job: 'exposed', exported_job: 'older' });
  assert.deepEqual(mergeTargetLabels(exposed, settings).toRecord(), {
    __name__: 'm', exported_exported_job: 'exposed', exported_job: 'older', instance: 'i:1', job: 'j',
  });
  assert.deepEqual(mergeTargetLabels(exposed, { ...settings, honorLabels: true }).toRecord(), {
    __name__: 'm', exported_job: 'older', instance: 'i:1', job: 'exposed',
  });
});

test('the second scrape of the same body appends by cached ref, without labels', () => {
  const body = 'a{x="1"} 1\nb 2 1700000000000\ndropped_metric 3\n';
  const cache = new ScrapeCache();
  const first = new RecordingAppender();
  const counts = appendExposition(new PrometheusTextParser(body), first, cache, settings, 5000);
  cache.endScrape();
  assert.deepEqual(counts, { samplesScraped: 3, samplesPostRelabeling: 2, seriesAdded: 2, outOfOrder: 0, duplicates: 0 });
  assert.deepEqual(first.appended, [
    { ref: 1, labels: '{__name__="a", instance="i:1", job="j", x="1"}', t: 5000, v: 1 },
    { ref: 2, labels: '{__name__="b", instance="i:1", job="j"}', t: 1700000000000, v: 2 },
  ]);
  const second = new RecordingAppender();
  const again = appendExposition(new PrometheusTextParser(body), second, cache, settings, 6000);
  assert.equal(again.seriesAdded, 0);
  assert.deepEqual(second.appended.map((a) => [a.ref, a.labels]), [[1, null], [2, null]]);
});

test('series missing from a scrape get a staleness marker; a limit fails the whole scrape', () => {
  const cache = new ScrapeCache();
  appendExposition(new PrometheusTextParser('a 1\nb 2\n'), new RecordingAppender(), cache, settings, 1000);
  cache.endScrape();
  const next = new RecordingAppender();
  appendExposition(new PrometheusTextParser('a 1\n'), next, cache, settings, 2000);
  assert.equal(appendStalenessMarkers(next, cache, 2000), 1);
  const marker = next.appended.at(-1)!;
  assert.equal(marker.ref, 2);
  assert.ok(isStaleNaN(marker.v));
  assert.throws(
    () => appendExposition(new PrometheusTextParser('a 1\nb 2\nc 3\n'), new RecordingAppender(), new ScrapeCache(), { ...settings, sampleLimit: 2 }, 0),
    (e: unknown) => e instanceof ScrapeLimitError && e.message === 'sample limit exceeded',
  );
});

test('a series exposed twice in one body without timestamps is a duplicate; with timestamps both are appended', () => {
  const timed = new RecordingAppender();
  const timedCounts = appendExposition(new PrometheusTextParser('a 1 99\na 2 100\n'), timed, new ScrapeCache(), settings, 7000);
  assert.equal(timedCounts.duplicates, 0);
  assert.deepEqual(timed.appended.map((a) => [a.t, a.v]), [[99, 1], [100, 2]]);

  const appender = new RecordingAppender();
  const cache = new ScrapeCache();
  appendExposition(new PrometheusTextParser('a 1\n'), new RecordingAppender(), cache, settings, 0);
  cache.endScrape();
  const counts = appendExposition(new PrometheusTextParser('a 1 99\na 2 100\n'), appender, cache, { ...settings, honorTimestamps: false }, 7000);
  assert.equal(counts.duplicates, 1);
  assert.deepEqual(appender.appended.map((a) => a.t), [7000]);
});

test('TYPE and HELP lines become the target\'s metadata', () => {
  const cache = new ScrapeCache();
  const body = '# HELP http_requests_total Requests served.\n# TYPE http_requests_total counter\nhttp_requests_total 3\n# TYPE temp gauge\ntemp 1\n';
  appendExposition(new PrometheusTextParser(body), new RecordingAppender(), cache, settings, 0);
  assert.deepEqual(Object.fromEntries(cache.metadata), {
    http_requests_total: { type: 'counter', help: 'Requests served.', unit: '' },
    temp: { type: 'gauge', help: '', unit: '' },
  });
});

test('label limits fail the scrape with Prometheus\'s texts', () => {
  const run = (body: string, limits: Partial<ScrapeAppendSettings>) => () =>
    appendExposition(new PrometheusTextParser(body), new RecordingAppender(), new ScrapeCache(), { ...settings, ...limits }, 0);
  // The target's job and instance count too: 4 labels with __name__.
  assert.throws(run('m{a="1"} 1\n', { labelLimit: 3 }), { message: 'label_limit exceeded (metric: m, number of labels: 4, limit: 3)' });
  assert.throws(run('m{long_name="1"} 1\n', { labelNameLengthLimit: 8 }), { message: 'label_name_length_limit exceeded (metric: m, label name: long_name, length: 9, limit: 8)' });
  assert.throws(run('m{a="ééé"} 1\n', { labelValueLengthLimit: 5 }), { message: 'label_value_length_limit exceeded (metric: m, label name: a, value: "ééé", length: 6, limit: 5)' });
  assert.doesNotThrow(run('m{a="1"} 1\n', { labelLimit: 4, labelNameLengthLimit: 8, labelValueLengthLimit: 5 }));
});

test('series with explicit timestamps get no staleness markers unless track_timestamps_staleness', () => {
  for (const track of [false, true]) {
    const cache = new ScrapeCache();
    const s = { ...settings, trackTimestampsStaleness: track };
    appendExposition(new PrometheusTextParser('a 1 1000\nb 2\n'), new RecordingAppender(), cache, s, 1000);
    cache.endScrape();
    const next = new RecordingAppender();
    appendExposition(new PrometheusTextParser(''), next, cache, s, 2000);
    assert.equal(appendStalenessMarkers(next, cache, 2000), track ? 2 : 1, `track_timestamps_staleness: ${track}`);
  }
});
