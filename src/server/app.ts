import { Hono } from 'hono';
import type { Logger } from '../logger.js';
import type { Store } from '../store/store.js';
import { verifyApiKey } from './api-keys.js';
import { errorAnswer } from './error-answers.js';
import { createMetrics, type Metrics } from './metrics.js';
import { mountRoutes, openApiDocument, type AppEnv, type RouteSpec } from './routes.js';

/** What the HTTP server needs, built once at start-up. */
export interface ServerDeps {
  store: Store;
  logger: Logger;
  version: string;
  metrics?: Metrics;
}

function bearer(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1];
}

/**
 * The HTTP API: JSON routes under /api (API key required, role-checked), the OpenAPI document at
 * /openapi.json, /health and Prometheus /metrics. Every route is declared once with zod schemas that both
 * validate requests and produce the document.
 */
export function createServerApp(deps: ServerDeps, routes: readonly RouteSpec[]): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const metrics = deps.metrics ?? createMetrics();
  app.use('*', async (c, next) => {
    const started = performance.now();
    c.set('caller', undefined);
    const key = bearer(c.req.header('authorization')) ?? c.req.header('x-api-key');
    if (key) {
      const found = await verifyApiKey(deps.store, key);
      if (!found) return c.json({ error: 'Unknown or revoked API key.' }, 401);
      c.set('caller', { keyId: found.id, role: found.role });
    }
    await next();
    metrics.observe(c.req.method, c.req.routePath, c.res.status, (performance.now() - started) / 1000);
  });
  app.onError((err, c) => {
    const answer = errorAnswer(err, { caller: c.get('caller'), path: c.req.path, logger: deps.logger });
    return c.json(answer.body, answer.status);
  });
  app.notFound((c) => c.json({ error: `No route ${c.req.method} ${c.req.path}` }, 404));

  app.get('/health', async (c) => {
    try {
      await deps.store.query('SELECT 1');
      return c.json({ status: 'ok', store: deps.store.engine, version: deps.version });
    } catch {
      return c.json({ status: 'unavailable', store: deps.store.engine }, 503);
    }
  });
  app.get('/metrics', async (c) =>
    c.text(await metrics.render(), 200, { 'content-type': metrics.contentType }),
  );
  const document = openApiDocument(routes, { title: 'ttads API', version: deps.version });
  app.get('/openapi.json', (c) => c.json(document));
  mountRoutes(app, routes);
  return app;
}
