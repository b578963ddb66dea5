/**
 * The HTTP GET client of http_sd: the shared `<http_config>` client (src/sources/httpClient.ts)
 * seen as an Observable per request, with Go's wording for transport errors.
 */
import { STATUS_CODES } from 'node:http';
import { Observable } from 'rxjs';
import type { HttpClientConfig } from '../../config/httpClientConfig.js';
import { BUILD_INFO } from '../../telemetry/buildInfo.js';
import { createHttpClient, type HttpClient } from '../httpClient.js';
import { errorText, type HttpGetClient, type HttpGetResponse } from './discoveryDeps.js';

/** The User-Agent discovery requests send unless told otherwise. */
export const DEFAULT_USER_AGENT = `promstream/${BUILD_INFO.version}`;

/** Creates a client for the given settings; TLS material is read when the first request is made. */
export function createHttpGetClient(config: HttpClientConfig, userAgent: string = DEFAULT_USER_AGENT): HttpGetClient {
  let client: Promise<HttpClient> | undefined;
  return {
    get(url, headers) {
      return new Observable<HttpGetResponse>((subscriber) => {
        const abort = new AbortController();
        const run = async (): Promise<HttpGetResponse> => {
          client ??= createHttpClient(config);
          const res = await (await client).request(url, { signal: abort.signal, headers: { 'user-agent': userAgent, ...headers } });
          const body = await res.body.text();
          const contentType = res.headers['content-type'];
          return {
            status: res.statusCode,
            statusLine: `${res.statusCode} ${STATUS_CODES[res.statusCode] ?? ''}`.trimEnd(),
            contentType: Array.isArray(contentType) ? contentType.join(', ') : (contentType ?? ''),
            body,
          };
        };
        run().then(
          (response) => {
            subscriber.next(response);
            subscriber.complete();
          },
          // Go names the request in transport errors: `Get "http://host/path": dial tcp ...`.
          (e: unknown) => subscriber.error(new Error(`Get ${JSON.stringify(url)}: ${causeText(e)}`)),
        );
        return () => abort.abort();
      });
    },
    close() {
      void client?.then((c) => c.close()).catch(() => undefined);
    },
  };
}

/** undici hides the system error (ECONNREFUSED...) in `cause`; that is the useful part. */
function causeText(e: unknown): string {
  const cause = (e as { cause?: unknown }).cause;
  return cause instanceof Error && cause.message !== '' ? cause.message : errorText(e);
}
