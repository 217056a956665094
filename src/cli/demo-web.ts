import type { AppControlDeps } from '../orchestrations/index.js';
import type { WorkflowEngine } from '../jobs/index.js';
import { createApiKey } from '../server/api-keys.js';
import type { Runtime } from './runtime.js';

/** The demo's web app as it is served. */
export interface DemoWebApp {
  url: string;
  apiKey: string;
  /**
   * The web app's address with the API key in its fragment (never sent to the server): signs in at once,
   * as the demo's page is marked so (elsewhere such a link asks first).
   */
  signInUrl: string;
}

/** Serves the web app on the demo's store and engine; a taken port falls back to any free one. */
export async function serveWebApp(
  runtime: Runtime,
  deps: { control: AppControlDeps; engine: WorkflowEngine; port: number },
): Promise<DemoWebApp & { close(): Promise<void> }> {
  const { key } = await createApiKey(runtime.store, { name: 'ttads demo', role: 'admin' });
  const host = '127.0.0.1';
  // The server's modules (Hono, every route) are loaded by the commands that serve, not at start-up.
  const { buildServerApp, listen } = await import('./server-app.js');
  const start = async (port: number) => {
    // The OAuth redirect URI must be this server's own callback, so the app is built for the port it gets.
    const app = buildServerApp(runtime, { ...deps, publicUrl: `http://${host}:${port}`, demo: true });
    return listen(app, port, host);
  };
  let server = await start(deps.port).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EADDRINUSE') throw err;
    return undefined;
  });
  if (!server) {
    const probe = await start(0);
    const port = Number(new URL(probe.url).port);
    await probe.close();
    server = await start(port);
  }
  const running = server;
  return {
    url: running.url,
    apiKey: key,
    signInUrl: `${running.url}/#key=${encodeURIComponent(key)}`,
    close: () => running.close(),
  };
}

/** Resolves on the first Ctrl-C (SIGINT) or SIGTERM. */
export function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}
