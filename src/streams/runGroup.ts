/**
 * The run group, like Prometheus's oklog/run: components run merged; the first error stops all
 * of them (their teardown runs) and is re-raised; a shutdown signal stops them gracefully.
 * Either way the storage closes last, after every other component has stopped.
 */
import { catchError, concat, defer, EMPTY, ignoreElements, merge, takeUntil, throwError, type Observable } from 'rxjs';

/**
 * Runs the components until shutdown$ emits or one fails, then closes the storage. `draining`
 * components watch shutdown$ themselves and finish their work first (the notifier sends what is
 * queued); the storage closes once they complete.
 */
export function runGroup(
  components: ReadonlyArray<Observable<unknown>>,
  shutdown$: Observable<unknown>,
  closeStorage: () => Promise<void>,
  draining: ReadonlyArray<Observable<unknown>> = [],
): Observable<never> {
  return defer(() => {
    let failure: unknown;
    const running = merge(merge(...components).pipe(takeUntil(shutdown$)), ...draining).pipe(
      ignoreElements(),
      catchError((error: unknown) => {
        failure = error;
        return EMPTY;
      }),
    );
    return concat(
      running,
      defer(closeStorage).pipe(ignoreElements()),
      defer(() => (failure === undefined ? EMPTY : throwError(() => failure))),
    );
  });
}
