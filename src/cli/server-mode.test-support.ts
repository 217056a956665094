import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';
import type { AppControlDeps } from '../orchestrations/index.js';
import { confinedSettings } from '../config/source-roots.js';
import { resolveSettings } from '../config/settings.js';
import { startEmulator, type RunningEmulator } from '../emulator/index.js';
import type { WorkflowEngine } from '../jobs/index.js';
import { silentLogger } from '../logger.js';
import { createApiKey } from '../server/api-keys.js';
import { controlDeps, createWorkflowEngine } from './control-runtime.js';
import { buildProgram } from './program.js';
import { openRuntime, type Runtime } from './runtime.js';
import { buildServerApp, listen, type Listening } from './server-app.js';

/** A `ttads serve --worker` in this process on an ephemeral port, on the embedded store, against the emulator. */
export interface TestServer {
  url: string;
  dir: string;
  /** Where the server reads sources from (its confined source root). */
  sources: string;
  runtime: Runtime;
  control: AppControlDeps;
  emulator: RunningEmulator;
  adminKey: string;
  businessKey: string;
  close(): Promise<void>;
}

/** Starts a {@link TestServer} with one admin and one business-user key. */
export async function startTestServer(): Promise<TestServer> {
  const dir = await mkdtemp(join(tmpdir(), 'ttads-server-mode-'));
  const emulator = await startEmulator({ port: 0, rateLimitRps: 0 });
  const settings = confinedSettings(
    resolveSettings({ dataDir: join(dir, 'data'), apiUrl: emulator.url }, {}),
  );
  const runtime = await openRuntime(settings, silentLogger());
  const control = await controlDeps(runtime);
  let engine: WorkflowEngine | undefined;
  let server: Listening | undefined;
  try {
    engine = createWorkflowEngine(runtime, {
      worker: true,
      control,
      extra: { pollingIntervalSeconds: 0.5, recoverIntervalSeconds: 0 },
    });
    await engine.start();
    await engine.work();
    // The public URL is the bound one: the OAuth callback of a link must reach this server.
    const port = await freePort();
    const app = buildServerApp(runtime, { control, engine, publicUrl: `http://127.0.0.1:${port}` });
    server = await listen(app, port, '127.0.0.1');
  } catch (err) {
    await engine?.stop({ graceful: false, timeoutMs: 1000 });
    await runtime.close();
    await emulator.close();
    throw err;
  }
  const admin = await createApiKey(runtime.store, { name: 'test admin', role: 'admin' });
  const business = await createApiKey(runtime.store, { name: 'test business', role: 'business_user' });
  const [running, listening] = [engine, server];
  return {
    url: listening.url,
    dir,
    sources: settings.sourceRoots?.[0] ?? dir,
    runtime,
    control,
    emulator,
    adminKey: admin.key,
    businessKey: business.key,
    async close() {
      await listening.close();
      await running.stop({ graceful: false, timeoutMs: 2000 });
      await runtime.close();
      await emulator.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function freePort(): Promise<number> {
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

/** What one command did: its exit code and output. */
export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a `ttads` command in this process with these environment variables set for its duration (undefined:
 * unset), capturing its output and exit code.
 */
export async function ttads(args: string[], env: Record<string, string | undefined>): Promise<CommandResult> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  const setEnv = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  process.exitCode = undefined;
  setEnv(env);
  try {
    await buildProgram().exitOverride().parseAsync(args, { from: 'user' });
  } finally {
    setEnv(saved);
    out.mockRestore();
    err.mockRestore();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { code, stdout, stderr };
}
