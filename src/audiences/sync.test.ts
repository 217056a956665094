import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EMULATOR_DEFAULTS, startEmulator, type RunningEmulator } from '../emulator/index.js';
import { silentLogger } from '../logger.js';
import { parseSourceArg } from '../sources/index.js';
import { getRun, listRuns } from '../store/runs.js';
import type { Store } from '../store/store.js';
import { TEST_ENGINES, openTestStore } from '../store/store.test-support.js';
import { createTikTokClient, MissingPermission, type TikTokClient } from '../tiktok/index.js';
import { EmptyAudienceRefused, parseAudienceSyncOptions, type AudienceSyncInput } from './options.js';
import { syncAudience } from './sync.js';
import { diesAfterMapping } from './dying-client.test-support.js';

const ADV = EMULATOR_DEFAULTS.advertisers[0].advertiser_id;
const ADV2 = EMULATOR_DEFAULTS.advertisers[1].advertiser_id;
const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

interface Members {
  EMAIL_SHA256: string[];
  PHONE_SHA256: string[];
}

describe.each(TEST_ENGINES)('audience sync (store on %s)', (engine) => {
  let emulator: RunningEmulator;
  let store: Store;
  let dir: string;
  let client: TikTokClient;

  beforeEach(async () => {
    emulator = await startEmulator({ port: 0, rateLimitRps: 0 });
    store = await openTestStore(engine);
    dir = await mkdtemp(join(tmpdir(), 'ttads-sync-'));
    client = createTikTokClient({
      baseUrl: emulator.url,
      accessToken: EMULATOR_DEFAULTS.tokens.operator,
      rps: 0,
    });
  });
  afterEach(async () => {
    await emulator.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function csv(name: string, rows: string[]): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, ['email,phone', ...rows].join('\n'));
    return path;
  }

  function sync(path: string, extra: Partial<AudienceSyncInput> = {}, via: TikTokClient = client) {
    return syncAudience(
      { store, client: via, logger: silentLogger(), dataDir: join(dir, 'data'), concurrency: 2 },
      parseSourceArg(path),
      parseAudienceSyncOptions({ advertiserIds: [ADV], audienceName: 'Buyers', batchSize: 3, ...extra }),
    );
  }

  async function members(): Promise<Members> {
    const res = await fetch(`${emulator.url}/_emulator/audiences?advertiser_id=${ADV}`);
    const body = (await res.json()) as { audiences: { name: string; members: Members }[] };
    const found = body.audiences.find((a) => a.name === 'Buyers');
    return {
      EMAIL_SHA256: [...(found?.members.EMAIL_SHA256 ?? [])].sort(),
      PHONE_SHA256: [...(found?.members.PHONE_SHA256 ?? [])].sort(),
    };
  }

  async function mappingRows(): Promise<number> {
    const res = await fetch(`${emulator.url}/_emulator/stats`);
    return ((await res.json()) as { mapping_rows_received: number }).mapping_rows_received;
  }

  const expected = (emails: string[], phones: string[]): Members => ({
    EMAIL_SHA256: emails.map(sha).sort(),
    PHONE_SHA256: phones.map(sha).sort(),
  });

  it('creates the audience with exactly the normalised members, then sends nothing for unchanged data', async () => {
    const path = await csv('a.csv', [
      ' Alice@Example.COM ,(206) 555-0100',
      'bob@example.com,+44 20 7946 0958',
      'broken-email,555',
      ',',
      'carol@example.com,',
    ]);
    const first = await sync(path);
    expect(await members()).toEqual(
      expected(
        ['alice@example.com', 'bob@example.com', 'carol@example.com'],
        ['+12065550100', '+442079460958'],
      ),
    );
    expect(first).toMatchObject({ rowsRead: 5, added: 5, removed: 0, unchanged: 0, status: 'succeeded' });
    expect(first.rejected).toMatchObject({ email_invalid: 1, phone_invalid: 1 });
    expect(first.warnings.join(' ')).toMatch(/at least 1000/);
    expect(first.notes.join(' ')).toMatch(/48 hours/);
    expect(first.matched?.coverNum).toBe(3);

    const sent = await mappingRows();
    const second = await sync(path);
    expect(await mappingRows()).toBe(sent);
    expect(second).toMatchObject({
      added: 0,
      removed: 0,
      unchanged: 5,
      identifiersSent: 0,
      audienceId: first.audienceId,
    });
  });

  it('mirrors changes: removes what left the query and adds what joined, by identifier', async () => {
    await sync(await csv('a.csv', ['a@x.test,2065550100', 'b@x.test,2065550101', 'c@x.test,']));
    const report = await sync(await csv('b.csv', ['a@x.test,2065550109', 'c@x.test,', 'd@x.test,']));
    expect(await members()).toEqual(expected(['a@x.test', 'c@x.test', 'd@x.test'], ['+12065550109']));
    // phone of a changed (1 out, 1 in), b left (2 out), d joined (1 in)
    expect(report).toMatchObject({ added: 2, removed: 3, unchanged: 2, identifiersSent: 5 });
  });

  it('never removes in add-only mode', async () => {
    await sync(await csv('a.csv', ['a@x.test,', 'b@x.test,']), { mode: 'add-only' });
    const report = await sync(await csv('b.csv', ['c@x.test,']), { mode: 'add-only' });
    expect(await members()).toEqual(expected(['a@x.test', 'b@x.test', 'c@x.test'], []));
    expect(report).toMatchObject({ added: 1, removed: 0 });
  });

  it('plans without sending or creating anything in a dry run', async () => {
    const report = await sync(await csv('a.csv', ['a@x.test,', 'b@x.test,']), { dryRun: true });
    expect(report).toMatchObject({ status: 'dry_run', added: 2, audienceId: null, identifiersSent: 0 });
    expect(await mappingRows()).toBe(0);
    expect((await client.listCustomAudiences(ADV)).length).toBe(0);
  });

  it('maps one audience across several advertisers of one business', async () => {
    const report = await sync(await csv('a.csv', ['a@x.test,']), { advertiserIds: [ADV, ADV2] });
    expect(report.advertiserIds).toEqual([ADV, ADV2]);
    expect(await members()).toEqual(expected(['a@x.test'], []));
  });

  it('resumes a run that failed between batches and ends exactly equal to the query', async () => {
    const rows = Array.from({ length: 20 }, (_, i) => `p${i}@x.test`);
    await sync(
      await csv(
        'a.csv',
        rows.slice(0, 10).map((r) => `${r},`),
      ),
    );
    // The third mapping call of the next run is refused for good: the run stops with batches half sent.
    let calls = 0;
    const failing: TikTokClient = {
      ...client,
      mapAudienceJson: async (input) => {
        calls += 1;
        if (calls === 3)
          throw new MissingPermission({
            code: 40001,
            message: 'no permission',
            endpoint: 'segment/mapping/',
          });
        return client.mapAudienceJson(input);
      },
    };
    const target = await csv(
      'b.csv',
      rows.slice(5, 20).map((r) => `${r},`),
    );
    await expect(sync(target, {}, failing)).rejects.toBeInstanceOf(MissingPermission);
    const resumed = await sync(target);
    expect(resumed.resumedFromDeadRun).toBe(true);
    expect(await members()).toEqual(expected(rows.slice(5, 20), []));
    expect(await sync(target)).toMatchObject({ identifiersSent: 0, resumedFromDeadRun: false });
  });

  it('resumes a run that died in a later part of its plan, resending only what TikTok did not acknowledge', async () => {
    // 2,900 rows in chunks of 1,000 and 1,900 source rows: two parts of add batches, then one of removals.
    const rows = Array.from({ length: 3000 }, (_, i) => `m${i}@x.test`);
    await sync(
      await csv(
        'a.csv',
        rows.slice(0, 200).map((r) => `${r},`),
      ),
      { batchSize: 100 },
    );
    const dying = diesAfterMapping(client, 12);
    const target = await csv(
      'b.csv',
      rows.slice(100).map((r) => `${r},`),
    );
    await expect(sync(target, { batchSize: 100 }, dying)).rejects.toThrow('process died');
    // Call 12 carried a batch of the second part: that part was recorded before it was sent (the removals
    // may be recorded too: planning runs ahead of sending).
    const state = await store.queryOne<{ pending: { parts: string[] } }>(
      `SELECT pending FROM audience_state WHERE name = 'Buyers'`,
    );
    expect(state?.pending.parts.length).toBeGreaterThanOrEqual(2);
    const resumed = await sync(target, { batchSize: 100 });
    expect(resumed.resumedFromDeadRun).toBe(true);
    expect(await members()).toEqual(expected(rows.slice(100), []));
    // 2,800 additions and 100 removals were needed; at least the first ten batches were acknowledged.
    expect(resumed.identifiersSent).toBeGreaterThan(0);
    expect(resumed.identifiersSent).toBeLessThanOrEqual(2900 - 1000);
    expect(resumed.audienceIdentifiers).toBe(2900);
    expect(await sync(target, { batchSize: 100 })).toMatchObject({
      identifiersSent: 0,
      resumedFromDeadRun: false,
    });
  });

  it('resumes after dying just after TikTok applied a batch it never recorded', async () => {
    const rows = Array.from({ length: 12 }, (_, i) => `q${i}@x.test`);
    // A client that dies after its second mapping call reached TikTok, before the answer is recorded.
    const dying = diesAfterMapping(client, 2);
    await expect(
      sync(
        await csv(
          'a.csv',
          rows.map((r) => `${r},`),
        ),
        {},
        dying,
      ),
    ).rejects.toThrow('process died');
    const report = await sync(
      await csv(
        'b.csv',
        rows.slice(2).map((r) => `${r},`),
      ),
    );
    expect(report.resumedFromDeadRun).toBe(true);
    expect(await members()).toEqual(expected(rows.slice(2), []));
  });

  it('refuses to empty an audience when no row has a valid identifier, unless told to', async () => {
    await sync(await csv('a.csv', ['a@x.test,', 'b@x.test,']));
    const broken = await csv('b.csv', ['not-an-email,', ',']);
    await expect(sync(broken)).rejects.toBeInstanceOf(EmptyAudienceRefused);
    expect(await members()).toEqual(expected(['a@x.test', 'b@x.test'], []));
    const emptied = await sync(broken, { allowEmpty: true });
    expect(emptied).toMatchObject({ removed: 2, audienceIdentifiers: 0 });
    expect(await members()).toEqual(expected([], []));
  });

  it('records a refused run as failed with its report, its rejects file and the workflow that made it', async () => {
    const broken = await csv('c.csv', ['not-an-email,', 'also bad,', ',']);
    const rejectsDir = join(dir, 'rejects');
    const origin = { workflowId: 'wf-9', step: 'sync_audience', attempt: 2 };
    const refused = await syncAudience(
      {
        store,
        client,
        logger: silentLogger(),
        dataDir: join(dir, 'data'),
        concurrency: 2,
        rejectsDir,
        origin,
      },
      parseSourceArg(broken),
      parseAudienceSyncOptions({ advertiserIds: [ADV], audienceName: 'Buyers', idTypes: ['EMAIL'] }),
    ).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(EmptyAudienceRefused);
    const runId = (refused as EmptyAudienceRefused).runId ?? '';
    const run = await getRun(store, runId);
    expect(run).toMatchObject({
      status: 'failed',
      params: { origin },
      error: { name: 'EmptyAudienceRefusedError' },
      report: {
        runId,
        status: 'failed',
        rowsRead: 3,
        rowsWithIdentifier: 0,
        rejected: { email_invalid: 2, no_identifier: 1 },
        added: 0,
        removed: 0,
        rejectsFile: join(rejectsDir, `${runId}.csv`),
      },
    });
    expect(run?.error?.message).toMatch(/no valid identifier/);
    const lines = (await readFile(join(rejectsDir, `${runId}.csv`), 'utf8')).trim().split('\n');
    expect(lines[0]).toBe('row,id_type,reason,value');
    expect(lines.filter((l) => l.includes(',email_invalid,'))).toHaveLength(2);
    expect((await listRuns(store, { workflowId: 'wf-9' })).map((r) => r.id)).toEqual([runId]);
  });

  it('refuses a name over 400 characters before any call', () => {
    expect(() => parseAudienceSyncOptions({ advertiserIds: [ADV], audienceName: 'x'.repeat(401) })).toThrow(
      /400/,
    );
    expect(() => parseAudienceSyncOptions({ advertiserIds: ['123'], audienceName: 'ok' })).toThrow(
      /nineteen/,
    );
  });
});
