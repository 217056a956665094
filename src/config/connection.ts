import { AdvertiserNotFound, TikTokApiError, type TikTokClient } from '../tiktok/index.js';
import { getCredentialAccess, markCredentialInvalid } from './credential-access.js';
import { clockOf, type ControlPlaneDeps } from './deps.js';
import { ConfigError, CredentialNotAuthorized } from './errors.js';
import { ConnectionStop, type ConnectionCheck, type ConnectionReport } from './connection-types.js';
import type { DestinationPlugin, PartialSettings } from './plugins.js';
import { probeWriteAccess, type WriteAccess } from './role-probe.js';

export {
  ConnectionStop,
  type ConnectionCheck,
  type ConnectionProblem,
  type ConnectionReport,
} from './connection-types.js';

/** A destination or template was not saved because its connection test failed. */
export class ConnectionTestFailed extends ConfigError {
  constructor(readonly report: ConnectionReport) {
    // Exit code 3 as the README says for `destinations test` failing: credentials or permissions to fix.
    super(`Connection test failed: ${report.message ?? 'unknown'}`, {
      code: `connection_${report.problem ?? 'failed'}`,
      kind: 'fix_credentials',
      httpStatus: 422,
      details: { report },
    });
  }
}

function fromTikTok(err: unknown): ConnectionStop {
  if (!(err instanceof TikTokApiError)) throw err;
  if (err.retryable)
    return new ConnectionStop(
      'tiktok_unavailable',
      `TikTok is unavailable (${err.message}); try again later`,
    );
  if (err.category === 'invalid_credentials')
    return new ConnectionStop('invalid_credentials', `${err.message}. ${err.hint}`);
  if (err.category === 'advertiser_not_found')
    return new ConnectionStop('advertiser_not_found', `${err.message}. ${err.hint}`);
  if (err.category === 'missing_permission')
    return new ConnectionStop('insufficient_role', `${err.message}. ${err.hint}`);
  if (err.category === 'app_not_allowlisted')
    return new ConnectionStop('app_not_approved', `${err.message}. ${err.hint}`);
  if (err.category === 'missing_scope')
    return new ConnectionStop('missing_scope', `${err.message}. ${err.hint}`);
  return new ConnectionStop('tiktok_error', err.message);
}

/** The connection test's stop for a write probe that did not pass: the role, the app, or the scope. */
function writeRefused(access: Exclude<WriteAccess, 'write'>, id: string): ConnectionStop {
  if (access === 'app_not_allowlisted')
    return new ConnectionStop(
      'app_not_approved',
      `TikTok has not approved (allowlisted) this credential's app for the audience API on advertiser ${id}; ` +
        'ask your TikTok representative to allowlist the app, or use a credential of an approved app',
    );
  if (access === 'missing_scope')
    return new ConnectionStop(
      'missing_scope',
      `the authorization lacks the audience scope on advertiser ${id}; enable it for the app in the TikTok ` +
        'developer portal, then reauthorize the credential',
    );
  const why =
    access === 'read_only'
      ? 'the authorizing user cannot make changes (Analyst role)'
      : 'TikTok refuses changes (the user’s role, or the app’s access to the advertiser)';
  return new ConnectionStop(
    'insufficient_role',
    `${why} on advertiser ${id}; the Operator (recommended) or Admin role is required: fix the role in ` +
      'TikTok Business Center, then reauthorize the credential',
  );
}

async function checkAdvertisers(
  client: TikTokClient,
  ids: string[],
  authorized: Set<string>,
  add: (c: ConnectionCheck) => void,
): Promise<void> {
  for (const id of ids) {
    if (!authorized.has(id)) {
      try {
        await client.getAdvertiserInfo([id]);
      } catch (err) {
        if (err instanceof AdvertiserNotFound)
          throw new ConnectionStop(
            'advertiser_not_found',
            `advertiser ${id} does not exist in TikTok Ads Manager; check the advertiser ID`,
          );
        if (!(err instanceof TikTokApiError) || err.retryable) throw fromTikTok(err);
      }
      throw new ConnectionStop(
        'advertiser_not_authorized',
        `the credential is not authorized for advertiser ${id}; authorize it again with a user who can access that ad account`,
      );
    }
    const [info] = await client.getAdvertiserInfo([id]);
    add({
      check: 'advertiser',
      status: 'passed',
      detail: `advertiser ${id} (${info?.name ?? '?'}, ${info?.status ?? 'status unknown'})`,
    });
    const access = await probeWriteAccess(client, id);
    if (access !== 'write') throw writeRefused(access, id);
    add({ check: 'role', status: 'passed', detail: `may send data to advertiser ${id}` });
  }
}

/**
 * Tests what a destination (or template) needs, as far as its settings are known: the credential is
 * authorized, its token valid, each advertiser exists, is authorized and accepts writes from this user (no
 * Analyst), then the plugin's own check (events: the event set or pixel exists). A refused token marks the credential invalid.
 * Makes network calls: pass the store, not a transaction.
 */
export async function testConnection(
  deps: ControlPlaneDeps,
  input: { plugin: DestinationPlugin; credentialId: string; settings: PartialSettings },
): Promise<ConnectionReport> {
  const checks: ConnectionCheck[] = [];
  // The check under way, named in the report when it fails.
  let stage: ConnectionCheck['check'] = 'credential';
  const add = (c: ConnectionCheck): void => {
    checks.push(c);
  };
  const testedAt = new Date(clockOf(deps)());
  try {
    const access = await getCredentialAccess(deps, input.credentialId).catch((err: unknown) => {
      if (err instanceof CredentialNotAuthorized)
        throw new ConnectionStop('credential_not_authorized', err.message);
      throw err;
    });
    add({ check: 'credential', status: 'passed', detail: `credential ${input.credentialId} is authorized` });
    stage = 'token';
    const client = deps.tiktok.withToken(access.accessToken);
    let authorized: Set<string>;
    try {
      const listed = await client.getAuthorizedAdvertisers({ appId: access.appId, secret: access.appSecret });
      authorized = new Set(listed.map((a) => a.advertiserId));
    } catch (err) {
      const stop = fromTikTok(err);
      if (stop.problem === 'invalid_credentials')
        await markCredentialInvalid(deps, input.credentialId, stop.detail);
      throw stop;
    }
    add({ check: 'token', status: 'passed', detail: `token valid for ${authorized.size} advertiser(s)` });
    stage = 'advertiser';
    const s = input.settings;
    const ids = [s.advertiserId, ...((s.additionalAdvertiserIds as string[] | undefined) ?? [])].filter(
      (id): id is string => typeof id === 'string',
    );
    if (ids.length === 0)
      add({
        check: 'advertiser',
        status: 'skipped',
        detail: 'no advertiser ID here; it is checked where it is set',
      });
    await checkAdvertisers(client, ids, authorized, (c) => {
      add(c);
      stage = c.check === 'advertiser' ? 'role' : 'advertiser';
    }).catch((err: unknown) => {
      throw err instanceof ConnectionStop ? err : fromTikTok(err);
    });
    const own = input.plugin.connectionCheck;
    if (own) {
      stage = own.check;
      await own.run(client, s, add).catch((err: unknown) => {
        throw err instanceof ConnectionStop ? err : fromTikTok(err);
      });
    }
    return { ok: true, checks, testedAt };
  } catch (err) {
    if (!(err instanceof ConnectionStop)) throw err;
    const failed: ConnectionCheck = { check: stage, status: 'failed', detail: err.detail };
    return { ok: false, problem: err.problem, message: err.detail, checks: [...checks, failed], testedAt };
  }
}

/** Runs {@link testConnection} and throws when it failed. @throws ConnectionTestFailed */
export async function assertConnection(
  deps: ControlPlaneDeps,
  input: { plugin: DestinationPlugin; credentialId: string; settings: PartialSettings },
): Promise<ConnectionReport> {
  const report = await testConnection(deps, input);
  if (!report.ok) throw new ConnectionTestFailed(report);
  return report;
}
