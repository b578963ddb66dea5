/**
 * The config stream: the config loaded at start, then one reload per request (SIGHUP or
 * POST /-/reload). A reload that fails is answered with its error and emits nothing, so the
 * previous config keeps running untouched.
 */
import { catchError, concatMap, defer, EMPTY, startWith, tap, type Observable, type ObservableInput } from 'rxjs';

/** A request to re-read the config; `reply` receives the outcome. */
export interface ReloadRequest {
  readonly reply: (error: Error | undefined) => void;
}

/** Emits the initial config, then every config that a reload request loaded successfully. */
export function configUpdates<C>(initial: C, load: () => ObservableInput<C>, requests$: Observable<ReloadRequest>): Observable<C> {
  return requests$.pipe(
    concatMap((request) =>
      defer(load).pipe(
        tap(() => request.reply(undefined)),
        catchError((error: Error) => {
          request.reply(error);
          return EMPTY;
        }),
      ),
    ),
    startWith(initial),
  );
}
