import type { Command } from 'commander';
import { confinedSettings } from '../config/source-roots.js';
import type { WorkflowEngine } from '../jobs/index.js';
import { syncSchedules } from '../orchestrations/index.js';
import { controlDeps, createWorkflowEngine } from './control-runtime.js';
import { reportFailure } from './output.js';
import { addRuntimeOptions, openRuntime, settingsFromOptions } from './runtime.js';

function publicUrlOf(opts: Record<string, unknown>): string {
  const url = typeof opts.publicUrl === 'string' ? opts.publicUrl : `http://127.0.0.1:${String(opts.port)}`;
  try {
    return new URL(url).toString().replace(/\/+$/, '');
  } catch {
    throw Object.assign(new Error(`--public-url must be an absolute URL, got ${url}`), {
      name: 'UsageError',
    });
  }
}

/**
 * Opens the store, the secret key and the workflow engine (working only with `--worker`), serves the API
 * until SIGINT/SIGTERM, then closes the server, the engine and the store in that order.
 */
async function startServer(opts: Record<string, unknown>): Promise<void> {
  const port = Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw Object.assign(new Error(`invalid --port ${String(opts.port)}`), { name: 'UsageError' });
  }
  const publicUrl = publicUrlOf(opts);
  // Served to others (business users among them): DuckDB reads only the source roots, by default too.
  const runtime = await openRuntime(confinedSettings(settingsFromOptions(opts)));
  const worker = opts.worker === true;
  const webhookUrl = (opts.webhookUrl as string | undefined) ?? process.env.TTADS_WEBHOOK_URL;
  const webhookSecret = (opts.webhookSecret as string | undefined) ?? process.env.TTADS_WEBHOOK_SECRET;
  let engine: WorkflowEngine | undefined;
  try {
    const control = await controlDeps(runtime);
    engine = createWorkflowEngine(runtime, { worker, webhookUrl, webhookSecret, control });
    await engine.start();
    if (worker) {
      await engine.work();
      // The CLI may have changed schedules on the store without an engine: make pg-boss match it.
      const synced = await syncSchedules(runtime.store, engine.schedules);
      runtime.logger.info(synced, 'schedules synchronised');
    }
    // The server's modules (Hono, every route) load only here, so other commands start without them.
    const { buildServerApp, listen } = await import('./server-app.js');
    const { oauthRedirectUri } = await import('../server/control-routes.js');
    const app = buildServerApp(runtime, { control, engine, publicUrl });
    const server = await listen(app, port, String(opts.host));
    process.stdout.write(
      `ttads on ${server.url}: web app at ${server.url}/, API under /api (OpenAPI: /openapi.json); ` +
        `OAuth redirect URI ${oauthRedirectUri(publicUrl)}; workflows ${worker ? 'run here' : 'queued for workers'}\n`,
    );
    let stopping = false;
    const running = engine;
    const stop = (): void => {
      if (stopping) return;
      stopping = true;
      // Requests in flight finish first; then running workflows are handed back, then the store closes.
      void server.close().then(() => {
        void running
          .stop({ timeoutMs: 30_000 })
          .catch((err: unknown) => runtime.logger.warn({ err }, 'workflow engine did not stop cleanly'))
          .then(() => runtime.close())
          .then(
            () => process.exit(0),
            () => process.exit(1),
          );
      });
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } catch (err) {
    await engine?.stop({ graceful: false, timeoutMs: 1000 }).catch(() => undefined);
    await runtime.close();
    throw err;
  }
}

/** `ttads serve` (the HTTP API); `ttads apikey` is in apikey-command.ts. */
export function registerServeCommands(program: Command): void {
  addRuntimeOptions(
    program
      .command('serve')
      .description(
        'Serve the web app, the HTTP API (OpenAPI at /openapi.json, /health, /metrics) and the OAuth callback',
      )
      .option('--port <port>', 'port to listen on', '8080')
      .option('--host <host>', 'address to bind', '127.0.0.1')
      .option(
        '--public-url <url>',
        'base URL browsers reach this server at; the OAuth redirect URI is <url>/oauth/callback ' +
          '(default http://127.0.0.1:<port>)',
      )
      .option('--worker', 'also run workflows in this process (otherwise `serve` only enqueues them)')
      .option(
        '--webhook-url <url>',
        'with --worker: where failed workflows are notified (env TTADS_WEBHOOK_URL)',
      )
      .option(
        '--webhook-secret <secret>',
        'signs the notifications (X-Ttads-Signature); required with a webhook (env TTADS_WEBHOOK_SECRET)',
      ),
  ).action(async (opts: Record<string, unknown>) => {
    try {
      await startServer(opts);
    } catch (err) {
      reportFailure(err);
    }
  });
}
