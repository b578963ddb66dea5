/** `/-/healthy`, `/-/ready`, and (with --web.enable-lifecycle) `/-/reload` and `/-/quit`. */
import type { Request, Response, Router } from 'express';

export interface LifecycleOptions {
  readonly enableLifecycle: boolean;
  readonly isReady: () => boolean;
  /** Reloads the config; resolves with the error when the new config was rejected. */
  readonly reload: () => Promise<Error | undefined>;
  readonly quit: () => void;
}

/** Registers the lifecycle endpoints with Prometheus's texts and status codes. */
export function registerLifecycleEndpoints(router: Router, options: LifecycleOptions): void {
  const plain = (res: Response, status: number, text: string): void => {
    res.status(status).type('text/plain; charset=utf-8').send(text);
  };
  router.all('/-/healthy', (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'Only GET or HEAD requests allowed\n');
    plain(res, 200, 'Prometheus Server is Healthy.\n');
  });
  router.all('/-/ready', (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'Only GET or HEAD requests allowed\n');
    if (options.isReady()) plain(res, 200, 'Prometheus Server is Ready.\n');
    else plain(res, 503, 'Service Unavailable\n');
  });
  const lifecycle = (action: (req: Request, res: Response) => Promise<void> | void) => async (req: Request, res: Response) => {
    if (!options.enableLifecycle) return plain(res, 403, 'Lifecycle API is not enabled.\n');
    if (req.method !== 'POST' && req.method !== 'PUT') return plain(res, 405, 'Only POST or PUT requests allowed\n');
    await action(req, res);
  };
  router.all(
    '/-/reload',
    lifecycle(async (_req, res) => {
      const error = await options.reload();
      if (error) plain(res, 500, `failed to reload config: ${error.message}\n`);
      else plain(res, 200, '');
    }),
  );
  router.all(
    '/-/quit',
    lifecycle((_req, res) => {
      plain(res, 200, 'Requesting termination... Goodbye!\n');
      options.quit();
    }),
  );
}
