/**
 * The whole server as one stream: config reloads drive the scrape pipeline (switchMap inside,
 * reconciled loops outside), and every component runs in the run group until shutdown.
 */
import { EMPTY, map, shareReplay, tap, type Observable } from 'rxjs';
import type { PrometheusConfig } from '../config/config.js';
import type { LoadedConfig } from '../config/loadedConfig.js';
import type { Appendable, Queryable } from '../model/storage.js';
import { configUpdates, type ReloadRequest } from '../sources/configUpdates.js';
import type { Scraper } from '../sources/scrapeFetch.js';
import type { ScrapeJob } from './scrapeJob.js';
import type { Registry } from 'prom-client';
import type { Logger } from '../telemetry/logger.js';
import type { RulesConfig } from './rules.js';
import { runGroup } from './runGroup.js';
import { scrapeStream } from './scrape.js';
import { scrapeJobsOf } from './scrapeJobs.js';
import type { TargetsView } from './targetsView.js';

export interface AppOptions {
  readonly logger: Logger;
  /** Self-metrics of the components (discovery, scraping). */
  readonly registry: Registry;
  readonly initialConfig: LoadedConfig;
  readonly loadConfig: () => Promise<LoadedConfig>;
  readonly reloadRequests$: Observable<ReloadRequest>;
  readonly shutdown$: Observable<unknown>;
  readonly storage: Appendable & Queryable;
  readonly closeStorage: () => Promise<void>;
  /** Builds a job's scraper (its HTTP client). */
  readonly connect: (job: ScrapeJob) => Promise<Scraper>;
  /** Kept up to date with every job's targets and their latest scrape. */
  readonly targetsView: TargetsView;
  /** Components built by the entry point (the HTTP server). */
  readonly extraComponents: ReadonlyArray<Observable<unknown>>;
  /** The rule manager, given the config stream; absent: no rule evaluation. */
  readonly rules?: (config$: Observable<RulesConfig>) => Observable<never>;
  /** The notifier, given the config stream and the shutdown signal, on which it drains its queue. */
  readonly notifier?: (config$: Observable<PrometheusConfig>, shutdown$: Observable<unknown>) => Observable<never>;
  readonly now?: () => number;
}

/** The run group of the server: completes after a graceful shutdown, errors if a component fails. */
export function app$(options: AppOptions): Observable<never> {
  const scrapeLogger = options.logger.child({ component: 'scrape' });
  const config$ = configUpdates(options.initialConfig, options.loadConfig, options.reloadRequests$).pipe(
    shareReplay({ bufferSize: 1, refCount: true }),
  );
  const scrape$ = scrapeStream(config$.pipe(map((loaded) => scrapeJobsOf(loaded.config))), {
    connect: options.connect,
    discovery: { logger: options.logger, registry: options.registry },
    storage: options.storage,
    now: options.now ?? Date.now,
    logger: scrapeLogger,
  }, options.targetsView).pipe(
    tap((outcome) => {
      if (outcome.error !== undefined) scrapeLogger.debug({ job: outcome.scrapeTarget.job.name, target: outcome.scrapeTarget.target.url, err: outcome.error }, 'Scrape failed');
    }),
  );
  const rules$ = options.rules?.(config$.pipe(map(rulesConfigOf))) ?? EMPTY;
  const notifier$ = options.notifier?.(config$.pipe(map((loaded) => loaded.config)), options.shutdown$) ?? EMPTY;
  return runGroup([...options.extraComponents, scrape$, rules$], options.shutdown$, options.closeStorage, [notifier$]);
}

/** What the rule manager takes from a loaded config. */
function rulesConfigOf({ config, ruleFiles }: LoadedConfig): RulesConfig {
  return {
    groups: ruleFiles.flatMap((file) => file.groups),
    evaluationIntervalMs: config.global.evaluationIntervalMs,
    ruleQueryOffsetMs: config.global.ruleQueryOffsetMs,
    externalLabels: config.global.externalLabels,
  };
}
