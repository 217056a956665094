/**
 * Test harness of the control-plane routes: a store and the emulator in-process (config's fixture), the
 * server app with every control-plane route, API keys of both roles, and a record of every answer so that
 * tests can look for secrets in them. No production code imports this module.
 */
import type { Hono } from 'hono';
import { openFixture, type ControlPlaneFixture } from '../config/control-plane.test-support.js';
import { StepRegistry, WorkflowEngine } from '../jobs/index.js';
import { silentLogger } from '../logger.js';
import type { Engine } from '../store/store.js';
import { createApiKey } from './api-keys.js';
import { createServerApp } from './app.js';
import { controlPlaneRoutes } from './control-routes.js';
import { createMetrics } from './metrics.js';
import type { AppEnv } from './routes.js';

export const PUBLIC_URL = 'http://ttads.test:8080';

/** An object in an answer, read loosely by tests. */
export interface Item {
  [key: string]: unknown;
  id: string;
  name: string;
  status: string;
  advertiserId: string;
}

/** A plugin as `GET /api/plugins` answers it. */
export interface PluginItem {
  id: string;
  fields: { key: string; help: string; schema: unknown }[];
  requiredSettings: string[];
  destinationSchema: { properties: { settings: { properties: Record<string, unknown> } } };
}

/**
 * A JSON answer as tests read it: the union of the fields the control-plane routes answer with. A field
 * an answer lacks is undefined at run time; tests assert on the ones they expect.
 */
export interface Body {
  [key: string]: unknown;
  id: string;
  url: string;
  error: string;
  status: string;
  ok: boolean;
  deleted: boolean;
  redirectUri: string;
  expiresAt: string;
  details: { report: unknown };
  credential: Item;
  destination: Item;
  template: Item;
  connection: { ok: boolean };
  credentials: Item[];
  destinations: Item[];
  templates: Item[];
  workflows: Item[];
  steps: Item[];
  history: Item[];
  advertisers: Item[];
  plugins: PluginItem[];
  credentialSchema: { required: string[] };
}

/** What one call answered. */
export interface Answer {
  status: number;
  text: string;
  /** Parsed JSON (an empty object for HTML). */
  body: Body;
  headers: Headers;
}

/** The harness; `close()` stops the engine, the emulator and drops the store. */
export interface RouteHarness {
  fx: ControlPlaneFixture;
  app: Hono<AppEnv>;
  engine: WorkflowEngine;
  adminKey: string;
  userKey: string;
  /** Every text answered so far. */
  answers: string[];
  /** Every auth code TikTok issued through {@link RouteHarness.consent}. */
  authCodes: string[];
  /** {@link consentRedirect}, keeping the auth code. */
  consent(linkUrl: string, as?: string): Promise<URL>;
  call(method: string, path: string, key?: string, body?: unknown): Promise<Answer>;
  close(): Promise<void>;
}

/** Opens the harness on one engine; the workflow engine is started (to enqueue) but does not work. */
export async function openRouteHarness(engine: Engine): Promise<RouteHarness> {
  const fx = await openFixture(engine);
  const workflows = new WorkflowEngine({
    store: fx.store,
    registry: new StepRegistry(),
    logger: fx.deps.logger ?? silentLogger(),
    supervise: false,
    schedule: false,
  });
  await workflows.start();
  const app = createServerApp(
    { store: fx.store, logger: silentLogger(), version: 'test', metrics: createMetrics({ defaults: false }) },
    controlPlaneRoutes({ control: fx.deps, publicUrl: PUBLIC_URL, workflows }),
  );
  const adminKey = (await createApiKey(fx.store, { name: 'ops', role: 'admin' })).key;
  const userKey = (await createApiKey(fx.store, { name: 'marketing', role: 'business_user' })).key;
  const answers: string[] = [];
  const authCodes: string[] = [];
  return {
    fx,
    app,
    engine: workflows,
    adminKey,
    userKey,
    answers,
    authCodes,
    async consent(linkUrl, as) {
      const back = await consentRedirect(linkUrl, as);
      authCodes.push(back.searchParams.get('auth_code') ?? '');
      return back;
    },
    async call(method, path, key, body) {
      const headers: Record<string, string> = {};
      if (key) headers.authorization = `Bearer ${key}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await app.request(path, {
        method,
        headers,
        ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      answers.push(text);
      const json = res.headers.get('content-type')?.includes('json')
        ? (JSON.parse(text) as Body)
        : ({} as Body);
      return { status: res.status, text, body: json, headers: res.headers };
    },
    async close() {
      await workflows.stop({ graceful: false, timeoutMs: 1000 });
      await fx.close();
    },
  };
}

/** Opens an authorization link as the TikTok user would and returns the callback path TikTok redirects to. */
export async function consentRedirect(linkUrl: string, as?: string): Promise<URL> {
  const url = new URL(linkUrl);
  if (as) url.searchParams.set('as', as);
  const res = await fetch(url, { redirect: 'manual' });
  const location = res.headers.get('location');
  if (res.status !== 302 || !location) throw new Error(`consent page answered HTTP ${res.status}`);
  return new URL(location);
}
