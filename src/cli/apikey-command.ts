import type { Command } from 'commander';
import { API_ROLES, type ApiRole } from '../server/api-keys.js';
import { usageError } from './cli-errors.js';
import { addControlOptions, emit, table, withControl, type ControlContext } from './control-runtime.js';

/** `apikey create`: the key goes to stdout alone (to pipe it), what it is to stderr. */
export async function apikeyCreate(
  ctx: ControlContext,
  opts: { name: string; role: string; json?: boolean | undefined },
  stderr: (text: string) => void = (text) => process.stderr.write(text),
): Promise<{ id: string; key: string }> {
  if (!(API_ROLES as readonly string[]).includes(opts.role)) {
    throw usageError(`--role must be one of ${API_ROLES.join(', ')}, got ${opts.role}`);
  }
  const created = await ctx.api.apiKeys.create({ name: opts.name, role: opts.role as ApiRole });
  emit(ctx, opts.json, { id: created.id, key: created.key, role: opts.role }, () => created.key);
  stderr(`API key ${created.id} (${opts.role}) created; store it now, it is not shown again.\n`);
  return created;
}

/** `apikey list`: never the keys themselves. */
export async function apikeyList(ctx: ControlContext, opts: { json?: boolean | undefined }): Promise<void> {
  const keys = await ctx.api.apiKeys.list();
  emit(ctx, opts.json, keys, () =>
    table(
      keys.map((k) => ({ ...k, state: k.revokedAt ? 'revoked' : 'active' })),
      [
        ['id', 'ID'],
        ['role', 'ROLE'],
        ['state', 'STATE'],
        ['name', 'NAME'],
        ['lastUsedAt', 'LAST USED'],
      ],
    ),
  );
}

/** `apikey revoke <id>`: at once. */
export async function apikeyRevoke(
  ctx: ControlContext,
  id: string,
  opts: { json?: boolean | undefined },
): Promise<void> {
  await ctx.api.apiKeys.revoke(id);
  emit(ctx, opts.json, { id, revoked: true }, () => `Revoked ${id}.`);
}

/** `ttads apikey create|list|revoke`, on the store or, with `--server`, on a running server. */
export function registerApikeyCommand(program: Command): void {
  const apikey = program.command('apikey').description('API keys of the HTTP API');
  addControlOptions(
    apikey
      .command('create')
      .description('Create an API key; it is printed once and only its hash is stored')
      .requiredOption('--name <name>', 'who or what uses the key')
      .option('--role <role>', `one of ${API_ROLES.join(', ')}`, 'admin'),
  ).action((opts: Record<string, unknown>) =>
    withControl(
      opts,
      async (ctx) => {
        await apikeyCreate(ctx, {
          name: String(opts.name),
          role: String(opts.role),
          json: opts.json === true,
        });
      },
      { secrets: false },
    ),
  );
  addControlOptions(apikey.command('list').description('List API keys (never the keys themselves)')).action(
    (opts: Record<string, unknown>) => withControl(opts, (ctx) => apikeyList(ctx, opts), { secrets: false }),
  );
  addControlOptions(apikey.command('revoke <id>').description('Revoke an API key at once')).action(
    (id: string, opts: Record<string, unknown>) =>
      withControl(opts, (ctx) => apikeyRevoke(ctx, id, opts), { secrets: false }),
  );
}
