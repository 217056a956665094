import { serve } from '@hono/node-server';
import type { AppControlDeps } from '../orchestrations/index.js';
import type { WorkflowEngine } from '../jobs/index.js';
import { apiKeyRoutes } from '../server/api-key-routes.js';
import { audienceOwnerRoutes } from '../server/audience-owner-routes.js';
import { createServerApp } from '../server/app.js';
import { campaignRoutes } from '../server/campaign-routes.js';
import { controlPlaneRoutes } from '../server/control-routes.js';
import { orchestrationRoutes } from '../server/orchestration-routes.js';
import { PreviewGate } from '../server/preview-gate.js';
import { previewRoutes } from '../server/preview-routes.js';
import { segmentRoutes } from '../server/segment-routes.js';
import { meRoutes, runRoutes } from '../server/run-routes.js';
import { mountWebApp } from '../server/web-app.js';
import { sourceDatabaseUrlOption, type Runtime } from './runtime.js';

export const VERSION = '0.1.0';

/** A listening server and how to stop it. */
export interface Listening {
  /** `http://host:port` as bound (the port is the real one when 0 was asked). */
  url: string;
  close(): Promise<void>;
}

/**
 * The whole HTTP face, built once: every API route, the OpenAPI document, the OAuth callback and the web
 * app, on the runtime's store, with runs enqueued on `engine`.
 */
export function buildServerApp(
  runtime: Runtime,
  deps: { control: AppControlDeps; engine: WorkflowEngine; publicUrl: string; demo?: boolean },
) {
  const routeDeps = { control: deps.control, publicUrl: deps.publicUrl, workflows: deps.engine };
  const { settings } = runtime;
  const gate = new PreviewGate({
    concurrency: settings.previewConcurrency,
    timeoutMs: settings.previewTimeoutMs,
  });
  const server = {
    store: runtime.store,
    logger: runtime.logger,
    version: VERSION,
    maxBodyBytes: settings.maxBodyBytes,
  };
  const app = createServerApp(server, [
    ...runRoutes(runtime.store, runtime.settings.dataDir),
    ...meRoutes(),
    ...apiKeyRoutes(runtime.store),
    ...controlPlaneRoutes(routeDeps),
    ...orchestrationRoutes(routeDeps),
    ...segmentRoutes(routeDeps),
    ...campaignRoutes(routeDeps),
    ...audienceOwnerRoutes(routeDeps),
    ...previewRoutes({
      ...routeDeps,
      sourceRoots: settings.sourceRoots,
      sourceStatementTimeoutMs: settings.sourceStatementTimeoutMs,
      ...sourceDatabaseUrlOption(),
      gate,
    }),
  ]);
  mountWebApp(app, undefined, { demo: deps.demo === true });
  return app;
}

/** Listens on host:port; resolves once bound (rejects when the port is taken). */
export function listen(
  app: ReturnType<typeof buildServerApp>,
  port: number,
  host: string,
): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname: host });
    server.once('error', reject);
    server.once('listening', () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      resolve({
        url: `http://${host}:${bound}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
