/**
 * What discovery providers and the per-job discovery manager take from outside: logging, time,
 * self-metrics and I/O. Production code passes a logger and the self-metrics registry and lets the
 * real file system, HTTP client and DNS resolver be used; tests inject virtual-time schedulers
 * and scripted fakes through the same seams.
 */
import { asyncScheduler, type Observable, type ObservableInput, type SchedulerLike } from 'rxjs';
import type { Registry } from 'prom-client';
import type { HttpClientConfig } from '../../config/httpClientConfig.js';
import type { Logger } from '../../telemetry/logger.js';

/** A file read by file_sd: its text and modification time. */
export interface FileContent {
  readonly text: string;
  readonly mtimeMs: number;
}

/** The file system as file_sd sees it. */
export interface FileSdIo {
  /** The files matching a path pattern (Go's filepath.Glob), sorted; none when the directory is missing. */
  list(pattern: string): ObservableInput<readonly string[]>;
  /** Reads one file. */
  read(path: string): ObservableInput<FileContent>;
  /** Emits whenever something in the directory changes; errors when it cannot be watched. */
  watch(dir: string): Observable<unknown>;
}

/** An HTTP response, body read in full. */
export interface HttpGetResponse {
  readonly status: number;
  /** Go's `resp.Status` form: `404 Not Found`. */
  readonly statusLine: string;
  readonly contentType: string;
  readonly body: string;
}

/** An HTTP client configured by an `<http_config>` section. */
export interface HttpGetClient {
  /** One GET; unsubscribing aborts it. Errors name the URL like Go's client does. */
  get(url: string, headers: Readonly<Record<string, string>>): Observable<HttpGetResponse>;
  /** Releases pooled connections. */
  close(): void;
}

/** The DNS queries dns_sd needs; node:dns/promises' `Resolver` satisfies it. */
export interface DnsResolverLike {
  resolveSrv(name: string): ObservableInput<ReadonlyArray<{ name: string; port: number }>>;
  resolve4(name: string): ObservableInput<readonly string[]>;
  resolve6(name: string): ObservableInput<readonly string[]>;
  resolveMx(name: string): ObservableInput<ReadonlyArray<{ exchange: string }>>;
  resolveNs(name: string): ObservableInput<readonly string[]>;
  /** Abandons outstanding queries when the provider stops. */
  cancel?(): void;
}

/** What the discovery of every job shares; built once by the server. */
export interface DiscoveryDeps {
  /** The process logger; discovery lines carry `component: 'discovery'`. */
  readonly logger: Logger;
  /** Timers (refresh intervals, throttling); a TestScheduler in marble tests. Default: asyncScheduler. */
  readonly scheduler?: SchedulerLike;
  /** Where the prometheus_sd_* metrics are registered; without one they are kept but not exposed. */
  readonly registry?: Registry;
  /** The discovery manager's name, the `name` label of its metrics: 'scrape' (default) or 'notify'. */
  readonly managerName?: string;
  /** The file system of file_sd; the real one by default. */
  readonly files?: FileSdIo;
  /** Builds the HTTP client of an http_sd config; undici by default. */
  readonly httpClient?: (config: HttpClientConfig) => HttpGetClient;
  /** Builds the resolver of a dns_sd config; node's (system servers) by default. */
  readonly dnsResolver?: () => DnsResolverLike;
  /** The User-Agent of discovery requests; `promstream/<version>` by default. */
  readonly userAgent?: string;
}

/** What one provider gets: the shared deps and the job (Prometheus's "set") it discovers for. */
export interface ProviderDeps extends DiscoveryDeps {
  /** The job name: the `config` label of per-job metrics and logs. */
  readonly setName: string;
}

/** The scheduler to use for timers. */
export function schedulerOf(deps: DiscoveryDeps): SchedulerLike {
  return deps.scheduler ?? asyncScheduler;
}

/** The manager name used as the `name` label. */
export function managerNameOf(deps: DiscoveryDeps): string {
  return deps.managerName ?? 'scrape';
}

/** A provider's logger: `component`, the mechanism and the job on every line, as Prometheus logs them. */
export function providerLogger(deps: ProviderDeps, mechanism: string): Logger {
  return deps.logger.child({ component: 'discovery', discovery: mechanism, config: deps.setName });
}

/** The message of anything thrown, for log fields and error texts. */
export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
