/**
 * The abort signals queries run under. A query is canceled when its client's connection closes
 * before the answer. One AbortController per connection, not per request, carries that: creating
 * a controller and its signal cost a cheap query a good part of its CPU, and a keep-alive client
 * sends many queries over one connection.
 */
import { setMaxListeners } from 'node:events';
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

const CONNECTION_SIGNAL = Symbol('aborted when the connection closes');

type SocketWithSignal = Socket & { [CONNECTION_SIGNAL]?: AbortSignal };

/** A signal aborted once the connection of `res` is closed (already aborted if it is). */
export function connectionSignalOf(res: ServerResponse): AbortSignal {
  // The request's socket: a response waiting behind a pipelined one has none yet.
  const socket = res.req.socket as SocketWithSignal;
  if (socket.destroyed) return AbortSignal.abort();
  let signal = socket[CONNECTION_SIGNAL];
  if (signal === undefined) {
    const controller = new AbortController();
    socket.once('close', () => controller.abort());
    signal = controller.signal;
    // A query with a `timeout` listens to it while it runs (withTimeout); a pipelining client may run many at once.
    setMaxListeners(0, signal);
    socket[CONNECTION_SIGNAL] = signal;
  }
  return signal;
}

/**
 * Runs `task` under `signal` and a timeout of `timeoutMs` (an abort reason named TimeoutError, so
 * the engine reports a timeout, not a cancellation). The link to `signal` is dropped once the task
 * is done: a connection's signal would otherwise collect one per query until the connection closes.
 */
export async function withTimeout<T>(signal: AbortSignal, timeoutMs: number, task: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const linked = new AbortController();
  const forward = (): void => linked.abort(signal.reason);
  if (signal.aborted) forward();
  else signal.addEventListener('abort', forward, { once: true });
  try {
    return await task(AbortSignal.any([linked.signal, AbortSignal.timeout(timeoutMs)]));
  } finally {
    signal.removeEventListener('abort', forward);
  }
}
