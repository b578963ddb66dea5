/**
 * Keeps one running inner stream per key across successive snapshots: a key that stays keeps
 * its stream untouched (no restart, no gap), a new key starts one, a removed key stops its own.
 * This is how scrape loops survive config reloads and discovery updates.
 */
import { Observable, type OperatorFunction, type Subscription } from 'rxjs';

/** Reconciles a stream of snapshots into the merged output of one `run(item)` per distinct key. */
export function reconcileByKey<T, R>(keyOf: (item: T) => string, run: (item: T) => Observable<R>): OperatorFunction<readonly T[], R> {
  return (source) =>
    new Observable<R>((subscriber) => {
      const running = new Map<string, Subscription>();
      let sourceDone = false;
      const completeIfIdle = (): void => {
        if (sourceDone && running.size === 0) subscriber.complete();
      };
      const sourceSubscription = source.subscribe({
        next(snapshot) {
          const wanted = new Map<string, T>();
          for (const item of snapshot) wanted.set(keyOf(item), item);
          for (const [key, subscription] of running) {
            if (!wanted.has(key)) {
              running.delete(key);
              subscription.unsubscribe();
            }
          }
          for (const [key, item] of wanted) {
            if (running.has(key)) continue;
            let finished = false;
            const subscription = run(item).subscribe({
              next: (value) => subscriber.next(value),
              error: (err) => subscriber.error(err),
              complete: () => {
                finished = true;
                if (running.get(key) === subscription) running.delete(key);
                completeIfIdle();
              },
            });
            // An inner stream that completed synchronously must not be recorded as running.
            if (!finished) running.set(key, subscription);
          }
        },
        error: (err) => subscriber.error(err),
        complete: () => {
          sourceDone = true;
          completeIfIdle();
        },
      });
      return () => {
        sourceSubscription.unsubscribe();
        for (const subscription of running.values()) subscription.unsubscribe();
        running.clear();
      };
    });
}
