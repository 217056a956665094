import type { Credential } from '../config/index.js';
import { usageError } from './cli-errors.js';
import { emit, type ControlContext } from './control-runtime.js';

/** Environment variable a new app secret is read from (never a flag value: it would land in shell history). */
export const APP_SECRET_ENV = 'TIKTOK_APP_SECRET';

/** `credentials update <id>`: the options given replace the stored values (a new app id needs a new link). */
export async function credentialsUpdate(
  ctx: ControlContext,
  id: string,
  opts: { name?: string | undefined; appId?: string | undefined; newAppSecret?: boolean; json?: boolean },
): Promise<Credential> {
  let appSecret: string | undefined;
  if (opts.newAppSecret) {
    appSecret = process.env[APP_SECRET_ENV];
    if (!appSecret)
      throw usageError(`--new-app-secret reads the new secret from ${APP_SECRET_ENV}; it is not set`);
  }
  const credential = await ctx.api.credentials.update(id, {
    ...(opts.name !== undefined ? { name: opts.name } : {}),
    ...(opts.appId !== undefined ? { appId: opts.appId } : {}),
    ...(appSecret !== undefined ? { appSecret } : {}),
  });
  emit(ctx, opts.json, credential, () => `Credential ${credential.id} updated (${credential.status}).`);
  return credential;
}

/** `credentials delete <id>`: refused while a destination uses it. */
export async function credentialsDelete(
  ctx: ControlContext,
  id: string,
  opts: { json?: boolean },
): Promise<void> {
  await ctx.api.credentials.delete(id);
  emit(ctx, opts.json, { id, deleted: true }, () => `Credential ${id} deleted.`);
}
