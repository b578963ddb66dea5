/**
 * Queries waiting on storage, each until its work settles, its abort signal fires or its deadline
 * passes. All waits share one timer, and all waits on one signal share one abort listener: a timer
 * per wait (Node creates and drops a timer list for it) and an EventTarget listener added and
 * removed per wait cost a cheap query more than its selection. A server passes one signal per
 * client connection, for all of that connection's queries.
 */

/** Why a wait ended before its work settled. */
export type EarlyEnd = 'aborted' | 'timed out';

/** One pending wait, kept in two unordered lists (removal swaps in the last element). */
class Wait {
  timedIndex = -1;
  abortIndex = -1;

  constructor(
    /** Date.now() time after which the wait times out. */
    readonly deadline: number,
    readonly abortWaits: Wait[] | undefined,
    readonly end: (early: EarlyEnd) => void,
  ) {}
}

const timedWaits: Wait[] = [];
// The one timer, due at or before the earliest deadline. While nothing waits it stays armed but
// unreferenced (it does not keep the process alive); when it fires it re-arms for what is left.
let timer: ReturnType<typeof setTimeout> | undefined;
let timerDue = Infinity;

const abortWaitsBySignal = new WeakMap<AbortSignal, Wait[]>();

function abortWaitsOf(signal: AbortSignal): Wait[] {
  let waits = abortWaitsBySignal.get(signal);
  if (waits === undefined) {
    const created: Wait[] = [];
    // Added on the signal's first wait and never removed: it lives as long as the signal.
    signal.addEventListener('abort', () => {
      for (const wait of [...created]) wait.end('aborted');
    });
    abortWaitsBySignal.set(signal, created);
    waits = created;
  }
  return waits;
}

// Node fires longer timeouts at once; a wait due later is looked at again when this one fires.
const LONGEST_TIMEOUT_MS = 2 ** 31 - 1;

function armTimer(due: number): void {
  if (timer !== undefined) clearTimeout(timer);
  timerDue = due;
  timer = setTimeout(expireWaits, Math.min(LONGEST_TIMEOUT_MS, Math.max(0, due - Date.now())));
}

function expireWaits(): void {
  timer = undefined;
  timerDue = Infinity;
  const now = Date.now();
  for (const wait of [...timedWaits]) if (wait.deadline <= now) wait.end('timed out');
  let next = Infinity;
  for (const wait of timedWaits) next = Math.min(next, wait.deadline);
  if (next < Infinity) armTimer(next);
}

function add(wait: Wait): void {
  wait.timedIndex = timedWaits.push(wait) - 1;
  if (wait.deadline < timerDue) armTimer(wait.deadline);
  else timer!.ref();
  if (wait.abortWaits !== undefined) wait.abortIndex = wait.abortWaits.push(wait) - 1;
}

function removeAt(list: Wait[], index: number, set: (moved: Wait, index: number) => void): void {
  const last = list.pop()!;
  if (index < list.length) {
    list[index] = last;
    set(last, index);
  }
}

function remove(wait: Wait): void {
  if (wait.timedIndex < 0) return;
  removeAt(timedWaits, wait.timedIndex, (moved, i) => (moved.timedIndex = i));
  wait.timedIndex = -1;
  if (timedWaits.length === 0) timer?.unref();
  if (wait.abortWaits !== undefined) removeAt(wait.abortWaits, wait.abortIndex, (moved, i) => (moved.abortIndex = i));
}

/**
 * Settles like `work`, unless `signal` aborts or `deadline` (Date.now() ms) passes first: then it
 * rejects with `errorFor` of the reason. The signal must not be aborted yet.
 */
export function waitFor<T>(work: Promise<T>, deadline: number, signal: AbortSignal | undefined, errorFor: (early: EarlyEnd) => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const wait = new Wait(deadline, signal === undefined ? undefined : abortWaitsOf(signal), (early) => {
      remove(wait);
      reject(errorFor(early));
    });
    add(wait);
    work.then(
      (value) => {
        remove(wait);
        resolve(value);
      },
      (error: unknown) => {
        remove(wait);
        reject(error);
      },
    );
  });
}
