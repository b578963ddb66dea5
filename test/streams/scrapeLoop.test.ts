import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { Subject } from 'rxjs';
import { Labels } from '../../src/model/labels.js';
import { Matcher } from '../../src/model/matcher.js';
import { isStaleNaN } from '../../src/model/staleness.js';
import type { Appendable } from '../../src/model/storage.js';
import { MemoryHead } from '../../src/storage/memoryHead.js';
import type { HttpClientConfig } from '../../src/config/httpClientConfig.js';
import type { Scraper, ScrapeRequest } from '../../src/sources/scrapeFetch.js';
import type { ScrapeJob } from '../../src/streams/scrapeJob.js';
import { scrapeLoop, type ScrapeLoopDeps, type ScrapeOutcome, type ScrapeTarget } from '../../src/streams/scrapeLoop.js';
import { captureLogger } from '../storage/captureLogger.js';
import { pollUntil } from '../support/poll.js';

const job: ScrapeJob = {
  name: 'j',
  fingerprint: 'j',
  targetSettings: { jobName: 'j', scrapeIntervalMs: 20, scrapeTimeoutMs: 20, metricsPath: '/metrics', scheme: 'http', params: {}, relabel: (l) => l },
  discovery: [],
  honorLabels: false,
  honorTimestamps: true,
  trackTimestampsStaleness: false,
  metricRelabel: (l) => l,
  sampleLimit: 0,
  labelLimit: 0,
  labelNameLengthLimit: 0,
  labelValueLengthLimit: 0,
  bodySizeLimit: 0,
  acceptHeader: 'text/plain;version=0.0.4',
  fallbackMediaType: undefined,
  targetLimit: 0,
  keepDroppedTargets: 0,
  enableCompression: true,
  // The loops below get their scraper from `connectTo`, so the job's HTTP settings are never read.
  httpClient: {} as HttpClientConfig,
};

/** A connect function handing every loop a scraper that calls `fetch`. */
function connectTo(fetch: Scraper['fetch']): ScrapeLoopDeps['connect'] {
  return async () => ({ fetch, close: async () => undefined });
}

function target(): ScrapeTarget {
  const labels = Labels.from({ __address__: 'h:1', job: 'j', instance: 'h:1' });
  return { key: 'k', job, target: { labels, discoveredLabels: labels, url: 'http://h:1/metrics', intervalMs: 20, timeoutMs: 20 } };
}

test('a scrape slower than the interval is never overlapped by the next one', async () => {
  let inFlight = 0;
  let maxInFlight = 0;
  let calls = 0;
  const fetch = async (_req: ScrapeRequest) => {
    inFlight++;
    calls++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await sleep(50); // slower than the 20 ms interval
    inFlight--;
    return { body: 'm 1\n', contentType: 'text/plain; version=0.0.4' };
  };
  const outcomes: ScrapeOutcome[] = [];
  const subscription = scrapeLoop(target(), { connect: connectTo(fetch), storage: new MemoryHead(), now: Date.now, logger: captureLogger().logger }).subscribe((o) => outcomes.push(o));
  try {
    await pollUntil('four scrapes', () => (outcomes.length >= 4 ? true : undefined));
  } finally {
    subscription.unsubscribe();
  }
  assert.equal(maxInFlight, 1);
  assert.ok(outcomes.every((o) => o.error === undefined));
  assert.ok(calls >= 4);
});

test('a failed scrape writes up 0 and staleness markers for the series of the previous scrape', async () => {
  const storage = new MemoryHead();
  let fail = false;
  const fetch = async () => {
    if (fail) throw new Error('server returned HTTP status 500 Internal Server Error');
    return { body: 'm 1\n', contentType: 'text/plain' };
  };
  const outcomes: ScrapeOutcome[] = [];
  const subscription = scrapeLoop(target(), { connect: connectTo(fetch), storage, now: Date.now, logger: captureLogger().logger }).subscribe((o) => {
    outcomes.push(o);
    fail = true;
  });
  try {
    await pollUntil('a failed scrape', () => (outcomes.some((o) => o.error !== undefined) ? true : undefined));
  } finally {
    subscription.unsubscribe();
  }
  const failed = outcomes.find((o) => o.error !== undefined)!;
  assert.equal(failed.error, 'server returned HTTP status 500 Internal Server Error');
  const [m] = await storage.select([new Matcher('=', '__name__', 'm')], 0, Date.now() + 1000);
  const samples = m!.samples();
  assert.ok(isStaleNaN(samples.values[samples.length - 1]!), 'the last sample of m is the staleness marker, bit for bit');
  const [up] = await storage.select([new Matcher('=', '__name__', 'up')], 0, Date.now() + 1000);
  assert.deepEqual([...up!.samples().values].slice(0, 2), [1, 0]);
});

test('a stopped loop finishes its scrape and writes staleness markers for all its series on the way out', async () => {
  const storage = new MemoryHead();
  const stopped$ = new Subject<void>();
  const outcomes: ScrapeOutcome[] = [];
  let completed = false;
  const fetch = async () => ({ body: 'm 1\nn 2\n', contentType: 'text/plain' });
  scrapeLoop(target(), { connect: connectTo(fetch), storage, now: Date.now, logger: captureLogger().logger }, stopped$).subscribe({ next: (o) => outcomes.push(o), complete: () => (completed = true) });
  await pollUntil('two scrapes', () => (outcomes.length >= 2 ? true : undefined));
  stopped$.next();
  await pollUntil('the loop to complete', () => (completed ? true : undefined));
  for (const name of ['m', 'n', 'up', 'scrape_duration_seconds', 'scrape_series_added']) {
    const [series] = await storage.select([new Matcher('=', '__name__', name)], 0, Date.now() + 1000);
    const samples = series!.samples();
    assert.ok(isStaleNaN(samples.values[samples.length - 1]!), `${name} ends with a staleness marker`);
  }
});

test('a commit the storage rejects (a WAL write error) is logged and the loop goes on scraping', async () => {
  const head = new MemoryHead();
  let commits = 0;
  // The second commit fails as a full disk would make the WAL fail it.
  const storage: Appendable = {
    appender() {
      const inner = head.appender();
      return {
        append: (ref, labels, t, v) => inner.append(ref, labels, t, v),
        rollback: () => inner.rollback(),
        async commit() {
          if (++commits !== 2) return inner.commit();
          inner.rollback();
          throw new Error('ENOSPC: no space left on device');
        },
      };
    },
  };
  const log = captureLogger();
  const fetch = async () => ({ body: 'm 1\n', contentType: 'text/plain' });
  const outcomes: ScrapeOutcome[] = [];
  const subscription = scrapeLoop(target(), { connect: connectTo(fetch), storage, now: Date.now, logger: log.logger }).subscribe((o) => outcomes.push(o));
  try {
    await pollUntil('four scrapes', () => (outcomes.length >= 4 ? true : undefined));
  } finally {
    subscription.unsubscribe();
  }
  const [failure, ...more] = log.withMsg('Scrape commit failed');
  assert.equal(more.length, 0);
  assert.equal(failure!.target, 'http://h:1/metrics');
  assert.match(String(failure!.err), /ENOSPC/);
  const [up] = await head.select([new Matcher('=', '__name__', 'up')], 0, Date.now() + 1000);
  const times = [...up!.samples().timestamps];
  assert.ok(!times.includes(outcomes[1]!.startedAtMs), 'the rejected scrape left no samples');
  assert.ok(times.includes(outcomes[0]!.startedAtMs) && times.includes(outcomes[2]!.startedAtMs));
});
