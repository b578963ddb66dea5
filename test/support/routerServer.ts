/** Serves express routes registered by one `register*Endpoints` function, for endpoint tests. */
import express, { type Router } from 'express';
import type { AddressInfo } from 'node:net';

/** Starts an app with the routes on a free loopback port; returns its base URL and a closer. */
export async function serveRoutes(register: (router: Router) => void): Promise<{ url: string; close: () => Promise<void> }> {
  const app = express();
  app.set('query parser', 'simple');
  const router = express.Router();
  router.use(express.urlencoded({ extended: false }));
  register(router);
  app.use(router);
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
