import { test } from 'node:test';
import assert from 'node:assert/strict';
import { concat, interval, map, of, takeUntil, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { reconcileByKey } from '../src/operators/reconcileByKey.js';

function scheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => assert.deepEqual(actual, expected));
}

/** Records (virtual time, value) pairs of a stream until `untilMs`. */
function record<T>(ts: TestScheduler, stream: Observable<T>, untilMs: number): Array<[number, T]> {
  const seen: Array<[number, T]> = [];
  const subscription = stream.subscribe((v) => seen.push([ts.now(), v]));
  ts.schedule(() => subscription.unsubscribe(), untilMs);
  return seen;
}

test('a key that stays in the snapshots keeps its stream running without restart', () => {
  const ts = scheduler();
  ts.run(({ cold, hot, flush, expectSubscriptions }) => {
    const loopA = cold<string>('-a-a-a-a-a-a-a-a');
    const loopB = cold<string>('-b-b-b-b');
    const loops: Record<string, Observable<string>> = { A: loopA, B: loopB };
    const snapshots = hot<string[]>('x---y-----z', { x: ['A'], y: ['A', 'B'], z: ['A'] });
    const seen = record(ts, snapshots.pipe(reconcileByKey((k) => k, (k, removed$) => loops[k]!.pipe(takeUntil(removed$)))), 14);
    flush();
    assert.deepEqual(seen, [
      [1, 'a'], [3, 'a'], [5, 'a'], [5, 'b'], [7, 'a'], [7, 'b'], [9, 'a'], [9, 'b'], [11, 'a'], [13, 'a'],
    ]);
    // A is subscribed once, from the first snapshot on: the later snapshots do not restart it.
    expectSubscriptions(loopA.subscriptions).toBe('^-------------!');
    // B starts with the snapshot that adds it and stops with the one that removes it.
    expectSubscriptions(loopB.subscriptions).toBe('----^-----!');
  });
});

test('unsubscribing stops every running stream', () => {
  const ts = scheduler();
  ts.run(({ hot, flush }) => {
    const snapshots = hot<string[]>('x', { x: ['A', 'B'] });
    const seen = record(ts, snapshots.pipe(reconcileByKey((k) => k, (k) => interval(2).pipe(map(() => k)))), 5);
    flush();
    assert.deepEqual(seen, [[2, 'A'], [2, 'B'], [4, 'A'], [4, 'B']]);
  });
});

test('an error in one stream reaches the output (the run group stops)', () => {
  scheduler().run(({ cold, hot, expectObservable }) => {
    const snapshots = hot<string[]>('x', { x: ['A'] });
    const out = snapshots.pipe(reconcileByKey((k) => k, () => cold('--#', undefined, new Error('boom'))));
    expectObservable(out).toBe('--#', undefined, new Error('boom'));
  });
});

test('the output completes once the snapshots and every stream completed', () => {
  scheduler().run(({ cold, hot, expectObservable }) => {
    const snapshots = hot<string[]>('x-|', { x: ['A'] });
    const out = snapshots.pipe(reconcileByKey((k) => k, () => cold('----a|')));
    expectObservable(out).toBe('----a|');
  });
});

test('a removed key is told to stop, may finish its way-out work, and only then completes', () => {
  const ts = scheduler();
  ts.run(({ cold, hot, flush }) => {
    const snapshots = hot<string[]>('x---y', { x: ['A', 'B'], y: ['A'] });
    const loop = (k: string, removed$: Observable<void>): Observable<string> =>
      concat(cold<string>('-t-t-t-t-t-t').pipe(takeUntil(removed$), map(() => k)), of(`${k} stale`));
    const seen = record(ts, snapshots.pipe(reconcileByKey((k) => k, loop)), 8);
    flush();
    // B ticks at 1 and 3, is removed at 4 and writes its way-out marker then; A keeps going.
    assert.deepEqual(seen, [[1, 'A'], [1, 'B'], [3, 'A'], [3, 'B'], [4, 'B stale'], [5, 'A'], [7, 'A']]);
  });
});

test('unsubscribing (a shutdown) stops streams without their way-out work', () => {
  const ts = scheduler();
  ts.run(({ cold, hot, flush }) => {
    const snapshots = hot<string[]>('x', { x: ['A'] });
    const loop = (k: string, removed$: Observable<void>): Observable<string> =>
      concat(cold<string>('-t-t-t').pipe(takeUntil(removed$), map(() => k)), of(`${k} stale`));
    const seen = record(ts, snapshots.pipe(reconcileByKey((k) => k, loop)), 4);
    flush();
    assert.deepEqual(seen, [[1, 'A'], [3, 'A']]);
  });
});
