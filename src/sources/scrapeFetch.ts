/** Fetches a target's exposition body over a job's HTTP client (keep-alive, gzip, timeout, limits). */
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { HttpClientConfig } from '../config/httpClientConfig.js';
import { ExpositionBodyDecoder, type ExpositionBody } from '../lang/exposition/index.js';
import { createHttpClientOrFailing, httpStatusLine, type HttpClient } from './httpClient.js';

export interface ScrapeRequest {
  readonly url: string;
  readonly timeoutMs: number;
  readonly acceptHeader: string;
  /** Whether to ask for a gzip-compressed body (enable_compression). */
  readonly compression: boolean;
  /** Bytes of (uncompressed) body above which the scrape fails; 0 means no limit. */
  readonly bodySizeLimit: number;
}

export interface ScrapeResponse {
  /** The decoded body, in line-aligned pieces as it arrived (see expositionBody.ts). */
  readonly body: ExpositionBody;
  readonly contentType: string;
}

/** One job's means to scrape its targets. */
export interface Scraper {
  /** Performs one scrape; rejects with an Error whose message is Prometheus's wording. */
  fetch(req: ScrapeRequest, signal?: AbortSignal): Promise<ScrapeResponse>;
  close(): Promise<void>;
}

/** Builds a scraper from a job's HTTP client settings; a client that cannot be built fails every scrape with the reason. */
export async function createScraper(config: HttpClientConfig, userAgent: string): Promise<Scraper> {
  const client = await createHttpClientOrFailing(config);
  return { fetch: (req, signal) => scrapeOnce(client, userAgent, req, signal), close: () => client.close() };
}

async function scrapeOnce(client: HttpClient, userAgent: string, req: ScrapeRequest, signal?: AbortSignal): Promise<ScrapeResponse> {
  // One controller and a timer cleared at the end: AbortSignal.timeout (and .any) would leave a
  // timer and weak references behind for every scrape until the timeout passes.
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, req.timeoutMs);
  const cancel = (): void => controller.abort();
  signal?.addEventListener('abort', cancel);
  if (signal?.aborted) cancel();
  try {
    const res = await client.request(req.url, {
      signal: controller.signal,
      headers: {
        accept: req.acceptHeader,
        'accept-encoding': req.compression ? 'gzip' : 'identity',
        'user-agent': userAgent,
        'x-prometheus-scrape-timeout-seconds': String(req.timeoutMs / 1000),
      },
    });
    if (res.statusCode !== 200) {
      await res.body.dump();
      throw new Error(`server returned HTTP status ${httpStatusLine(res.statusCode)}`);
    }
    const gzipped = String(res.headers['content-encoding'] ?? '').toLowerCase() === 'gzip';
    // Decoded chunk by chunk as it arrives: no copy of the whole body, and a body over the limit
    // stops being read (like Prometheus, the limit counts uncompressed bytes and is reached at n ≥ limit).
    const body = new ExpositionBodyDecoder();
    for await (const chunk of gzipped ? pipeline(res.body, createGunzip(), () => {}) : res.body) {
      body.write(chunk as Buffer);
      if (req.bodySizeLimit > 0 && body.bytes >= req.bodySizeLimit) {
        throw new Error(`body size limit exceeded (limit: ${req.bodySizeLimit} bytes)`);
      }
    }
    return { body: body.end(), contentType: String(res.headers['content-type'] ?? '') };
  } catch (e) {
    if (timedOut) throw new Error('context deadline exceeded');
    if (signal?.aborted) throw new Error('context canceled');
    throw e;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', cancel);
  }
}
