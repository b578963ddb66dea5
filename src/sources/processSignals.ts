/** Process signals as streams: SIGHUP asks for a reload, SIGTERM and SIGINT for a shutdown. */
import { fromEvent, map, merge, type Observable } from 'rxjs';

/** Emits the signal's name each time the process receives one of the given signals. */
export function processSignals(...names: NodeJS.Signals[]): Observable<NodeJS.Signals> {
  return merge(...names.map((name) => fromEvent(process, name).pipe(map(() => name))));
}
