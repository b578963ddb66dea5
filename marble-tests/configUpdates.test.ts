import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { configUpdates, type ReloadRequest } from '../src/sources/configUpdates.js';

test('a failed reload emits nothing and is answered with its error; a good one replaces the config', () => {
  const ts = new TestScheduler((a, e) => assert.deepEqual(a, e));
  ts.run(({ cold, hot, expectObservable, flush }) => {
    const replies: Array<[number, string]> = [];
    const loads: Array<Observable<string>> = [
      cold('-#', undefined, new Error('prometheus.yml:3: bad')),
      cold('-v|', { v: 'v2' }),
    ];
    const request: ReloadRequest = { reply: (e) => replies.push([ts.now(), e ? e.message : 'ok']) };
    const requests = hot<ReloadRequest>('--r--r', { r: request });
    expectObservable(configUpdates('v1', () => loads.shift()!, requests)).toBe('a-----b', { a: 'v1', b: 'v2' });
    flush();
    assert.deepEqual(replies, [[3, 'prometheus.yml:3: bad'], [6, 'ok']]);
  });
});

test('reload requests are handled one at a time, in order', () => {
  const ts = new TestScheduler((a, e) => assert.deepEqual(a, e));
  ts.run(({ cold, hot, expectObservable }) => {
    const loads = [cold('---x|', { x: 'v2' }), cold('-y|', { y: 'v3' })];
    const request: ReloadRequest = { reply: () => undefined };
    const requests = hot<ReloadRequest>('-rr', { r: request });
    // The second load starts only when the first completed (frame 5) and emits at frame 6.
    expectObservable(configUpdates('v1', () => loads.shift()!, requests)).toBe('a---b-c', { a: 'v1', b: 'v2', c: 'v3' });
  });
});
