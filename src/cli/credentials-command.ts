import type { Command } from 'commander';
import type { Credential } from '../config/index.js';
import { usageError } from './cli-errors.js';
import { APP_SECRET_ENV, credentialsDelete, credentialsUpdate } from './credentials-edit.js';
import { DEFAULT_PUBLIC_URL } from './control-api-local.js';
import {
  addControlOptions,
  emit,
  fields,
  table,
  withControl,
  type ControlContext,
} from './control-runtime.js';

export { APP_SECRET_ENV };
export { DEFAULT_PUBLIC_URL };

function showCredential(c: Credential): string {
  const head = fields([
    ['id', c.id],
    ['name', c.name],
    ['app id', c.appId],
    ['status', c.status],
    ['reason', c.statusReason],
    ['authorized', c.authorizedAt],
    ['checked', c.lastCheckedAt],
  ]);
  if (c.advertisers.length === 0) return head;
  const rows = c.advertisers.map((a) => ({
    ...a,
    role: a.canWrite === null ? 'unknown' : a.canWrite ? 'can send' : 'read only',
  }));
  return `${head}\n\n${table(rows, [
    ['advertiserId', 'ADVERTISER'],
    ['name', 'NAME'],
    ['role', 'ROLE'],
  ])}`;
}

/** `credentials list`. */
export async function credentialsList(ctx: ControlContext, opts: { json?: boolean }): Promise<void> {
  const all = await ctx.api.credentials.list();
  emit(ctx, opts.json, all, () =>
    table(
      all.map((c) => ({ ...c, advertiserCount: c.advertisers.length })),
      [
        ['id', 'ID'],
        ['name', 'NAME'],
        ['appId', 'APP ID'],
        ['status', 'STATUS'],
        ['advertiserCount', 'ADVERTISERS'],
        ['lastCheckedAt', 'CHECKED'],
      ],
    ),
  );
}

/** `credentials show <id>`. */
export async function credentialsShow(
  ctx: ControlContext,
  id: string,
  opts: { json?: boolean },
): Promise<void> {
  const credential = await ctx.api.credentials.get(id);
  emit(ctx, opts.json, credential, () => showCredential(credential));
}

/** `credentials create`: a pending credential; authorize it with `credentials link`. */
export async function credentialsCreate(
  ctx: ControlContext,
  opts: { name: string; appId: string; appSecret?: string | undefined; json?: boolean },
): Promise<Credential> {
  const appSecret = opts.appSecret ?? process.env[APP_SECRET_ENV];
  if (!appSecret) throw usageError(`give the app secret with --app-secret or ${APP_SECRET_ENV}`);
  const credential = await ctx.api.credentials.create({ name: opts.name, appId: opts.appId, appSecret });
  emit(
    ctx,
    opts.json,
    credential,
    () =>
      `Credential ${credential.id} created (pending). Authorize it: ttads credentials link ${credential.id}`,
  );
  return credential;
}

/** `credentials link <id>`: a shareable authorization link whose callback goes to the server. */
export async function credentialsLink(
  ctx: ControlContext,
  id: string,
  opts: { publicUrl?: string | undefined; ttlHours?: string | number | undefined; json?: boolean },
): Promise<void> {
  const ttlHours = opts.ttlHours === undefined ? undefined : Number(opts.ttlHours);
  const link = await ctx.api.credentials.link(id, { publicUrl: opts.publicUrl, ttlHours });
  emit(ctx, opts.json, link, () =>
    [
      link.url,
      '',
      `Open it (or send it to the TikTok account holder) before ${link.expiresAt.toISOString()}; it works once.`,
      `TikTok sends the browser back to ${link.redirectUri}: \`ttads serve\` must be reachable there.`,
      `Revoke it: ttads credentials revoke-links ${id} --link ${link.linkId}`,
    ].join('\n'),
  );
}

/** `credentials revoke-links <id>`: the credential's usable authorization links (or one) stop working. */
export async function credentialsRevokeLinks(
  ctx: ControlContext,
  id: string,
  opts: { link?: string | undefined; json?: boolean },
): Promise<void> {
  const revoked = await ctx.api.credentials.revokeLinks(id, opts.link);
  emit(ctx, opts.json, { credentialId: id, revoked }, () =>
    revoked.length === 0
      ? `Credential ${id} had no usable authorization link.`
      : `Revoked ${revoked.length} authorization link(s) of ${id}: ${revoked.join(', ')}`,
  );
}

/** `credentials check <id>`: the token still works; the authorized advertisers are refreshed. */
export async function credentialsCheck(
  ctx: ControlContext,
  id: string,
  opts: { json?: boolean },
): Promise<void> {
  const credential = await ctx.api.credentials.check(id);
  emit(ctx, opts.json, credential, () => showCredential(credential));
  if (credential.status !== 'authorized') process.exitCode = 3;
}

/**
 * `ttads credentials list|show|create|update|delete|link|revoke-links|check`, on the store or, with
 * `--server`, on a running server (whose `--public-url` receives the OAuth callback of its links).
 */
export function registerCredentialsCommand(program: Command): void {
  const cmd = program
    .command('credentials')
    .description('TikTok credentials (OAuth); secrets are never shown');
  addControlOptions(cmd.command('list').description('List credentials')).action(
    (opts: Record<string, unknown>) => withControl(opts, (ctx) => credentialsList(ctx, opts)),
  );
  addControlOptions(cmd.command('show <id>').description('One credential with its advertisers')).action(
    (id: string, opts: Record<string, unknown>) => withControl(opts, (ctx) => credentialsShow(ctx, id, opts)),
  );
  addControlOptions(
    cmd
      .command('create')
      .description('Create a credential for a TikTok developer app, then authorize it with `link`')
      .requiredOption('--name <name>', 'name of the credential')
      .requiredOption('--app-id <id>', 'App ID of the TikTok developer app')
      .option('--app-secret <secret>', `app secret (prefer the env variable ${APP_SECRET_ENV})`),
  ).action((opts: Record<string, unknown>) =>
    withControl(opts, async (ctx) => {
      await credentialsCreate(ctx, {
        name: String(opts.name),
        appId: String(opts.appId),
        appSecret: opts.appSecret as string | undefined,
        json: opts.json === true,
      });
    }),
  );
  addControlOptions(
    cmd
      .command('update <id>')
      .description('Rename a credential, change its app id (it must be authorized again) or its app secret')
      .option('--name <name>', 'new name')
      .option('--app-id <id>', 'new App ID of the TikTok developer app')
      .option('--new-app-secret', `replace the app secret with the one in ${APP_SECRET_ENV}`),
  ).action((id: string, opts: Record<string, unknown>) =>
    withControl(opts, async (ctx) => {
      await credentialsUpdate(ctx, id, opts);
    }),
  );
  addControlOptions(cmd.command('delete <id>').description('Delete a credential no destination uses')).action(
    (id: string, opts: Record<string, unknown>) =>
      withControl(opts, (ctx) => credentialsDelete(ctx, id, opts)),
  );
  addControlOptions(
    cmd
      .command('link <id>')
      .description(
        'A shareable authorization link (also to reauthorize); the callback is handled by `ttads serve`',
      )
      .option(
        '--public-url <url>',
        `public URL of \`ttads serve\` (default ${DEFAULT_PUBLIC_URL}; with --server: the server's own)`,
      )
      .option('--ttl-hours <hours>', 'how long the link works (default 72, at most 168)'),
  ).action((id: string, opts: Record<string, unknown>) =>
    withControl(opts, (ctx) =>
      credentialsLink(ctx, id, {
        publicUrl: opts.publicUrl as string | undefined,
        ttlHours: opts.ttlHours as string | undefined,
        json: opts.json === true,
      }),
    ),
  );
  addControlOptions(
    cmd
      .command('revoke-links <id>')
      .description('Revoke the authorization links of a credential not used yet (all, or one with --link)')
      .option('--link <linkId>', 'only this link (its id is printed by `credentials link`)'),
  ).action((id: string, opts: Record<string, unknown>) =>
    withControl(opts, (ctx) =>
      credentialsRevokeLinks(ctx, id, { link: opts.link as string | undefined, json: opts.json === true }),
    ),
  );
  addControlOptions(cmd.command('check <id>').description('Check the token with TikTok')).action(
    (id: string, opts: Record<string, unknown>) =>
      withControl(opts, (ctx) => credentialsCheck(ctx, id, opts)),
  );
}
