import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { TestScheduler } from 'rxjs/testing';
import type { DiscoveryConfig } from '../src/config/discovery/index.js';
import type { TargetGroup } from '../src/model/targetGroup.js';
import { jobDiscovery, manageDiscovery } from '../src/sources/discovery/jobDiscovery.js';
import { mergeProviderGroups } from '../src/sources/discovery/mergeProviderGroups.js';
import { silentLogger } from '../src/telemetry/logger.js';

function scheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => assert.deepEqual(actual, expected));
}

/** A group with the given source and target addresses. */
function group(source: string, ...addresses: string[]): TargetGroup {
  return { source, targets: addresses.map((a) => ({ __address__: a })), labels: {} };
}

type Groups = readonly TargetGroup[];

test('nothing goes out until every provider reported; then each update sends the full list', () => {
  scheduler().run(({ cold, expectObservable }) => {
    const file = cold<Groups>('-a----c', { a: [group('f:0', 'x:1')], c: [group('f:0', 'y:1')] });
    const dns = cold<Groups>('---b', { b: [group('srv', 'z:1')] });
    expectObservable(mergeProviderGroups([file, dns], { firstUpdateTimeoutMs: 100 })).toBe('---b--c', {
      b: [group('f:0', 'x:1'), group('srv', 'z:1')],
      c: [group('f:0', 'y:1'), group('srv', 'z:1')],
    });
  });
});

test('a provider that stays silent is waited for only until the deadline', () => {
  scheduler().run(({ cold, expectObservable }) => {
    const file = cold<Groups>('-a', { a: [group('f:0', 'x:1')] });
    const http = cold<Groups>('-------------b', { b: [group('u:0', 'h:1')] });
    expectObservable(mergeProviderGroups([file, http], { firstUpdateTimeoutMs: 5 })).toBe('-----a-------b', {
      a: [group('f:0', 'x:1')],
      b: [group('f:0', 'x:1'), group('u:0', 'h:1')],
    });
  });
});

test('the deadline sends an empty list when no provider has reported, so other jobs are not held back', () => {
  scheduler().run(({ cold, expectObservable }) => {
    expectObservable(mergeProviderGroups([cold<Groups>('-')], { firstUpdateTimeoutMs: 3 })).toBe('---a', { a: [] });
  });
});

test('groups replace earlier groups of the same source; an empty group removes its source only', () => {
  scheduler().run(({ cold, expectObservable }) => {
    const file = cold<Groups>('a-b-c', {
      a: [group('f:0', 'x:1'), group('f:1', 'x:2')],
      b: [group('f:1')],
      c: [group('f:1', 'x:3')],
    });
    const statics = cold<Groups>('s', { s: [group('0', 's:1')] });
    expectObservable(mergeProviderGroups([file, statics], { firstUpdateTimeoutMs: 100 })).toBe('a-b-c', {
      a: [group('f:0', 'x:1'), group('f:1', 'x:2'), group('0', 's:1')],
      b: [group('f:0', 'x:1'), group('0', 's:1')],
      c: [group('f:0', 'x:1'), group('f:1', 'x:3'), group('0', 's:1')],
    });
  });
});

test('a job of static providers emits once and completes; a job without providers emits an empty list', () => {
  scheduler().run(({ cold, expectObservable }) => {
    const a = cold<Groups>('(a|)', { a: [group('0', 'a:1')] });
    const b = cold<Groups>('(b|)', { b: [group('0', 'b:1')] });
    expectObservable(mergeProviderGroups([a, b])).toBe('(x|)', { x: [group('0', 'a:1'), group('0', 'b:1')] });
    expectObservable(mergeProviderGroups([])).toBe('(x|)', { x: [] });
  });
});

test('a provider that completes without reporting does not hold the others back', () => {
  scheduler().run(({ cold, expectObservable }) => {
    const done = cold<Groups>('--|');
    const file = cold<Groups>('-a', { a: [group('f:0', 'x:1')] });
    expectObservable(mergeProviderGroups([done, file], { firstUpdateTimeoutMs: 100 })).toBe('--a', { a: [group('f:0', 'x:1')] });
  });
});

test('updates reach the scrape side at most every 5 s: the first at once, the latest at the end of a busy window', () => {
  scheduler().run(({ hot, expectObservable }) => {
    const v = (address: string): Groups => [group('f:0', address)];
    const provider = hot<Groups>('a 999ms b 999ms c 4999ms d 12999ms e', { a: v('a:1'), b: v('b:1'), c: v('c:1'), d: v('d:1'), e: v('e:1') });
    const out = manageDiscovery('job', [provider], { logger: silentLogger() });
    // a goes out at once; b is superseded by c, sent when the window ends at 5 s; d arrives in the
    // window that c opened and waits for its end at 10 s; e comes after a quiet spell: at once.
    expectObservable(out).toBe('a 4999ms c 4999ms d 9999ms e', { a: v('a:1'), c: v('c:1'), d: v('d:1'), e: v('e:1') });
  });
});

test('the latest state is delivered when the providers complete inside a window; the job stays until unsubscribed', () => {
  scheduler().run(({ cold, expectObservable }) => {
    const provider = cold<Groups>('a 999ms (b|)', { a: [group('f:0', 'a:1')], b: [group('f:0', 'b:1')] });
    expectObservable(manageDiscovery('job', [provider], { logger: silentLogger() })).toBe('a 4999ms b', {
      a: [group('f:0', 'a:1')],
      b: [group('f:0', 'b:1')],
    });
  });
});

test('manager metrics: received and sent updates, discovered targets per job, removed when the job stops', async () => {
  const registry = new Registry();
  const ts = scheduler();
  let stop = (): void => undefined;
  ts.run(({ cold, flush }) => {
    const provider = cold<Groups>('a 999ms b 9999ms c', { a: [group('f:0', 'x:1')], b: [group('f:0', 'x:1', 'x:2')], c: [group('f:1', 'y:1')] });
    const subscription = manageDiscovery('node', [provider], { logger: silentLogger(), registry }).subscribe();
    stop = () => subscription.unsubscribe();
    flush();
  });
  const text = await registry.metrics();
  assert.match(text, /prometheus_sd_received_updates_total\{name="scrape"\} 3/);
  assert.match(text, /prometheus_sd_updates_total\{name="scrape"\} 3/);
  assert.match(text, /prometheus_sd_updates_delayed_total\{name="scrape"\} 0/);
  assert.match(text, /prometheus_sd_discovered_targets\{name="scrape",config="node"\} 3/);
  assert.match(text, /prometheus_sd_last_update_timestamp_seconds\{name="scrape",config="node"\} 11/);
  stop();
  assert.doesNotMatch(await registry.metrics(), /prometheus_sd_discovered_targets\{/, 'a stopped job leaves no discovered_targets series');
});

test('configured mechanisms without a provider count as failed configs while the job runs', async () => {
  const registry = new Registry();
  const seen: unknown[] = [];
  const configs: DiscoveryConfig[] = [{ kind: 'kubernetes', implemented: false }, { kind: 'consul', implemented: false }];
  const running = jobDiscovery('k8s', configs, { logger: silentLogger(), registry }).subscribe((groups) => seen.push(groups));
  assert.deepEqual(seen, [[]], 'the job still gets its (empty) first update');
  assert.match(await registry.metrics(), /prometheus_sd_failed_configs\{name="scrape"\} 2/);
  running.unsubscribe();
  assert.match(await registry.metrics(), /prometheus_sd_failed_configs\{name="scrape"\} 0/);
});
