import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { controlDeps, createWorkflowEngine } from '../../src/cli/control-runtime.js';
import { openRuntime, type Runtime } from '../../src/cli/runtime.js';
import { buildServerApp, listen, type Listening } from '../../src/cli/server-app.js';
import type { DestinationSpec } from '../../src/destinations/index.js';
import { resolveSettings, type Settings } from '../../src/config/settings.js';
import { startEmulator } from '../../src/emulator/index.js';
import type { WorkflowEngine } from '../../src/jobs/index.js';
import type { AppControlDeps } from '../../src/orchestrations/index.js';
import { createLogger } from '../../src/logger.js';
import { createApiKey, type ApiRole } from '../../src/server/api-keys.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
/** Where the tests save the screenshots the README links to. */
export const SCREENSHOTS = join(ROOT, 'docs/screenshots');

/** Chromium flags that work on a closed network (no background calls to Google) as root in a container. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The status a workflow page shows in its Status fact (not a step's badge), e.g. "succeeded", "action required". */
export async function workflowStatus(page: Page): Promise<string> {
  const fact = page.locator('.facts > div', { has: page.locator('dt', { hasText: /^Status$/ }) }).first();
  return ((await fact.locator('dd').textContent()) ?? '').trim();
}

/**
 * Headless Chromium driven by playwright-core: Debian's when installed, else the one `npm install` brought
 * (resolved once by the global setup, see `browser.ts`).
 */
export function launchBrowser(): Promise<Browser> {
  const choice = inject('chromium');
  return chromium.launch({
    executablePath: choice.executablePath,
    args: CHROMIUM_ARGS,
    env: { ...process.env, ...choice.env },
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** The whole product on a fresh embedded store: emulator, worker, server with the web app, and a browser. */
export interface Stack {
  url: string;
  emulatorUrl: string;
  dataDir: string;
  runtime: Runtime;
  control: AppControlDeps;
  engine: WorkflowEngine;
  browser: Browser;
  /** A new API key of that role. */
  apiKey(role: ApiRole): Promise<string>;
  /** A new page (own context: own sessionStorage) signed in with a new key of that role. */
  signedInPage(role: ApiRole): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Starts a {@link Stack}; close it in afterAll. `destinations`: those the product registers at start-up
 * (default the built-in ones; a test adds its own); `settings`: the product's settings besides the stack's own.
 */
export async function startStack(
  opts: {
    destinations?: readonly DestinationSpec[];
    settings?: Partial<Record<keyof Settings, unknown>>;
  } = {},
): Promise<Stack> {
  const dataDir = await mkdtemp(join(tmpdir(), 'ttads-e2e-'));
  const logger = createLogger({ level: process.env.TTADS_LOG_LEVEL ?? 'silent' });
  const emulator = await startEmulator({ port: 0, logger });
  const runtime = await openRuntime(
    resolveSettings({ dataDir, apiUrl: emulator.url, rps: 50, ...opts.settings }, {}),
    logger,
  );
  const control = await controlDeps(runtime, opts.destinations);
  const engine = createWorkflowEngine(runtime, {
    worker: true,
    control,
    extra: { pollingIntervalSeconds: 0.5, recoverIntervalSeconds: 0 },
  });
  await engine.start();
  await engine.work();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let server: Listening | undefined;
  let browser: Browser | undefined;
  try {
    server = await listen(buildServerApp(runtime, { control, engine, publicUrl: url }), port, '127.0.0.1');
    browser = await launchBrowser();
  } catch (err) {
    await server?.close();
    await engine.stop({ graceful: false, timeoutMs: 1000 });
    await runtime.close();
    await emulator.close();
    throw err;
  }
  const started = { server, browser };
  const apiKey = async (role: ApiRole) =>
    (await createApiKey(runtime.store, { name: `e2e ${role}`, role })).key;
  await mkdir(SCREENSHOTS, { recursive: true });
  return {
    url,
    emulatorUrl: emulator.url,
    dataDir,
    runtime,
    control,
    engine,
    browser,
    apiKey,
    async signedInPage(role) {
      const context = await started.browser.newContext({ viewport: { width: 1280, height: 860 } });
      const page = await context.newPage();
      await page.goto(`${url}/#key=${encodeURIComponent(await apiKey(role))}`);
      // Outside the demo, a key from a link signs in only once the person confirms.
      await page.getByText('Sign in with the key from this link?').waitFor();
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('navigation', { name: 'Main' }).waitFor();
      return page;
    },
    async close() {
      await started.browser.close();
      await started.server.close();
      await engine.stop({ timeoutMs: 10_000 }).catch(() => undefined);
      await runtime.close();
      await emulator.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
