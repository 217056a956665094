import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAudienceSyncOptions } from '../audiences/options.js';
import { syncAudience } from '../audiences/sync.js';
import { DestinationFailure, tiktokCustomAudiences } from '../destinations/index.js';
import { EMULATOR_DEFAULTS, startEmulator, type RunningEmulator } from '../emulator/index.js';
import { silentLogger } from '../logger.js';
import { parseSourceArg } from '../sources/index.js';
import type { Store } from '../store/store.js';
import { openTestStore } from '../store/store.test-support.js';
import { createTikTokClient, type TikTokClient } from '../tiktok/index.js';
import type { WorkflowEngine } from './engine.js';
import { allRowsRejected } from './failure.js';
import { StepRegistry } from './registry.js';
import { startTestEngine, STOPPED, waitForStatus } from './engine.test-support.js';
import type { JsonObject, WorkflowActionType } from './types.js';

const [ADV, ADV_FULL] = EMULATOR_DEFAULTS.advertisers.map((a) => a.advertiser_id);
// Tokens stay in the test: workflow settings name a credential, never hold its secret.
const TOKENS: Record<string, string> = {
  operator: EMULATOR_DEFAULTS.tokens.operator,
  analyst: EMULATOR_DEFAULTS.tokens.analyst,
  revoked: 'a-token-tiktok-never-issued',
};

describe('workflow actions from real TikTok errors (emulator, engine on PGlite)', () => {
  let emulator: RunningEmulator;
  let store: Store;
  let engine: WorkflowEngine;
  let dir: string;

  const client = (credential: string): TikTokClient =>
    createTikTokClient({
      baseUrl: emulator.url,
      accessToken: TOKENS[credential],
      rps: 0,
      retry: { maxAttempts: 1 },
    });

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, rateLimitRps: 0, maxAudiencesPerAdvertiser: 2 });
    store = await openTestStore('pglite');
    dir = await mkdtemp(join(tmpdir(), 'ttads-actions-'));
    const registry = new StepRegistry()
      .register('create_audience', async ({ settings }) => {
        const s = settings as { credential: string; advertiserId: string; audienceName: string };
        return client(s.credential).createAudience({ advertiserId: s.advertiserId, name: s.audienceName });
      })
      .register('sync_audience', async ({ settings }) => {
        const s = settings as {
          credential: string;
          advertiserId: string;
          audienceName: string;
          source: string;
        };
        // Mapped as the destination's step is by the glue: its own failure rules (the audience limit).
        const mapped = (err: unknown) => {
          const failure = tiktokCustomAudiences.failureAction?.(err);
          throw failure ? new DestinationFailure(failure, err) : err;
        };
        const report = await syncAudience(
          {
            store,
            client: client(s.credential),
            logger: silentLogger(),
            dataDir: join(dir, 'data'),
            concurrency: 1,
          },
          parseSourceArg(s.source),
          parseAudienceSyncOptions({ advertiserIds: [s.advertiserId], audienceName: s.audienceName }),
        ).catch(mapped);
        const valid = Object.values(report.validIdentifiers).reduce((a, b) => a + (b ?? 0), 0);
        if (report.rowsRead > 0 && valid === 0) throw allRowsRejected(report.rowsRead, report.rejected);
        return { audienceId: report.audienceId, added: report.added };
      });
    engine = await startTestEngine(store, registry, { retry: { attempts: 2, baseDelaySeconds: 0 } });
  });
  afterAll(async () => {
    await engine.stop({ graceful: false });
    await store.close();
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function runUntilStopped(step: string, settings: JsonObject) {
    const created = await engine.create({ kind: 'test', steps: [step], settings });
    return waitForStatus(store, created.id, STOPPED);
  }

  async function csv(name: string, rows: string[]): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, ['email,phone', ...rows].join('\n'));
    return path;
  }

  const cases: [WorkflowActionType, JsonObject, number | null][] = [
    ['advertiser_not_found', { credential: 'operator', advertiserId: '7200000000000000077' }, 40300],
    ['invalid_credentials', { credential: 'revoked', advertiserId: ADV! }, 40105],
    ['missing_advertiser_permissions', { credential: 'analyst', advertiserId: ADV! }, 40001],
  ];
  it.each(cases)('%s', async (type, settings, code) => {
    const done = await runUntilStopped('create_audience', { ...settings, audienceName: `A ${type}` });
    expect(done.status).toBe('action_required');
    expect(done.action).toMatchObject({ type, step: 'create_audience', error: { code } });
    expect(done.action?.stepsToFix.at(-1)).toMatch(/click Resolve/);
    expect(done.action?.whatHappened).toMatch(new RegExp(`code ${code}`));
    expect(done.action?.likelyCauses.length).toBeGreaterThan(0);
  });

  it('maximum_audience_limit when the account already holds its limit of audiences (40011)', async () => {
    const operator = client('operator');
    for (const name of ['Old 1', 'Old 2']) await operator.createAudience({ advertiserId: ADV_FULL!, name });
    const source = await csv('buyers.csv', ['a@example.com,', 'b@example.com,']);
    const done = await runUntilStopped('sync_audience', {
      credential: 'operator',
      advertiserId: ADV_FULL!,
      audienceName: 'Buyers',
      source,
    });
    expect(done.action).toMatchObject({ type: 'maximum_audience_limit', error: { code: 40011 } });
    expect(done.action?.whatHappened).toMatch(/about 400/);
  });

  it('tiktok_unavailable after TikTok failed every attempt of the retry budget', async () => {
    await fetch(`${emulator.url}/_emulator/next-errors`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ codes: [50000, 'http:503'], path: 'segment/audience/' }),
    });
    const done = await runUntilStopped('create_audience', {
      credential: 'operator',
      advertiserId: ADV!,
      audienceName: 'Unavailable',
    });
    expect(done.action).toMatchObject({
      type: 'tiktok_unavailable',
      error: { kind: 'transient', httpStatus: 503 },
    });
    expect(done.steps[0]).toMatchObject({ attempts: 2, failures: 2 });
  });

  it('invalid_input when the audience engine rejected every row', async () => {
    const source = await csv('bad.csv', ['not-an-email,12', 'also bad,', ',']);
    const done = await runUntilStopped('sync_audience', {
      credential: 'operator',
      advertiserId: ADV!,
      audienceName: 'Nobody',
      source,
    });
    expect(done.action).toMatchObject({ type: 'invalid_input', step: 'sync_audience' });
    expect(done.action?.whatHappened).toMatch(/All 3 rows were rejected \(.*email_invalid: 2/);
    expect(done.action?.error).toMatchObject({ detail: { rowsRead: 3 } });
  });
});
