/** Prometheus's API envelope: `{status, data}` or `{status, errorType, error}` with its HTTP codes. */
import type { ServerResponse } from 'node:http';

export type ApiErrorType = 'bad_data' | 'execution' | 'timeout' | 'canceled' | 'internal' | 'not_found' | 'unavailable';

const STATUS_BY_ERROR: Record<ApiErrorType, number> = {
  bad_data: 400,
  execution: 422,
  canceled: 499,
  timeout: 503,
  internal: 500,
  not_found: 404,
  // Prometheus has no case for this type and answers with its default, 500.
  unavailable: 500,
};

/** An error the API reports with a Prometheus error type. */
export class ApiError extends Error {
  constructor(
    readonly type: ApiErrorType,
    message: string,
  ) {
    super(message);
  }
}

/** Sends a success envelope around already-encoded JSON `data`. */
export function sendData(res: ServerResponse, dataJson: string, warnings: readonly string[] = [], infos: readonly string[] = []): void {
  let body = `{"status":"success","data":${dataJson}`;
  if (warnings.length > 0) body += `,"warnings":${JSON.stringify(warnings)}`;
  if (infos.length > 0) body += `,"infos":${JSON.stringify(infos)}`;
  sendJson(res, 200, body + '}');
}

/** Sends an error envelope with the status code Prometheus uses for its type. */
export function sendError(res: ServerResponse, error: ApiError): void {
  sendJson(res, STATUS_BY_ERROR[error.type], JSON.stringify({ status: 'error', errorType: error.type, error: error.message }));
}

// Plain Node response calls: they serve express's routes and the hot path alike, and express's send() costs more than the body.
function sendJson(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/** Prometheus's answer when an endpoint has no data at all: 204 without a body. */
export function sendNoContent(res: ServerResponse): void {
  res.statusCode = 204;
  res.end();
}

/** A handler answering with the JSON `data` that `produce` encodes; what it throws becomes the error envelope (`internal` unless an ApiError). */
export function dataHandler<Req>(produce: (req: Req) => string): (req: Req, res: ServerResponse) => void {
  return (req, res) => {
    try {
      sendData(res, produce(req));
    } catch (e) {
      sendError(res, e instanceof ApiError ? e : new ApiError('internal', (e as Error).message));
    }
  };
}
