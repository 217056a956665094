import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EmptyAudienceRefused, InvalidAudienceSettings } from './audiences/options.js';
import { AudienceOwnedError } from './cli/audience-owners-command.js';
import { describeFailure } from './cli/output.js';
import { ConnectionTestFailed } from './config/connection.js';
import {
  AuthorizationRefused,
  ConflictError,
  CredentialNotAuthorized,
  NotFoundError,
  OAuthStateExpired,
  OAuthStateForged,
  OAuthStateReused,
  OAuthStateRevoked,
  ValidationError,
} from './config/errors.js';
import { SecretDecryptError, SecretKeyError } from './config/secrets.js';
import { InvalidSettingError } from './config/settings.js';
import { usageError } from './cli/cli-errors.js';
import { ServerAnswerError } from './cli/server-client.js';
import { DestinationFailure } from './destinations/errors.js';
import { TtadsError } from './errors.js';
import { RunLockedError, RunLockLostError } from './store/run-lock.js';
import { SnapshotMissingError } from './audiences/snapshot-files.js';
import { ConnectionStop } from './config/connection-types.js';
import { JournalLockedError } from './events/journal.js';
import type { EventsReport } from './events/index.js';
import { EventsRunError } from './events/send-events.js';
import { RefusalStreakError } from './events/sender.js';
import { LeaseLostError } from './jobs/claim-repo.js';
import { ActionRequiredError, classifyStepError, TransientStepError } from './jobs/failure.js';
import { InvalidScheduleError } from './jobs/schedules.js';
import { WorkflowStateError } from './jobs/workflow-repo.js';
import { AudienceOwned } from './orchestrations/audience-owners.js';
import { RunnableNotFound, RunRefused } from './orchestrations/errors.js';
import { RunSettingsError } from './orchestrations/steps.js';
import { HttpError } from './server/http-error.js';
import { toHttpError } from './server/http-errors.js';
import { NotOneSelectError, SourceError } from './sources/errors.js';
import { StoreInUseError } from './store/store-lock.js';
import {
  AdvertiserNotFound,
  AppInvalid,
  AppNotAllowlisted,
  DailyLimitReached,
  InvalidCredentials,
  MissingScope,
  InvalidRequest,
  MissingPermission,
  RateLimited,
  TikTokApiError,
  Transient,
} from './tiktok/errors.js';

/** What each face does with an error: HTTP status, CLI exit code, and a workflow step's outcome. */
interface Expected {
  http: number;
  exit: number;
  /** `failed`, `retry`, or the workflow action's type. */
  workflow: string;
}

const tiktok = { message: 'refused', endpoint: 'dmp/custom_audience/create/' };
const holder = { pid: 7, command: 'serve', host: 'h', since: '2024-01-01T00:00:00Z' };
const report = { ok: false, problem: 'invalid_credentials' as const, checks: [], testedAt: new Date(0) };

/** Every error class of src (the emulator aside: it stands in for TikTok), one row or more per class. */
const TABLE: [string, Error, Expected][] = [
  ['NotFoundError', new NotFoundError('credential', 'c1'), { http: 404, exit: 2, workflow: 'failed' }],
  ['ConflictError', new ConflictError('taken', 'name'), { http: 409, exit: 2, workflow: 'failed' }],
  [
    'ValidationError',
    new ValidationError([{ path: 'x', message: 'bad' }]),
    { http: 400, exit: 2, workflow: 'failed' },
  ],
  ['OAuthStateForged', new OAuthStateForged(), { http: 400, exit: 2, workflow: 'failed' }],
  ['OAuthStateRevoked', new OAuthStateRevoked(), { http: 400, exit: 2, workflow: 'failed' }],
  ['OAuthStateExpired', new OAuthStateExpired(new Date(0)), { http: 400, exit: 2, workflow: 'failed' }],
  ['OAuthStateReused', new OAuthStateReused(), { http: 400, exit: 2, workflow: 'failed' }],
  [
    'AuthorizationRefused',
    new AuthorizationRefused('insufficient_role', 'no'),
    { http: 403, exit: 3, workflow: 'failed' },
  ],
  [
    'CredentialNotAuthorized',
    new CredentialNotAuthorized('c1', 'revoked'),
    { http: 409, exit: 3, workflow: 'failed' },
  ],
  ['SecretKeyError', new SecretKeyError('bad key'), { http: 500, exit: 2, workflow: 'failed' }],
  [
    'SecretDecryptError',
    new SecretDecryptError('token', undefined, 'k1'),
    { http: 500, exit: 2, workflow: 'failed' },
  ],
  ['ConnectionTestFailed', new ConnectionTestFailed(report), { http: 422, exit: 3, workflow: 'failed' }],
  ['InvalidSettingError', new InvalidSettingError('bad'), { http: 400, exit: 2, workflow: 'failed' }],
  ['RunnableNotFound', new RunnableNotFound('campaign', 'c1'), { http: 404, exit: 2, workflow: 'failed' }],
  ['RunRefused', new RunRefused('already sent'), { http: 409, exit: 2, workflow: 'failed' }],
  [
    'AudienceOwned',
    new AudienceOwned({ advertiserId: 'a', audienceName: 'n' }, { kind: 'campaign', id: 'c1' }),
    { http: 409, exit: 2, workflow: 'failed' },
  ],
  ['RunSettingsError', new RunSettingsError('unresolved'), { http: 400, exit: 2, workflow: 'failed' }],
  ['InvalidScheduleError', new InvalidScheduleError('bad cron'), { http: 400, exit: 2, workflow: 'failed' }],
  ['LeaseLostError', new LeaseLostError('w1'), { http: 409, exit: 2, workflow: 'failed' }],
  [
    'WorkflowStateError',
    new WorkflowStateError('no workflow w1', undefined),
    { http: 404, exit: 2, workflow: 'failed' },
  ],
  [
    'WorkflowStateError',
    new WorkflowStateError('w1 is running', 'running'),
    { http: 409, exit: 2, workflow: 'failed' },
  ],
  [
    'ActionRequiredError',
    new ActionRequiredError('invalid_input', 'all rows rejected'),
    { http: 409, exit: 3, workflow: 'invalid_input' },
  ],
  ['TransientStepError', new TransientStepError('db restarting'), { http: 503, exit: 4, workflow: 'retry' }],
  [
    'EventsRunError',
    new EventsRunError({} as EventsReport, new Error('disk full')),
    { http: 500, exit: 1, workflow: 'failed' },
  ],
  ['RefusalStreakError', new RefusalStreakError('refused'), { http: 400, exit: 2, workflow: 'failed' }],
  ['JournalLockedError', new JournalLockedError('locked'), { http: 409, exit: 2, workflow: 'failed' }],
  [
    'AudienceOwnedError',
    new AudienceOwnedError('owned', 'take over'),
    { http: 409, exit: 2, workflow: 'failed' },
  ],
  ['SourceError', new SourceError('file_not_found', 'no file'), { http: 400, exit: 2, workflow: 'failed' }],
  ['NotOneSelectError', new NotOneSelectError('COPY'), { http: 400, exit: 2, workflow: 'failed' }],
  [
    'StoreInUseError',
    new StoreInUseError('/d/store.lock', holder, 'wait'),
    { http: 409, exit: 2, workflow: 'failed' },
  ],
  ['InvalidAudienceSettings', new InvalidAudienceSettings('bad'), { http: 400, exit: 2, workflow: 'failed' }],
  [
    'EmptyAudienceRefused',
    new EmptyAudienceRefused(3, { no_identifier: 3 }, 'r1'),
    { http: 400, exit: 2, workflow: 'invalid_input' },
  ],
  ['HttpError', new HttpError(404, 'No run r1.'), { http: 404, exit: 2, workflow: 'failed' }],
  ['TikTokApiError', new TikTokApiError({ ...tiktok, code: 1 }), { http: 502, exit: 2, workflow: 'failed' }],
  ['RateLimited', new RateLimited({ ...tiktok, code: 40100 }), { http: 503, exit: 4, workflow: 'retry' }],
  ['Transient', new Transient({ ...tiktok, code: 50000 }), { http: 503, exit: 4, workflow: 'retry' }],
  [
    'InvalidCredentials',
    new InvalidCredentials({ ...tiktok, code: 40105 }),
    { http: 502, exit: 3, workflow: 'invalid_credentials' },
  ],
  [
    'MissingPermission',
    new MissingPermission({ ...tiktok, code: 40001 }),
    { http: 502, exit: 3, workflow: 'missing_advertiser_permissions' },
  ],
  [
    'AdvertiserNotFound',
    new AdvertiserNotFound({ ...tiktok, code: 40300 }),
    { http: 502, exit: 2, workflow: 'advertiser_not_found' },
  ],
  [
    'InvalidRequest',
    new InvalidRequest({ ...tiktok, code: 40002 }),
    { http: 502, exit: 2, workflow: 'failed' },
  ],
  // TikTok's 40011 alone is a plain invalid request: the custom audiences destination knows it as the audience
  // limit, and its step's failure comes wrapped as a DestinationFailure naming the action.
  [
    'InvalidRequest',
    new InvalidRequest({ ...tiktok, code: 40011 }),
    { http: 502, exit: 2, workflow: 'failed' },
  ],
  [
    'DestinationFailure',
    new DestinationFailure(
      { action: 'maximum_audience_limit', detail: 'the advertiser holds as many audiences as TikTok allows' },
      new InvalidRequest({ ...tiktok, code: 40011 }),
    ),
    { http: 409, exit: 3, workflow: 'maximum_audience_limit' },
  ],
  ['CliError', usageError('--rps must be a number'), { http: 400, exit: 2, workflow: 'failed' }],
  [
    'ServerAnswerError',
    new ServerAnswerError(403, 'Admins only.', 'fix_permissions', 'Use an admin API key', undefined),
    { http: 403, exit: 3, workflow: 'failed' },
  ],
  [
    'RunLockedError',
    new RunLockedError('audience:1/a', { runId: 'r1', host: 'h', pid: 1 }),
    { http: 409, exit: 2, workflow: 'failed' },
  ],
  ['RunLockLostError', new RunLockLostError('audience:1/a'), { http: 503, exit: 4, workflow: 'retry' }],
  [
    'SnapshotMissingError',
    new SnapshotMissingError('s.parquet', 'postgres'),
    { http: 500, exit: 2, workflow: 'failed' },
  ],
  [
    'ConnectionStop',
    new ConnectionStop('tiktok_error', 'stopped'),
    { http: 500, exit: 1, workflow: 'failed' },
  ],
  ['AppInvalid', new AppInvalid({ ...tiktok, code: 40113 }), { http: 502, exit: 2, workflow: 'failed' }],
  [
    'AppNotAllowlisted',
    new AppNotAllowlisted({ ...tiktok, code: 40118 }),
    { http: 502, exit: 2, workflow: 'app_not_approved' },
  ],
  [
    'MissingScope',
    new MissingScope({ ...tiktok, code: 40130 }),
    { http: 502, exit: 2, workflow: 'missing_scope' },
  ],
  [
    'DailyLimitReached',
    new DailyLimitReached({ ...tiktok, code: 40100 }, new Date(86_400_000)),
    { http: 503, exit: 3, workflow: 'tiktok_daily_limit' },
  ],
  [
    'EventsRunError',
    new EventsRunError({} as EventsReport, new MissingScope({ ...tiktok, code: 40130 })),
    { http: 502, exit: 2, workflow: 'missing_scope' },
  ],
];

function httpStatusOf(err: Error): number {
  const answer = toHttpError(err);
  return answer instanceof HttpError ? answer.status : 500;
}

function workflowOf(err: Error): string {
  const outcome = classifyStepError(err, { step: 'sync_audience', failures: 1, retryBudget: 3 });
  return outcome.kind === 'action' ? outcome.action.type : outcome.kind;
}

describe('every error class', () => {
  it.each(TABLE)('%s answers its HTTP status, exit code and workflow outcome', (name, err, expected) => {
    expect(err.name === name || err.constructor.name === name).toBe(true);
    expect({
      http: httpStatusOf(err),
      exit: describeFailure(err).exitCode,
      workflow: workflowOf(err),
    }).toEqual(expected);
  });

  it('belongs to the one family, TikTok’s errors too', () => {
    for (const [name, err] of TABLE) {
      expect(err, name).toBeInstanceOf(TtadsError);
      expect((err as TtadsError).code, name).toMatch(/^[a-z][a-z0-9_]*$/);
    }
  });

  it('gives an error outside the family exit code 1 and a 500', () => {
    expect(describeFailure(new Error('boom')).exitCode).toBe(1);
    expect(httpStatusOf(new Error('boom'))).toBe(500);
    expect(workflowOf(new Error('boom'))).toBe('failed');
  });
});

const SRC = import.meta.dirname;

function productionFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return productionFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test(-support)?\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/**
 * Classes allowed to extend Error directly: the base itself (the emulator, which stands in for TikTok and
 * imports nothing of the product, is left out of the search).
 */
const DIRECT = new Set(['errors.ts:TtadsError']);

describe('the error family', () => {
  const classes = productionFiles(SRC)
    .filter((file) => !relative(SRC, file).startsWith('emulator'))
    .flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/\bclass (\w+) extends (\w+)/g)].map((m) => ({
        at: `${relative(SRC, file)}:${m[1]}`,
        name: m[1] ?? '',
        base: m[2] ?? '',
      })),
    );

  it('has one base: no other class extends Error directly', () => {
    const direct = classes.filter((c) => c.base === 'Error').map((c) => c.at);
    expect(direct.filter((at) => !DIRECT.has(at))).toEqual([]);
  });

  it('lists every error class in the table', () => {
    const errors = new Set(['Error']);
    for (let grown = true; grown;) {
      grown = false;
      for (const c of classes) {
        if (errors.has(c.base) && !errors.has(c.name)) {
          errors.add(c.name);
          grown = true;
        }
      }
    }
    // `ConnectionStop` ends a connection test (src/config/connection.ts, or a destination's own check) and
    // never leaves it.
    const tabled = new Set([
      ...TABLE.map(([name]) => name),
      'TtadsError',
      'ConfigError',
      'OAuthStateError',
      'ConnectionStop',
    ]);
    expect([...errors].filter((name) => name !== 'Error' && !tabled.has(name))).toEqual([]);
  });
});
