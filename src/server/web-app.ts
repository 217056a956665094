import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Context, Hono } from 'hono';
import type { AppEnv } from './routes.js';

/** Where `vite build` puts the web app: `<package>/dist/web` (same path from src/ under tsx and from dist/). */
export const WEB_DIST = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist/web');

// The app talks only to this origin; nothing else may run in or frame it (the API key lives in its session).
const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

const DEMO_MARK = '<meta name="ttads-demo" content="auto-sign-in">';

const NOT_BUILT =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>ttads</title></head>' +
  '<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto">' +
  '<h1>The web app is not built</h1><p>Run <code>npm run build</code> (or <code>npm run build:web</code>) ' +
  'in the ttads folder, then restart <code>ttads serve</code>. The HTTP API works without it: see <a href="/openapi.json">/openapi.json</a>.</p>' +
  '</body></html>';

/**
 * Serves the built web app at `/` (index.html, never cached, so a new version shows at once) and its hashed
 * assets under `/assets/` (cached for a year). The app routes in the URL fragment, so no fallback is needed.
 * `demo` marks the page as the demo's, where a `#key=` link signs in without a confirmation.
 */
export function mountWebApp(app: Hono<AppEnv>, dir: string = WEB_DIST, opts: { demo?: boolean } = {}): void {
  app.use('/assets/*', async (c, next) => {
    await next();
    if (c.res.status === 200) c.header('cache-control', 'public, max-age=31536000, immutable');
  });
  // serveStatic joins the root with the request path (refusing `..`); an absolute root works from any cwd.
  if (existsSync(dir)) {
    app.use('/assets/*', serveStatic({ root: dir }));
    app.get('/favicon.svg', serveStatic({ root: dir }));
  }
  const sendIndex = async (c: Context<AppEnv>) => {
    const index = join(dir, 'index.html');
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) c.header(k, v);
    c.header('cache-control', 'no-cache');
    if (!existsSync(index)) return c.html(NOT_BUILT, 503);
    const html = await readFile(index, 'utf8');
    // Only `ttads demo` marks its page: there a `#key=` link signs in without asking (web/key-link.ts).
    return c.html(opts.demo ? html.replace('<head>', `<head>${DEMO_MARK}`) : html);
  };
  app.get('/', sendIndex);
  app.get('/index.html', sendIndex);
}
