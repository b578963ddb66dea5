#!/usr/bin/env node
/** promstream's entry point: flags → logger → config → storage → the run group. */
import './v8Tuning.js';
import { existsSync } from 'node:fs';
import { from, merge, Subject, switchMap, take } from 'rxjs';
import { loadConfigFile, type PrometheusConfig } from './config/config.js';
import { withRuleFiles, type LoadedConfig } from './config/loadedConfig.js';
import type { ParseOptions } from './lang/promql/parser.js';
import { marshalConfig } from './config/marshal/marshalConfig.js';
import { loadWebConfig, type WebConfig } from './config/webConfig.js';
import { defaultConfig } from './config/defaultConfig.js';
import { promqlFeatures } from './config/features.js';
import { FlagError, helpText, parseCommandLine, type ServerFlags } from './config/flags.js';
import { Engine } from './lang/promql/engine.js';
import { externalUrlOf, externalUrlText, routePrefixOf } from './server/externalUrl.js';
import { serveHttp } from './server/httpServer.js';
import { createWebApp } from './server/webApp.js';
import type { ReloadRequest } from './sources/configUpdates.js';
import { processSignals } from './sources/processSignals.js';
import { createScraper } from './sources/scrapeFetch.js';
import { TsdbHandle } from './storage/tsdbHandle.js';
import { app$ } from './streams/app.js';
import { inactiveDiscoveryKinds } from './streams/scrapeJobs.js';
import { Notifier } from './streams/notifier.js';
import { rulesStream } from './streams/rules.js';
import { RulesView } from './streams/rulesView.js';
import { TargetsView } from './streams/targetsView.js';
import { createRuleMetrics } from './telemetry/ruleMetrics.js';
import { BUILD_INFO } from './telemetry/buildInfo.js';
import { createLogger, type Logger } from './telemetry/logger.js';
import { createReloadMetrics } from './telemetry/reloadMetrics.js';
import { createSelfMetricsRegistry } from './telemetry/selfMetrics.js';

const PROGRAM = 'promstream';
const START_TIME_MS = Date.now();

function parseFlagsOrExit(): ServerFlags {
  try {
    const commandLine = parseCommandLine(process.argv.slice(2));
    if (commandLine.action === 'run') return commandLine.flags;
    process.stdout.write(
      commandLine.action === 'help'
        ? helpText(PROGRAM)
        : `${PROGRAM}, version ${BUILD_INFO.version} (branch: ${BUILD_INFO.branch}, revision: ${BUILD_INFO.revision})\n  runtime: ${BUILD_INFO.runtimeVersion}\n`,
    );
    process.exit(0);
  } catch (e) {
    if (!(e instanceof FlagError)) throw e;
    process.stderr.write(`${PROGRAM}: error: ${e.message}\n`);
    process.exit(1);
  }
}

/** Loads the config file and its rule files; a missing file at the default path means the built-in default config. */
async function loadConfig(flags: ServerFlags, parser: ParseOptions): Promise<LoadedConfig> {
  if (!flags.configFileExplicit && !existsSync(flags.configFile)) return { config: defaultConfig(flags.listenAddress), ruleFiles: [] };
  return withRuleFiles(await loadConfigFile(flags.configFile), parser);
}

function logInactiveDiscovery(config: PrometheusConfig, logger: Logger): void {
  for (const { job, kind } of inactiveDiscoveryKinds(config)) {
    logger.warn({ job, kind: `${kind}_sd_configs` }, 'Service discovery kind is not implemented yet; its targets are not scraped');
  }
}

async function main(): Promise<void> {
  const flags = parseFlagsOrExit();
  const logger = createLogger(flags.logLevel, flags.logFormat);
  const mainLogger = logger.child({ component: 'main' });
  mainLogger.info({ version: BUILD_INFO.version, runtime: BUILD_INFO.runtimeVersion }, 'Starting promstream');

  const { features, unknown } = promqlFeatures(flags.enabledFeatures);
  for (const name of unknown) mainLogger.warn({ option: name }, 'Unknown option for --enable-feature');
  const registry = createSelfMetricsRegistry();
  const reloadMetrics = createReloadMetrics(registry);
  const configLogger = logger.child({ component: 'config' });
  const usingDefault = !flags.configFileExplicit && !existsSync(flags.configFile);
  let lastReload = { success: false, atMs: 0 };
  let currentConfig: PrometheusConfig | undefined;
  const configName = usingDefault ? '<built-in default>' : flags.configFile;
  const load = async (): Promise<LoadedConfig> => {
    configLogger.info({ filename: configName }, 'Loading configuration file');
    try {
      const loaded = await loadConfig(flags, features);
      reloadMetrics.record(true, Date.now());
      currentConfig = loaded.config;
      lastReload = { success: true, atMs: Date.now() };
      logInactiveDiscovery(loaded.config, configLogger);
      configLogger.info({ filename: configName }, 'Completed loading of configuration file');
      return loaded;
    } catch (e) {
      reloadMetrics.record(false, Date.now());
      lastReload = { success: false, atMs: lastReload.atMs };
      throw e;
    }
  };

  let initialConfig: LoadedConfig;
  let webConfig: WebConfig = { tls: undefined, basicAuthUsers: {}, headers: {} };
  try {
    initialConfig = await load();
    if (flags.webConfigFile) webConfig = await loadWebConfig(flags.webConfigFile);
  } catch (e) {
    configLogger.error({ file: flags.configFile, err: (e as Error).message }, 'Error loading config');
    process.exit(1);
  }

  // The TSDB opens (WAL replay) while the HTTP server already answers: /-/ready is 503 until it is done.
  const tsdbLogger = logger.child({ component: 'tsdb' });
  const storage = new TsdbHandle(
    { path: flags.tsdbPath, logger: tsdbLogger, registry, retentionMs: flags.retentionTimeMs, retentionBytes: flags.retentionSizeBytes },
    (e) => {
      tsdbLogger.error({ err: e.message }, 'Opening storage failed');
      process.exit(1);
    },
  );
  let ready = false;
  const reloadRequests$ = new Subject<ReloadRequest>();
  const quit$ = new Subject<void>();
  const requestReload = (): Promise<Error | undefined> =>
    new Promise((resolve) => {
      reloadRequests$.next({
        reply: (error) => {
          if (error) configLogger.error({ file: flags.configFile, err: error.message }, 'Error reloading config');
          resolve(error);
        },
      });
    });

  const targetsView = new TargetsView();
  const rulesView = new RulesView();
  const notifier = new Notifier({ logger, registry, queueCapacity: flags.notificationQueueCapacity, drainOnShutdown: flags.drainNotificationQueueOnShutdown });
  const engine = new Engine({
    lookbackDeltaMs: flags.lookbackDeltaMs,
    maxSamples: flags.queryMaxSamples,
    timeoutMs: flags.queryTimeoutMs,
    defaultSubqueryStepMs: initialConfig.config.global.evaluationIntervalMs,
    delayedNameRemoval: features.delayedNameRemoval,
    parseOptions: features,
  });
  const webApp = createWebApp({
    routePrefix: routePrefixOf(flags),
    corsOrigin: flags.corsOrigin,
    basicAuthUsers: webConfig.basicAuthUsers,
    headers: webConfig.headers,
    enableAdminApi: flags.enableAdminApi,
    adminStorage: storage,
    status: {
      flags: flags.all,
      startTimeMs: START_TIME_MS,
      retentionTimeMs: flags.retentionTimeMs,
      retentionSizeBytes: flags.retentionSizeBytes,
      lastReload: () => lastReload,
      configYaml: () => (currentConfig ? marshalConfig(currentConfig) : ''),
      tsdbStats: (limit) => storage.stats(limit),
      alertmanagers: () => notifier.alertmanagers(),
    },
    federate: { storage, lookbackDeltaMs: flags.lookbackDeltaMs, externalLabels: () => currentConfig?.global.externalLabels ?? {} },
    registry,
    lifecycle: { enableLifecycle: flags.enableLifecycle, isReady: () => ready && storage.isOpen, reload: requestReload, quit: () => quit$.next() },
    query: { engine, storage, defaultTimeoutMs: flags.queryTimeoutMs, maxConcurrency: flags.queryMaxConcurrency, parseOptions: features },
    targets: { view: targetsView, externalUrl: externalUrlOf(flags), listenAddress: flags.listenAddress },
    rules: rulesView,
  });

  const signals$ = processSignals('SIGHUP', 'SIGTERM', 'SIGINT');
  signals$.subscribe((signal) => {
    if (signal === 'SIGHUP') void requestReload();
  });
  const shutdown$ = merge(processSignals('SIGTERM', 'SIGINT'), quit$).pipe(take(1));
  shutdown$.subscribe(() => mainLogger.warn('Received termination request, stopping gracefully'));

  app$({
    logger,
    registry,
    initialConfig,
    loadConfig: load,
    reloadRequests$,
    shutdown$,
    storage,
    closeStorage: () => storage.close(tsdbLogger),
    connect: (job) => createScraper(job.httpClient, `promstream/${BUILD_INFO.version}`),
    targetsView,
    // Like Prometheus, rules start once the storage is open: before, queries would find nothing and restore nothing.
    rules: (config$) =>
      from(storage.opened).pipe(
        switchMap(() =>
          rulesStream(config$, {
            engine,
            storage,
            externalURL: externalUrlText(flags),
            resendDelayMs: flags.ruleResendDelayMs,
            outageToleranceMs: flags.ruleForOutageToleranceMs,
            gracePeriodMs: flags.ruleForGracePeriodMs,
            notify: (alerts) => notifier.send(alerts),
            metrics: createRuleMetrics(registry),
            view: rulesView,
            logger: logger.child({ component: 'rule manager' }),
            now: Date.now,
          }),
        ),
      ),
    notifier: (config$, shutdown) => notifier.run$(config$, shutdown),
    extraComponents: [
      serveHttp(
        webApp,
        flags.listenAddress,
        logger.child({ component: 'web' }),
        () => {
          ready = true;
          void storage.opened.then(
            () => mainLogger.info('Server is ready to receive web requests.'),
            () => undefined,
          );
        },
        webConfig.tls,
      ),
      storage.maintenance$(),
    ],
  }).subscribe({
    complete: () => {
      mainLogger.info('See you next time!');
      process.exit(0);
    },
    error: (e: unknown) => {
      mainLogger.error({ err: (e as Error).message ?? String(e) }, 'A component failed; stopping');
      process.exit(1);
    },
  });
}

void main();
