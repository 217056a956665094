import { CredentialNotAuthorized, getCredentialAccess, markCredentialInvalid } from '../config/index.js';
import { ActionRequiredError, findTikTokError, type Json } from '../jobs/index.js';
import { parseSourceArg, type SourceSpec } from '../sources/index.js';
import type { TikTokClient } from '../tiktok/index.js';
import { controlDeps, type OrchestrationDeps } from './deps.js';

/** The names of the workflow steps every run shares (destinations name their own). */
export const STEPS = {
  resolveSettings: 'resolve_settings',
  holdOutControlGroup: 'hold_out_control_group',
} as const;

/** Reads a run's source text with the deps' database URL for `pg:` sources. */
export function parseRunSource(
  deps: Pick<OrchestrationDeps, 'sourceDatabaseUrl' | 'sourceStatementTimeoutMs'>,
  text: string,
): SourceSpec {
  return parseSourceArg(text, {
    ...(deps.sourceDatabaseUrl ? { databaseUrl: deps.sourceDatabaseUrl } : {}),
    ...(deps.sourceStatementTimeoutMs ? { statementTimeoutMs: deps.sourceStatementTimeoutMs } : {}),
  });
}

/**
 * A TikTok client acting with the credential's token as stored now: read when the step runs (not when the
 * workflow was made), so that a reauthorization takes effect on Resolve. A credential known to be invalid
 * stops the workflow with the invalid-credentials action.
 */
export async function credentialClientFor(
  deps: OrchestrationDeps,
  credentialId: string,
): Promise<TikTokClient> {
  try {
    const access = await getCredentialAccess(controlDeps(deps), credentialId);
    return deps.tiktok.withToken(access.accessToken);
  } catch (err) {
    if (!(err instanceof CredentialNotAuthorized)) throw err;
    throw new ActionRequiredError('invalid_credentials', err.message, { credentialId });
  }
}

/**
 * When TikTok refused the token during a run, marks the credential invalid (the credentials page shows it
 * until someone reauthorizes); the error itself goes on to become the workflow action.
 */
export async function noteRefusedToken(
  deps: OrchestrationDeps,
  credentialId: string,
  err: unknown,
): Promise<void> {
  const tiktok = findTikTokError(err);
  if (tiktok?.category !== 'invalid_credentials') return;
  await markCredentialInvalid(
    controlDeps(deps),
    credentialId,
    `TikTok refused the token during a run (${tiktok.tiktokCode ?? tiktok.reason}): reauthorize the credential`,
  ).catch((e: unknown) =>
    deps.logger?.warn({ err: e, credentialId }, 'could not mark the credential invalid'),
  );
}

/** A report as a JSON step output. */
export function asJson(value: unknown): Json {
  return JSON.parse(JSON.stringify(value)) as Json;
}
