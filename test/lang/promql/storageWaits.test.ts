/**
 * Waits on storage end with their work, their signal or their deadline, sharing one timer and one
 * listener per signal; nothing is left behind that would keep a process alive or grow with the
 * number of queries on a long-lived signal.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { getEventListeners } from 'node:events';
import { waitFor, type EarlyEnd } from '../../../src/lang/promql/storageWaits.js';

const errorFor = (early: EarlyEnd): Error => new Error(early);
const never = new Promise<never>(() => {});
const rejectionOf = async (p: Promise<unknown>): Promise<string> => p.then(() => 'resolved', (e: Error) => e.message);

test('a wait settles like its work', async () => {
  assert.equal(await waitFor(Promise.resolve(7), Date.now() + 60_000, undefined, errorFor), 7);
  assert.equal(await rejectionOf(waitFor(Promise.reject(new Error('storage failed')), Date.now() + 60_000, undefined, errorFor)), 'storage failed');
});

test('a wait times out at its deadline, each at its own', async () => {
  const started = Date.now();
  const late = waitFor(never, started + 400, undefined, errorFor);
  const early = waitFor(never, started + 30, undefined, errorFor);
  assert.equal(await rejectionOf(early), 'timed out');
  assert.ok(Date.now() - started >= 29, `timed out after ${Date.now() - started} ms`);
  const done = waitFor(Promise.resolve('in time'), started + 10_000, undefined, errorFor);
  assert.equal(await done, 'in time');
  assert.equal(await rejectionOf(late), 'timed out');
  assert.ok(Date.now() - started >= 399, `timed out after ${Date.now() - started} ms`);
});

test('a deadline beyond what a Node timer can hold does not end the wait early', async () => {
  const hundredDays = 100 * 24 * 3600 * 1000;
  const slow = new Promise((resolve) => setTimeout(() => resolve('answered'), 50));
  assert.equal(await waitFor(slow, Date.now() + hundredDays, undefined, errorFor), 'answered');
});

test('an abort ends every wait on its signal, and only those', async () => {
  const controller = new AbortController();
  const other = new AbortController();
  const waits = [1, 2, 3].map(() => waitFor(never, Date.now() + 60_000, controller.signal, errorFor));
  const unrelated = waitFor(new Promise((resolve) => setTimeout(() => resolve('kept'), 50)), Date.now() + 60_000, other.signal, errorFor);
  controller.abort();
  assert.deepEqual(await Promise.all(waits.map(rejectionOf)), ['aborted', 'aborted', 'aborted']);
  assert.equal(await unrelated, 'kept');
});

test('many waits on one long-lived signal add one listener in all', async () => {
  const connection = new AbortController();
  for (let i = 0; i < 1000; i++) await waitFor(Promise.resolve(i), Date.now() + 60_000, connection.signal, errorFor);
  assert.equal(getEventListeners(connection.signal, 'abort').length, 1);
  const pending = waitFor(never, Date.now() + 60_000, connection.signal, errorFor);
  connection.abort();
  assert.equal(await rejectionOf(pending), 'aborted');
});

test('a process whose waits are over exits without waiting for their deadlines', () => {
  const module = new URL('../../../src/lang/promql/storageWaits.js', import.meta.url).href;
  const script = `const { waitFor } = await import(${JSON.stringify(module)}); await waitFor(Promise.resolve(1), Date.now() + 600000, undefined, () => new Error('x')); console.log('done');`;
  const started = Date.now();
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { timeout: 30_000 }).toString();
  assert.equal(out.trim(), 'done');
  assert.ok(Date.now() - started < 20_000);
});
