import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { runGroup } from '../src/streams/runGroup.js';

function scheduler(): TestScheduler {
  return new TestScheduler((a, e) => assert.deepEqual(a, e));
}

test('shutdown stops every component, then closes the storage, then completes', () => {
  const ts = scheduler();
  ts.run(({ cold, hot, expectObservable, expectSubscriptions }) => {
    const order: string[] = [];
    const scrape = cold('-a-a-a-a-a');
    const http = cold('----------');
    const shutdown = hot('----s');
    const close = (): Promise<void> => {
      order.push(`close@${ts.now()}`);
      return Promise.resolve();
    };
    expectObservable(runGroup([scrape, http], shutdown, close)).toBe('----');
    expectSubscriptions(scrape.subscriptions).toBe('^---!');
    expectSubscriptions(http.subscriptions).toBe('^---!');
    ts.flush();
    assert.deepEqual(order, ['close@4']);
  });
});

test('an error in one component stops the others and is raised after the storage closed', async () => {
  const ts = scheduler();
  const order: string[] = [];
  let result: Promise<unknown> = Promise.resolve();
  ts.run(({ cold, hot, expectSubscriptions }) => {
    const failing = cold('---#', undefined, new Error('listen tcp :9090: bind: address already in use'));
    const scrape = cold('-a-a-a-a-a');
    const close = async (): Promise<void> => {
      order.push('storage closed');
    };
    const group = runGroup([scrape, failing], hot('-'), close);
    result = new Promise((resolve) => group.subscribe({ error: (e: Error) => resolve(order.push(`error: ${e.message}`)) }));
    expectSubscriptions(scrape.subscriptions).toBe('^--!');
  });
  await result;
  assert.deepEqual(order, ['storage closed', 'error: listen tcp :9090: bind: address already in use']);
});

test('components whose teardown must run are torn down before the storage closes', async () => {
  const order: string[] = [];
  const component = new Observable<never>(() => () => order.push('scrape loops stopped'));
  const failing = new Observable<never>((s) => {
    setTimeout(() => s.error(new Error('boom')), 1);
  });
  await new Promise<void>((resolve) => {
    runGroup([component, failing], new Observable(), async () => {
      order.push('storage closed');
    }).subscribe({ error: () => resolve() });
  });
  assert.deepEqual(order, ['scrape loops stopped', 'storage closed']);
});

test('a draining component finishes its work after shutdown; the storage closes only once it completed', () => {
  const ts = scheduler();
  ts.run(({ cold, hot, expectSubscriptions }) => {
    const order: string[] = [];
    const scrape = cold('-a-a-a-a-a');
    // The notifier: on shutdown (frame 4) it drains its queue for 3 frames, then completes.
    const shutdown = hot('----s');
    const notifier = cold('-------|');
    const close = (): Promise<void> => {
      order.push(`close@${ts.now()}`);
      return Promise.resolve();
    };
    runGroup([scrape], shutdown, close, [notifier]).subscribe();
    expectSubscriptions(scrape.subscriptions).toBe('^---!');
    expectSubscriptions(notifier.subscriptions).toBe('^------!');
    ts.flush();
    assert.deepEqual(order, ['close@7']);
  });
});
