import type { Command } from 'commander';
import { reportFailure } from './output.js';
import { addRuntimeOptions, openRuntime, settingsFromOptions } from './runtime.js';

/** `ttads db migrate`: create or upgrade the store ahead of time (deploys, first install). */
export function registerDbCommand(program: Command): void {
  const db = program.command('db').description('Manage the control-plane store (embedded or PostgreSQL)');
  addRuntimeOptions(
    db.command('migrate').description('Create the store if needed and apply pending migrations, then exit'),
  ).action(async (opts: Record<string, unknown>) => {
    try {
      const settings = settingsFromOptions(opts);
      const runtime = await openRuntime(settings);
      const rows = await runtime.store.query<{ n: number }>('SELECT count(*)::int AS n FROM runs');
      await runtime.close();
      const where = settings.databaseUrl ? 'PostgreSQL' : `embedded store in ${settings.dataDir}`;
      process.stdout.write(`Store ready (${where}); ${rows[0]?.n ?? 0} runs recorded.\n`);
    } catch (err) {
      reportFailure(err);
    }
  });
}
