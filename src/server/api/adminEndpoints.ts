/** The admin API (`--web.enable-admin-api`): delete series, clean tombstones, snapshot. */
import type { Request, Response, Router } from 'express';
import type { Matcher } from '../../model/matcher.js';
import { ApiError, sendData, sendError } from './apiResponse.js';
import { param, params, parseTimeParam } from './params.js';
import { parseSelectorParam } from './selectorParam.js';

/** What the storage offers the admin API; a storage without these answers "not supported". */
export interface AdminStorage {
  deleteSeries?(matchers: readonly Matcher[], mint: number, maxt: number): Promise<void>;
  cleanTombstones?(): Promise<void>;
  /** Writes a snapshot and returns its directory name. */
  snapshot?(skipHead: boolean): Promise<string>;
}

/** Registers the admin endpoints, which answer Prometheus's error when the API is disabled. */
export function registerAdminEndpoints(router: Router, enabled: boolean, storage: AdminStorage): void {
  const admin = (action: (req: Request, res: Response) => Promise<void>) => async (req: Request, res: Response) => {
    try {
      if (!enabled) throw new ApiError('unavailable', 'admin APIs disabled');
      await action(req, res);
    } catch (e) {
      sendError(res, e instanceof ApiError ? e : new ApiError('internal', (e as Error).message));
    }
  };
  const unsupported = (what: string): ApiError => new ApiError('unavailable', `${what} is not supported by this storage yet`);
  const deleteSeries = admin(async (req, res) => {
    const selectors = params(req, 'match[]');
    if (selectors.length === 0) throw new ApiError('bad_data', 'no match[] parameter provided');
    const start = param(req, 'start');
    const end = param(req, 'end');
    const mint = start ? parseTimeParam('start', start) : Number.MIN_SAFE_INTEGER;
    const maxt = end ? parseTimeParam('end', end) : Number.MAX_SAFE_INTEGER;
    if (!storage.deleteSeries) throw unsupported('deleting series');
    for (const text of selectors) await storage.deleteSeries(parseSelectorParam('match[]', text), mint, maxt);
    res.status(204).end();
  });
  const cleanTombstones = admin(async (_req, res) => {
    if (!storage.cleanTombstones) throw unsupported('cleaning tombstones');
    await storage.cleanTombstones();
    res.status(204).end();
  });
  const snapshot = admin(async (req, res) => {
    if (!storage.snapshot) throw unsupported('snapshots');
    const name = await storage.snapshot(param(req, 'skip_head') === 'true');
    sendData(res, JSON.stringify({ name }));
  });
  for (const method of ['post', 'put'] as const) {
    router[method]('/api/v1/admin/tsdb/delete_series', deleteSeries);
    router[method]('/api/v1/admin/tsdb/clean_tombstones', cleanTombstones);
    router[method]('/api/v1/admin/tsdb/snapshot', snapshot);
  }
}
