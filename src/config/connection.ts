import { AdvertiserNotFound, TikTokApiError, type TikTokClient } from '../tiktok/index.js';
import { getCredentialAccess, markCredentialInvalid } from './credential-access.js';
import { clockOf, type ControlPlaneDeps } from './deps.js';
import { TtadsError } from '../errors.js';
import { ConfigError, CredentialNotAuthorized } from './errors.js';
import { eventTargetOf } from './event-set-settings.js';
import type { PartialSettings, PluginId } from './plugins.js';
import { probeEventSource, probeWriteAccess, type WriteAccess } from './role-probe.js';

/** Why a connection test failed; the same names as the workflow actions they lead to. */
export type ConnectionProblem =
  | 'credential_not_authorized'
  | 'invalid_credentials'
  | 'advertiser_not_found'
  | 'advertiser_not_authorized'
  | 'insufficient_role'
  | 'app_not_approved'
  | 'missing_scope'
  | 'event_set_not_found'
  | 'tiktok_unavailable'
  | 'tiktok_error';

/** One check of a connection test. `unknown`: TikTok's answer could not tell; `skipped`: nothing to check. */
export interface ConnectionCheck {
  check: 'credential' | 'token' | 'advertiser' | 'role' | 'event_source';
  status: 'passed' | 'failed' | 'skipped' | 'unknown';
  detail: string;
}

/** The outcome of a connection test; `problem` and `message` are set when `ok` is false. */
export interface ConnectionReport {
  ok: boolean;
  problem?: ConnectionProblem;
  message?: string;
  checks: ConnectionCheck[];
  testedAt: Date;
}

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

/** Ends a connection test early with its problem; caught within this module, never seen by a user. */
class Stop extends TtadsError {
  constructor(
    readonly problem: ConnectionProblem,
    readonly detail: string,
  ) {
    super(detail, { code: `connection_${problem}`, kind: 'internal' });
  }
}

function fromTikTok(err: unknown): Stop {
  if (!(err instanceof TikTokApiError)) throw err;
  if (err.retryable)
    return new Stop('tiktok_unavailable', `TikTok is unavailable (${err.message}); try again later`);
  if (err.category === 'invalid_credentials')
    return new Stop('invalid_credentials', `${err.message}. ${err.hint}`);
  if (err.category === 'advertiser_not_found')
    return new Stop('advertiser_not_found', `${err.message}. ${err.hint}`);
  if (err.category === 'missing_permission') return new Stop('insufficient_role', `${err.message}. ${err.hint}`);
  if (err.category === 'app_not_allowlisted') return new Stop('app_not_approved', `${err.message}. ${err.hint}`);
  if (err.category === 'missing_scope') return new Stop('missing_scope', `${err.message}. ${err.hint}`);
  return new Stop('tiktok_error', err.message);
}

/** The connection test's stop for a write probe that did not pass: the role, the app, or the scope. */
function writeRefused(access: Exclude<WriteAccess, 'write'>, id: string): Stop {
  if (access === 'app_not_allowlisted')
    return new Stop(
      'app_not_approved',
      `TikTok has not approved (allowlisted) this credential's app for the audience API on advertiser ${id}; ` +
        'ask your TikTok representative to allowlist the app, or use a credential of an approved app',
    );
  if (access === 'missing_scope')
    return new Stop(
      'missing_scope',
      `the authorization lacks the audience scope on advertiser ${id}; enable it for the app in the TikTok ` +
        'developer portal, then reauthorize the credential',
    );
  const why =
    access === 'read_only'
      ? 'the authorizing user cannot make changes (Analyst role)'
      : 'TikTok refuses changes (the user’s role, or the app’s access to the advertiser)';
  return new Stop(
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
          throw new Stop(
            'advertiser_not_found',
            `advertiser ${id} does not exist in TikTok Ads Manager; check the advertiser ID`,
          );
        if (!(err instanceof TikTokApiError) || err.retryable) throw fromTikTok(err);
      }
      throw new Stop(
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

async function checkEventSource(
  client: TikTokClient,
  settings: PartialSettings,
  add: (c: ConnectionCheck) => void,
): Promise<void> {
  const target = eventTargetOf(settings);
  const web = target.source === 'web';
  const id = target.id;
  const what = web ? `pixel ${id}` : `event set ${id}`;
  if (id === undefined) {
    add({
      check: 'event_source',
      status: 'skipped',
      detail: `no ${web ? 'pixel code' : 'event set ID'} here; it is checked where it is set`,
    });
    return;
  }
  const probe = await probeEventSource(client, { eventSource: web ? 'web' : 'offline', eventSourceId: id });
  if (probe.result === 'not_found')
    throw new Stop(
      'event_set_not_found',
      `${what} does not exist; create it in TikTok Ads Manager (Assets, Events) or fix the ID`,
    );
  if (probe.result === 'read_only')
    throw new Stop(
      'insufficient_role',
      `the authorizing user may not send events to ${what}: ${probe.message}`,
    );
  add({
    check: 'event_source',
    status: probe.result === 'exists' ? 'passed' : 'unknown',
    // TikTok's API gives no way to list event sets or their owner: existence is all that can be told.
    detail:
      probe.result === 'exists'
        ? `${what} exists (its owning advertiser cannot be checked through the API)`
        : `could not tell whether ${what} exists: ${probe.message}`,
  });
}

/**
 * Tests what a destination (or template) needs, as far as its settings are known: the credential is
 * authorized, its token valid, each advertiser exists, is authorized and accepts writes from this user (no
 * Analyst), and for events the event set (or pixel) exists. A refused token marks the credential invalid.
 * Makes network calls: pass the store, not a transaction.
 */
export async function testConnection(
  deps: ControlPlaneDeps,
  input: { plugin: PluginId; credentialId: string; settings: PartialSettings },
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
      if (err instanceof CredentialNotAuthorized) throw new Stop('credential_not_authorized', err.message);
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
      throw err instanceof Stop ? err : fromTikTok(err);
    });
    if (input.plugin === 'tiktok_offline_events') {
      stage = 'event_source';
      await checkEventSource(client, s, add).catch((err: unknown) => {
        throw err instanceof Stop ? err : fromTikTok(err);
      });
    }
    return { ok: true, checks, testedAt };
  } catch (err) {
    if (!(err instanceof Stop)) throw err;
    const failed: ConnectionCheck = { check: stage, status: 'failed', detail: err.detail };
    return { ok: false, problem: err.problem, message: err.detail, checks: [...checks, failed], testedAt };
  }
}

/** Runs {@link testConnection} and throws when it failed. @throws ConnectionTestFailed */
export async function assertConnection(
  deps: ControlPlaneDeps,
  input: { plugin: PluginId; credentialId: string; settings: PartialSettings },
): Promise<ConnectionReport> {
  const report = await testConnection(deps, input);
  if (!report.ok) throw new ConnectionTestFailed(report);
  return report;
}
