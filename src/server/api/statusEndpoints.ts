/**
 * `/api/v1/status/*` and `/api/v1/alertmanagers` (from the notifier): answered with Prometheus's shapes so that clients work.
 */
import type { Router } from 'express';
import { BUILD_INFO } from '../../telemetry/buildInfo.js';
import { formatDuration } from '../../model/duration.js';
import type { AlertmanagersView } from '../../streams/notifier.js';
import { ApiError, sendData, sendError } from './apiResponse.js';
import { param } from './params.js';

/** What the status endpoints report about the running server. */
export interface ServerStatus {
  readonly flags: Readonly<Record<string, string>>;
  readonly startTimeMs: number;
  readonly retentionTimeMs: number;
  readonly retentionSizeBytes: number;
  /** The outcome of the last config (re)load. */
  readonly lastReload: () => { readonly success: boolean; readonly atMs: number };
  /** The loaded config as YAML, or undefined while that is not available. */
  readonly configYaml: () => string;
  /** The head's cardinality statistics (the `data` of /api/v1/status/tsdb); throws while storage is not open. */
  readonly tsdbStats: (limit: number) => unknown;
  /** The notifier's Alertmanagers (the data of /api/v1/alertmanagers); none while no notifier runs. */
  readonly alertmanagers?: () => AlertmanagersView;
}

const NO_ALERTMANAGERS: AlertmanagersView = { activeAlertmanagers: [], droppedAlertmanagers: [] };

/** Registers the status and placeholder endpoints. */
export function registerStatusEndpoints(router: Router, status: ServerStatus): void {
  router.get('/api/v1/status/flags', (_req, res) => sendData(res, JSON.stringify(status.flags)));
  router.get('/api/v1/status/config', (_req, res) => sendData(res, JSON.stringify({ yaml: status.configYaml() })));
  router.get('/api/v1/status/buildinfo', (_req, res) =>
    sendData(
      res,
      JSON.stringify({
        version: BUILD_INFO.version,
        revision: BUILD_INFO.revision,
        branch: BUILD_INFO.branch,
        buildUser: '',
        buildDate: '',
        goVersion: BUILD_INFO.runtimeVersion,
      }),
    ),
  );
  router.get('/api/v1/status/runtimeinfo', (_req, res) => {
    const reload = status.lastReload();
    sendData(
      res,
      JSON.stringify({
        startTime: new Date(status.startTimeMs).toISOString(),
        CWD: process.cwd(),
        hostname: process.env.HOSTNAME ?? '',
        serverTime: new Date().toISOString(),
        reloadConfigSuccess: reload.success,
        lastConfigTime: new Date(reload.atMs).toISOString(),
        corruptionCount: 0,
        goroutineCount: 0,
        GOMAXPROCS: 1,
        GOMEMLIMIT: 0,
        GOGC: '',
        GODEBUG: '',
        storageRetention: retentionText(status),
      }),
    );
  });
  router.get('/api/v1/status/tsdb', (req, res) => {
    try {
      const text = param(req, 'limit');
      const limit = text === undefined || text === '' ? 10 : Number(text);
      if (!Number.isInteger(limit) || limit <= 0) throw new ApiError('bad_data', 'limit must be a positive number');
      sendData(res, JSON.stringify(status.tsdbStats(limit)));
    } catch (e) {
      sendError(res, e instanceof ApiError ? e : new ApiError('unavailable', (e as Error).message));
    }
  });
  router.get('/api/v1/status/walreplay', (_req, res) => sendData(res, JSON.stringify({ min: 0, max: 0, current: 0 })));
  router.get('/api/v1/alertmanagers', (_req, res) => sendData(res, JSON.stringify(status.alertmanagers?.() ?? NO_ALERTMANAGERS)));
}

/** Prometheus's text: `15d`, `512MiB`, or both joined with ` or `. */
function retentionText(status: ServerStatus): string {
  const parts: string[] = [];
  if (status.retentionTimeMs > 0) parts.push(formatDuration(status.retentionTimeMs));
  if (status.retentionSizeBytes > 0) parts.push(`${status.retentionSizeBytes}B`);
  return parts.join(' or ');
}
