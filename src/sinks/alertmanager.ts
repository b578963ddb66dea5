/**
 * The Alertmanager client: posts batches of alerts to an Alertmanager's API v2 (`POST
 * <scheme>://<address><path_prefix>/api/v2/alerts`) over the shared undici client, with the
 * Alertmanager config's HTTP settings and timeout.
 */
import type { AlertmanagerConfig } from '../config/alertingConfig.js';
import type { NotificationAlert } from '../model/notificationAlert.js';
import { createHttpClientOrFailing, failingHttpClient, httpStatusLine, type HttpClient } from '../sources/httpClient.js';

/** One Alertmanager config's means to deliver alerts to the Alertmanagers it discovers. */
export interface AlertmanagerClient {
  /** Posts an encoded batch (see encodeAlerts) to one alerts URL; rejects naming the HTTP status or the failure. */
  post(url: string, payload: string, signal?: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

/** An alert as Alertmanager's API v2 takes it (PostableAlert). */
interface PostableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt?: string;
  endsAt?: string;
  generatorURL?: string;
}

/** The JSON body of a POST to /api/v2/alerts; times in RFC 3339 with milliseconds, unset ones left out. */
export function encodeAlerts(alerts: readonly NotificationAlert[]): string {
  return JSON.stringify(alerts.map(postableAlert));
}

function postableAlert(alert: NotificationAlert): PostableAlert {
  const out: PostableAlert = { labels: alert.labels.toRecord(), annotations: alert.annotations.toRecord() };
  if (alert.startsAtMs !== 0) out.startsAt = new Date(alert.startsAtMs).toISOString();
  if (alert.endsAtMs !== 0) out.endsAt = new Date(alert.endsAtMs).toISOString();
  if (alert.generatorURL !== '') out.generatorURL = alert.generatorURL;
  return out;
}

/** Builds the client of one `alertmanagers` entry; settings it cannot honour make every post fail with the reason. */
export async function createAlertmanagerClient(config: AlertmanagerConfig, userAgent: string): Promise<AlertmanagerClient> {
  const http = config.sigv4 ? failingHttpClient('error creating HTTP client: sigv4 is not supported yet') : await createHttpClientOrFailing(config.httpClient);
  return {
    post: (url, payload, signal) => postAlerts(http, url, payload, config.timeoutMs, userAgent, signal),
    close: () => http.close(),
  };
}

async function postAlerts(http: HttpClient, url: string, payload: string, timeoutMs: number, userAgent: string, signal?: AbortSignal): Promise<void> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  let statusCode: number;
  try {
    const res = await http.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': userAgent },
      body: payload,
      signal: combined,
    });
    statusCode = res.statusCode;
    // The body is not needed; reading it frees the connection for the next batch.
    await res.body.dump();
  } catch (e) {
    // Go's client wording, as Prometheus logs it.
    const reason = timeout.aborted ? 'context deadline exceeded' : signal?.aborted ? 'context canceled' : (e as Error).message;
    throw new Error(`Post "${url}": ${reason}`);
  }
  if (statusCode < 200 || statusCode > 299) throw new Error(`bad response status ${httpStatusLine(statusCode)}`);
}
