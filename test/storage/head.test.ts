import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Labels } from '../../src/model/labels.js';
import { Matcher } from '../../src/model/matcher.js';
import { STALE_NAN, isStaleNaN } from '../../src/model/staleness.js';
import { AppendError } from '../../src/storage/appendErrors.js';
import { Head } from '../../src/storage/head/head.js';
import { HeadAppender, NO_COMMIT_LOG } from '../../src/storage/head/headAppender.js';

const HOUR = 3_600_000;
const up = (instance: string): Labels => Labels.from({ __name__: 'up', job: 'node', instance });

function appendErrorKind(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof AppendError);
    return e.kind;
  }
  return 'none';
}

test('samples become queryable on commit, not before; rollback drops them', async () => {
  const head = new Head();
  const app = new HeadAppender(head, NO_COMMIT_LOG);
  const ref = app.append(0, up('a'), 1000, 1);
  app.append(ref, null, 2000, 2);
  assert.deepEqual(await head.select([new Matcher('=', '__name__', 'up')], 0, 10_000), []);
  await app.commit();
  const [series] = head.select([new Matcher('=', '__name__', 'up')], 0, 10_000);
  assert.deepEqual([...series!.samples().timestamps], [1000, 2000]);
  assert.deepEqual([...series!.samples().values], [1, 2]);
  app.append(ref, null, 3000, 3);
  app.rollback();
  await app.commit();
  assert.equal(head.select([], 0, 10_000)[0]!.samples().length, 2);
});

test('out-of-order, duplicate and out-of-bounds samples are refused with Prometheus errors and counted', async () => {
  const head = new Head();
  const app = new HeadAppender(head, NO_COMMIT_LOG);
  const ref = app.append(0, up('a'), 10 * HOUR, 1);
  await app.commit();
  assert.equal(appendErrorKind(() => app.append(ref, null, 10 * HOUR - 1, 1)), 'out_of_order');
  assert.equal(appendErrorKind(() => app.append(ref, null, 10 * HOUR, 2)), 'duplicate');
  // The very same sample again is accepted and ignored.
  assert.equal(appendErrorKind(() => app.append(ref, null, 10 * HOUR, 1)), 'none');
  // Older than half a partition behind the head's newest sample: out of bounds, for any series.
  assert.equal(appendErrorKind(() => app.append(0, up('b'), 9 * HOUR - 1, 1)), 'out_of_bounds');
  assert.equal(appendErrorKind(() => app.append(0, up('b'), 9.5 * HOUR, 1)), 'none');
  await app.commit();
  assert.equal(new AppendError('out_of_order').message, 'out of order sample');
  assert.equal(new AppendError('duplicate').message, 'duplicate sample for timestamp');
  assert.deepEqual(
    { ooo: head.counters.outOfOrder, dup: head.counters.duplicates, oob: head.counters.outOfBounds, appended: head.counters.samplesAppended },
    { ooo: 1, dup: 1, oob: 1, appended: 2 },
  );
});

test('an out-of-order sample within one batch is dropped at commit and counted', async () => {
  const head = new Head();
  const app = new HeadAppender(head, NO_COMMIT_LOG);
  const ref = app.append(0, up('a'), 5000, 1);
  app.append(ref, null, 4000, 2);
  await app.commit();
  assert.equal(head.counters.outOfOrder, 1);
  assert.deepEqual([...head.select([], 0, 10_000)[0]!.samples().timestamps], [5000]);
});

test('chunks are cut at 120 samples and at partition boundaries; select decodes only overlapping chunks', async () => {
  const head = new Head(HOUR);
  const app = new HeadAppender(head, NO_COMMIT_LOG);
  let ref = 0;
  // 300 samples 15 s apart from 0:50 cross the 1 h partition boundary at sample 40.
  const start = 50 * 60_000;
  for (let i = 0; i < 300; i++) ref = app.append(ref, up('a'), start + i * 15_000, i);
  app.append(ref, null, start + 300 * 15_000, STALE_NAN);
  await app.commit();
  const series = head.byRef(ref)!;
  const chunks = series.chunks(-Infinity, Infinity, head);
  assert.deepEqual(chunks.map((c) => c.count), [40, 120, 120, 21]);
  assert.equal(chunks[0]!.maxT, HOUR - 15_000);
  assert.equal(chunks[1]!.minT, HOUR);
  assert.equal(series.chunks(HOUR + 60_000, HOUR + 120_000, head).length, 1);
  const samples = head.select([], HOUR, HOUR + 29 * 60_000)[0]!.samples();
  assert.equal(samples.length, 117);
  const all = head.select([], 0, Infinity)[0]!.samples();
  assert.equal(all.length, 301);
  assert.ok(isStaleNaN(all.values[300]!));
  for (let i = 0; i < 300; i++) assert.equal(all.values[i], i);
});

test('a flushed partition leaves the head; series left empty are garbage-collected unless an appender holds them', async () => {
  const head = new Head(HOUR);
  const app = new HeadAppender(head, NO_COMMIT_LOG);
  const a = app.append(0, up('a'), 0, 1);
  const b = app.append(0, up('b'), 0, 1);
  app.append(0, up('c'), 0, 1);
  await app.commit();
  app.append(a, null, 2 * HOUR, 2);
  await app.commit();
  assert.equal(head.oldestPartition(), 0);
  assert.ok(head.isImmutable(0));
  const held = new HeadAppender(head, NO_COMMIT_LOG);
  held.append(b, null, 2 * HOUR, 5);
  const flushed = head.collectPartition(0);
  assert.deepEqual(flushed.map((f) => [f.labels.get('instance'), f.chunks.length]), [['a', 1], ['b', 1], ['c', 1]]);
  assert.equal(head.dropPartition(0), 1);
  assert.equal(head.byRef(a)!.empty, false);
  assert.equal(head.seriesCount, 2);
  assert.deepEqual(head.select([], 0, Infinity).map((s) => s.labels.get('instance')), ['a']);
  await held.commit();
  assert.deepEqual(head.select([], 0, Infinity).map((s) => s.labels.get('instance')), ['a', 'b']);
  // The collected series's ref is gone: appending it without labels says so, with labels works.
  assert.equal(appendErrorKind(() => app.append(3, null, 2 * HOUR, 1)), 'not_found');
  assert.notEqual(app.append(3, up('c'), 2 * HOUR, 1), 3);
  assert.equal(appendErrorKind(() => app.append(0, up('d'), HOUR - 1, 1)), 'out_of_bounds');
});
