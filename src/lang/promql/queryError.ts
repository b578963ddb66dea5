/**
 * Errors a query can end with, typed by the kind Prometheus's HTTP API reports (`errorType`),
 * so the API can map them without inspecting messages.
 */

/** `bad_data`: the query cannot run as asked; `execution`: it failed while running; `timeout`/`canceled`: it was stopped. */
export type QueryErrorKind = 'bad_data' | 'execution' | 'timeout' | 'canceled';

/** A query failure with Prometheus's message text. */
export class QueryError extends Error {
  override readonly name = 'QueryError';

  constructor(
    readonly kind: QueryErrorKind,
    message: string,
  ) {
    super(message);
  }
}

/** `query processing would load too many samples into memory in <where>`. */
export function tooManySamples(where: string): QueryError {
  return new QueryError('execution', `query processing would load too many samples into memory in ${where}`);
}

/** `query timed out in <where>`. */
export function timedOut(where: string): QueryError {
  return new QueryError('timeout', `query timed out in ${where}`);
}

/** `query was canceled in <where>`. */
export function canceled(where: string): QueryError {
  return new QueryError('canceled', `query was canceled in ${where}`);
}
