import { serve } from '@hono/node-server';
import type { Command } from 'commander';
import { API_ROLES, createApiKey, listApiKeys, revokeApiKey, type ApiRole } from '../server/api-keys.js';
import { createServerApp } from '../server/app.js';
import { meRoutes, runRoutes } from '../server/run-routes.js';
import { reportFailure } from './output.js';
import { addRuntimeOptions, openRuntime, settingsFromOptions } from './runtime.js';

const VERSION = '0.1.0';

/** `ttads serve` (the HTTP API) and `ttads apikey create|list|revoke`. */
export function registerServeCommands(program: Command): void {
  addRuntimeOptions(
    program
      .command('serve')
      .description('Serve the HTTP API (OpenAPI at /openapi.json, /health, /metrics)')
      .option('--port <port>', 'port to listen on', '8080')
      .option('--host <host>', 'address to bind', '127.0.0.1'),
  ).action(async (opts: Record<string, unknown>) => {
    try {
      const runtime = await openRuntime(settingsFromOptions(opts));
      const app = createServerApp({ store: runtime.store, logger: runtime.logger, version: VERSION }, [
        ...runRoutes(runtime.store),
        ...meRoutes(),
      ]);
      const server = serve({ fetch: app.fetch, port: Number(opts.port), hostname: String(opts.host) });
      server.once('listening', () =>
        process.stdout.write(
          `ttads API on http://${String(opts.host)}:${String(opts.port)} (OpenAPI: /openapi.json)\n`,
        ),
      );
      const stop = (): void => {
        server.close(() => void runtime.close().then(() => process.exit(0)));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    } catch (err) {
      reportFailure(err);
    }
  });

  const apikey = program.command('apikey').description('API keys of the HTTP API');
  addRuntimeOptions(
    apikey
      .command('create')
      .description('Create an API key; it is printed once and only its hash is stored')
      .requiredOption('--name <name>', 'who or what uses the key')
      .option('--role <role>', `one of ${API_ROLES.join(', ')}`, 'admin'),
  ).action(async (opts: Record<string, unknown>) => {
    try {
      const runtime = await openRuntime(settingsFromOptions(opts));
      try {
        const created = await createApiKey(runtime.store, {
          name: String(opts.name),
          role: opts.role as ApiRole,
        });
        process.stdout.write(`${created.key}\n`);
        process.stderr.write(
          `API key ${created.id} (${String(opts.role)}) created; store it now, it is not shown again.\n`,
        );
      } finally {
        await runtime.close();
      }
    } catch (err) {
      reportFailure(err);
    }
  });
  addRuntimeOptions(apikey.command('list').description('List API keys (never the keys themselves)')).action(
    async (opts: Record<string, unknown>) => {
      try {
        const runtime = await openRuntime(settingsFromOptions(opts));
        try {
          for (const k of await listApiKeys(runtime.store)) {
            const state = k.revokedAt ? 'revoked' : 'active';
            process.stdout.write(`${k.id}  ${k.role.padEnd(13)} ${state.padEnd(8)} ${k.name}\n`);
          }
        } finally {
          await runtime.close();
        }
      } catch (err) {
        reportFailure(err);
      }
    },
  );
  addRuntimeOptions(apikey.command('revoke <id>').description('Revoke an API key at once')).action(
    async (id: string, opts: Record<string, unknown>) => {
      try {
        const runtime = await openRuntime(settingsFromOptions(opts));
        try {
          if (!(await revokeApiKey(runtime.store, id))) throw new Error(`No active API key ${id}.`);
          process.stdout.write(`Revoked ${id}.\n`);
        } finally {
          await runtime.close();
        }
      } catch (err) {
        reportFailure(err);
      }
    },
  );
}
