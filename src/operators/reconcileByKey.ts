/**
 * Keeps one running inner stream per key across successive snapshots: a key that stays keeps
 * its stream untouched (no restart, no gap), a new key starts one, and a removed key is told to
 * stop through its `removed$` signal, so that it can finish what it is doing and write what it
 * must on the way out (a scrape loop's staleness markers) before it completes. Unsubscribing
 * from the output stops every stream at once, with no way-out work (that is a shutdown).
 */
import { Observable, Subject, type OperatorFunction, type Subscription } from 'rxjs';

interface Running {
  readonly subscription: Subscription;
  readonly removed$: Subject<void>;
}

/** Reconciles a stream of snapshots into the merged output of one `run(item, removed$)` per distinct key. */
export function reconcileByKey<T, R>(
  keyOf: (item: T) => string,
  run: (item: T, removed$: Observable<void>) => Observable<R>,
): OperatorFunction<readonly T[], R> {
  return (source) =>
    new Observable<R>((subscriber) => {
      const running = new Map<string, Running>();
      // Streams told to stop that have not completed yet; they still count as alive.
      const stopping = new Set<Subscription>();
      let sourceDone = false;
      const completeIfIdle = (): void => {
        if (sourceDone && running.size === 0 && stopping.size === 0) subscriber.complete();
      };
      const start = (key: string, item: T): void => {
        const removed$ = new Subject<void>();
        let finished = false;
        let entry: Running | undefined;
        const subscription = run(item, removed$.asObservable()).subscribe({
          next: (value) => subscriber.next(value),
          error: (err) => subscriber.error(err),
          complete: () => {
            finished = true;
            if (entry && running.get(key) === entry) running.delete(key);
            if (entry) stopping.delete(entry.subscription);
            completeIfIdle();
          },
        });
        // An inner stream that completed synchronously must not be recorded as running.
        if (!finished) {
          entry = { subscription, removed$ };
          running.set(key, entry);
        }
      };
      const sourceSubscription = source.subscribe({
        next(snapshot) {
          const wanted = new Map<string, T>();
          for (const item of snapshot) wanted.set(keyOf(item), item);
          for (const [key, entry] of running) {
            if (wanted.has(key)) continue;
            running.delete(key);
            stopping.add(entry.subscription);
            entry.removed$.next();
            entry.removed$.complete();
          }
          for (const [key, item] of wanted) if (!running.has(key)) start(key, item);
        },
        error: (err) => subscriber.error(err),
        complete: () => {
          sourceDone = true;
          completeIfIdle();
        },
      });
      return () => {
        sourceSubscription.unsubscribe();
        for (const entry of running.values()) entry.subscription.unsubscribe();
        for (const subscription of stopping) subscription.unsubscribe();
        running.clear();
        stopping.clear();
      };
    });
}
