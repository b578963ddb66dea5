/** Fetches a target's exposition body over HTTP with undici (keep-alive, gzip, timeout). */
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { Agent, request } from 'undici';

const gunzipAsync = promisify(gunzip);

export interface ScrapeRequest {
  readonly url: string;
  readonly timeoutMs: number;
  readonly acceptHeader: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Bytes of (uncompressed) body above which the scrape fails; 0 means no limit. */
  readonly bodySizeLimit: number;
}

export interface ScrapeResponse {
  readonly body: string;
  readonly contentType: string;
}

/** Performs one scrape request; rejects with an Error whose message is Prometheus's wording. */
export type ScrapeFetch = (req: ScrapeRequest, signal?: AbortSignal) => Promise<ScrapeResponse>;

/** Creates a fetch function sharing one keep-alive connection pool. */
export function createScrapeFetch(userAgent: string): { fetch: ScrapeFetch; close: () => Promise<void> } {
  const agent = new Agent({ keepAliveTimeout: 60_000, connections: 4 });
  const fetch: ScrapeFetch = async (req, signal) => {
    const timeout = AbortSignal.timeout(req.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    try {
      const res = await request(req.url, {
        dispatcher: agent,
        method: 'GET',
        signal: combined,
        headers: {
          accept: req.acceptHeader,
          'accept-encoding': 'gzip',
          'user-agent': userAgent,
          'x-prometheus-scrape-timeout-seconds': String(req.timeoutMs / 1000),
          ...req.headers,
        },
      });
      if (res.statusCode !== 200) {
        await res.body.dump();
        throw new Error(`server returned HTTP status ${res.statusCode} ${httpStatusText(res.statusCode)}`);
      }
      let raw = Buffer.from(await res.body.arrayBuffer());
      if (String(res.headers['content-encoding'] ?? '').toLowerCase() === 'gzip') raw = await gunzipAsync(raw);
      if (req.bodySizeLimit > 0 && raw.length > req.bodySizeLimit) {
        throw new Error(`body size limit exceeded (limit: ${req.bodySizeLimit} bytes)`);
      }
      return { body: raw.toString('utf8'), contentType: String(res.headers['content-type'] ?? '') };
    } catch (e) {
      if (timeout.aborted) throw new Error('context deadline exceeded');
      if (signal?.aborted) throw new Error('context canceled');
      throw e;
    }
  };
  return { fetch, close: () => agent.close() };
}

const STATUS_TEXT: Record<number, string> = {
  301: 'Moved Permanently', 302: 'Found', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found',
  429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

function httpStatusText(code: number): string {
  return STATUS_TEXT[code] ?? '';
}
