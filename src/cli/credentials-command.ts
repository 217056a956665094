import type { Command } from 'commander';
import {
  checkCredential,
  createAuthorizationLink,
  createCredential,
  getCredential,
  listCredentials,
  revokeLinks,
  type Credential,
} from '../config/index.js';
import { clockOf } from '../config/deps.js';
import { oauthRedirectUri } from '../server/oauth-routes.js';
import {
  addControlOptions,
  emit,
  fields,
  table,
  withControl,
  type ControlContext,
} from './control-runtime.js';

/** Environment variable the app secret is read from when `--app-secret` is not given. */
export const APP_SECRET_ENV = 'TIKTOK_APP_SECRET';
/** Public URL of the server receiving the OAuth callback when `--public-url` is not given. */
export const DEFAULT_PUBLIC_URL = 'http://127.0.0.1:8080';

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
  const all = await listCredentials(ctx.control.db);
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
  const credential = await getCredential(ctx.control.db, id);
  emit(ctx, opts.json, credential, () => showCredential(credential));
}

/** `credentials create`: a pending credential; authorize it with `credentials link`. */
export async function credentialsCreate(
  ctx: ControlContext,
  opts: { name: string; appId: string; appSecret?: string | undefined; json?: boolean },
): Promise<Credential> {
  const appSecret = opts.appSecret ?? process.env[APP_SECRET_ENV];
  if (!appSecret) {
    throw Object.assign(new Error(`give the app secret with --app-secret or ${APP_SECRET_ENV}`), {
      name: 'UsageError',
    });
  }
  const credential = await createCredential(ctx.control, { name: opts.name, appId: opts.appId, appSecret });
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
  const redirectUri = oauthRedirectUri(opts.publicUrl ?? DEFAULT_PUBLIC_URL);
  const ttlHours = opts.ttlHours === undefined ? undefined : Number(opts.ttlHours);
  const link = await createAuthorizationLink(ctx.control, {
    credentialId: id,
    redirectUri,
    ...(ttlHours !== undefined ? { ttlMs: Math.round(ttlHours * 3_600_000) } : {}),
  });
  const value = {
    linkId: link.linkId,
    credentialId: id,
    url: link.url,
    expiresAt: link.expiresAt,
    redirectUri,
  };
  emit(ctx, opts.json, value, () =>
    [
      link.url,
      '',
      `Open it (or send it to the TikTok account holder) before ${link.expiresAt.toISOString()}; it works once.`,
      `TikTok sends the browser back to ${redirectUri}: \`ttads serve\` must be reachable there.`,
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
  const credential = await getCredential(ctx.control.db, id);
  const revoked = await revokeLinks(ctx.control.db, credential.id, clockOf(ctx.control)(), opts.link);
  if (opts.link && revoked.length === 0) {
    throw new Error(
      `Credential ${id} has no usable authorization link ${opts.link} (used, revoked or expired).`,
    );
  }
  emit(ctx, opts.json, { credentialId: credential.id, revoked }, () =>
    revoked.length === 0
      ? `Credential ${credential.id} had no usable authorization link.`
      : `Revoked ${revoked.length} authorization link(s) of ${credential.id}: ${revoked.join(', ')}`,
  );
}

/** `credentials check <id>`: the token still works; the authorized advertisers are refreshed. */
export async function credentialsCheck(
  ctx: ControlContext,
  id: string,
  opts: { json?: boolean },
): Promise<void> {
  const credential = await checkCredential(ctx.control, id);
  emit(ctx, opts.json, credential, () => showCredential(credential));
  if (credential.status !== 'authorized') process.exitCode = 3;
}

/** `ttads credentials list|show|create|link|revoke-links|check`, on the store directly. */
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
      .command('link <id>')
      .description(
        'A shareable authorization link (also to reauthorize); the callback is handled by `ttads serve`',
      )
      .option('--public-url <url>', 'public URL of `ttads serve`', DEFAULT_PUBLIC_URL)
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
