import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Logger } from '../logger.js';
import type { Store } from '../store/store.js';
import { verifyApiKey } from './api-keys.js';
import { errorAnswer } from './error-answers.js';
import { toHttpError } from './http-errors.js';
import { createMetrics, type Metrics } from './metrics.js';
import { openApiDocument } from './openapi.js';
import { HttpError, mountRoutes, type AppEnv, type RouteSpec } from './routes.js';

/** What the HTTP server needs, built once at start-up. */
export interface ServerDeps {
  store: Store;
  logger: Logger;
  version: string;
  metrics?: Metrics;
  /** Largest request body accepted, in bytes (the `maxBodyBytes` setting); default 1 MiB. */
  maxBodyBytes?: number;
}

/** Request bodies above this many bytes are refused with 413 unless the server is told otherwise. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

function retryAfter(err: HttpError): string | undefined {
  const details = err.answerDetails as { retryAfterSeconds?: unknown } | undefined;
  return typeof details?.retryAfterSeconds === 'number' ? String(details.retryAfterSeconds) : undefined;
}

function bearer(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1];
}

/**
 * The HTTP API: JSON routes under /api (API key required, role-checked), the OpenAPI document at
 * /openapi.json, /health and Prometheus /metrics. Every route is declared once with zod schemas that both
 * validate requests and produce the document. Every answer (errors, 404s and the web app included) says
 * `X-Content-Type-Options: nosniff`, so that a browser never runs a download or a JSON error as a page or
 * a script; a body larger than `maxBodyBytes` is refused with 413 before it is read whole.
 */
export function createServerApp(deps: ServerDeps, routes: readonly RouteSpec[]): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const metrics = deps.metrics ?? createMetrics();
  app.use('*', async (c, next) => {
    await next();
    c.res.headers.set('x-content-type-options', 'nosniff');
  });
  const maxBytes = deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  app.use(
    '*',
    bodyLimit({
      maxSize: maxBytes,
      onError: (c) =>
        c.json(
          {
            error: `The request body is larger than ${maxBytes} bytes, the most this server accepts (setting maxBodyBytes).`,
          },
          413,
        ),
    }),
  );
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
  // The one place an error becomes an answer: its status comes from the error (TtadsError.httpStatus).
  app.onError((thrown, c) => {
    const err = toHttpError(thrown, c.get('inputPart') ?? 'body');
    if (err instanceof HttpError) {
      const after = retryAfter(err);
      if (after) c.header('retry-after', after);
    }
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
