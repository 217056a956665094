import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMULATOR_DEFAULTS, startEmulator, type RunningEmulator } from '../emulator/index.js';
import { silentLogger } from '../logger.js';
import { parseSourceArg } from '../sources/index.js';
import type { Store } from '../store/store.js';
import { openTestStore } from '../store/store.test-support.js';
import { createTikTokClient, type TikTokClient } from '../tiktok/index.js';
import { parseAudienceSyncOptions } from './options.js';
import { ackedBatchKeys, loadAudienceState } from './state.js';
import { audienceKey, syncAudience } from './sync.js';

const ADV = EMULATOR_DEFAULTS.advertisers[0].advertiser_id;
const NAME = 'Partly refused';
const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
const TYPE_NAME: Record<number, string> = { 0: 'EMAIL_SHA256', 1: 'PHONE_SHA256' };

/** Sorted `TYPE:hash` members. */
type Members = string[];

describe('rows TikTok refused in partial (20001) answers', () => {
  let emulator: RunningEmulator;
  let store: Store;
  let dir: string;
  let client: TikTokClient;

  beforeAll(async () => {
    // A third of the mapping requests answered 20001, each refusing about a tenth of its rows.
    emulator = await startEmulator({
      port: 0,
      rateLimitRps: 0,
      logger: silentLogger(),
      faults: { partialRate: 0.35, partialItemRate: 0.1, seed: 7 },
    });
    store = await openTestStore('pglite');
    dir = await mkdtemp(join(tmpdir(), 'ttads-refused-'));
    client = createTikTokClient({
      baseUrl: emulator.url,
      accessToken: EMULATOR_DEFAULTS.tokens.operator,
      rps: 0,
    });
  });
  afterAll(async () => {
    await emulator.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  const people = (from: number, to: number): string[] =>
    Array.from(
      { length: to - from },
      (_, i) => `p${from + i}@x.test,2065${String(from + i).padStart(6, '0')}`,
    );

  async function sync(file: string, rows: string[], via = { client, name: NAME, concurrency: 2 }) {
    const path = join(dir, file);
    await writeFile(path, ['email,phone', ...rows].join('\n'));
    return syncAudience(
      {
        store,
        client: via.client,
        logger: silentLogger(),
        dataDir: join(dir, 'data'),
        concurrency: via.concurrency,
        rejectsPath: join(dir, `${file}.rejects.csv`),
      },
      parseSourceArg(path),
      parseAudienceSyncOptions({
        advertiserIds: [ADV],
        audienceName: via.name,
        batchSize: 10,
        defaultRegion: 'US',
      }),
    );
  }

  async function atTikTok(name = NAME): Promise<Members> {
    const res = await fetch(`${emulator.url}/_emulator/audiences?advertiser_id=${ADV}`);
    const body = (await res.json()) as { audiences: { name: string; members: Record<string, string[]> }[] };
    const found = body.audiences.filter((a) => a.name === name);
    expect(found).toHaveLength(1);
    return Object.entries(found[0]?.members ?? {})
      .flatMap(([type, hashes]) => hashes.map((h: string) => `${type}:${h}`))
      .sort();
  }

  /** The snapshot the run committed: what ttads believes TikTok holds (certain pairs). */
  async function snapshot(): Promise<{ certain: Members; uncertain: number }> {
    const state = await loadAudienceState(store, audienceKey([ADV], NAME));
    const duck = await DuckDBInstance.create(':memory:');
    const conn = await duck.connect();
    try {
      const reader = await conn.runAndReadAll(
        `SELECT id_type, lower(hex(hash)) AS h, certain FROM read_parquet('${state!.snapshotPath!}')`,
      );
      const rows = reader.getRowObjects();
      return {
        certain: rows
          .filter((r) => r.certain === true)
          .map((r) => `${TYPE_NAME[Number(r.id_type)]}:${String(r.h)}`)
          .sort(),
        uncertain: rows.filter((r) => r.certain !== true).length,
      };
    } finally {
      conn.closeSync();
      duck.closeSync();
    }
  }

  const wanted = (rows: string[]): Members =>
    rows
      .flatMap((r) => {
        const [email, phone] = r.split(',');
        return [`EMAIL_SHA256:${sha(email!)}`, `PHONE_SHA256:${sha(`+1${phone!}`)}`];
      })
      .sort();

  async function rejects(file: string): Promise<string[][]> {
    const text = await readFile(join(dir, `${file}.rejects.csv`), 'utf8');
    return text
      .trim()
      .split('\n')
      .map((l) => l.split(','));
  }

  it('keeps refused rows out of the snapshot, lists them in the rejects with TikTok reason, and a re-run fixes them', async () => {
    const first = people(0, 300);
    const one = await sync('one.csv', first);
    const refusedOne = Object.values(one.refusedByTikTok ?? {}).reduce((a, b) => a + b, 0);
    expect(refusedOne).toBeGreaterThan(0);
    expect(Object.keys(one.refusedByTikTok ?? {})).toEqual(['tiktok_40002']);
    const held = await atTikTok();
    expect(held.length).toBeLessThan(wanted(first).length);
    // The snapshot is what TikTok holds: nothing refused is taken as acknowledged.
    expect(await snapshot()).toEqual({ certain: held, uncertain: 0 });
    expect(one.audienceIdentifiers).toBe(held.length);
    expect(one).toMatchObject({ added: held.length, identifiersSent: wanted(first).length });
    // Each refused row is in the rejects: its source row, both identifiers, TikTok's reason and the hash sent.
    const lines = await rejects('one.csv');
    expect(lines[0]).toEqual(['row', 'id_type', 'reason', 'value']);
    const refusedLines = lines.slice(1);
    expect(refusedLines).toHaveLength(refusedOne * 2);
    const heldSet = new Set(held);
    for (const [row, type, reason, value] of refusedLines) {
      expect(reason).toMatch(/^tiktok_40002: batch_data\[\d+\] was not applied/);
      const source = first[Number(row) - 1]!.split(',');
      const expectedHash = type === 'EMAIL' ? sha(source[0]!) : sha(`+1${source[1]!}`);
      expect(value).toBe(expectedHash);
      expect(heldSet.has(`${type}_SHA256:${value}`)).toBe(false);
    }
    expect(one.rejectsFile).toBe(join(dir, 'one.csv.rejects.csv'));

    // A mirror re-sync with removals and additions, TikTok still refusing some rows (removals too).
    const second = people(100, 450);
    const two = await sync('two.csv', second);
    expect(Object.values(two.refusedByTikTok ?? {}).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(await snapshot()).toEqual({ certain: await atTikTok(), uncertain: 0 });
    const twoLines = (await rejects('two.csv')).slice(1);
    // A removal TikTok refused has no source row: the member left the source.
    expect(twoLines.some(([row]) => row === '')).toBe(true);

    // TikTok refuses nothing any more: the next run sends exactly what was refused, and the audience is exact.
    await fetch(`${emulator.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ partialRate: 0 }),
    });
    const three = await sync('three.csv', second);
    expect(three.refusedByTikTok).toBeUndefined();
    expect(await atTikTok()).toEqual(wanted(second));
    expect(await snapshot()).toEqual({ certain: wanted(second), uncertain: 0 });
    expect(three.added + three.removed).toBeGreaterThan(0);
    expect(three.added + three.removed).toBe(three.identifiersSent);
  }, 120_000);

  it('a run that dies after a partial answer leaves that batch unacknowledged: the next run sends it again', async () => {
    await fetch(`${emulator.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ partialRate: 0 }),
    });
    const name = 'Died after a partial answer';
    let calls = 0;
    // The first batch is answered 20001 (row 0 refused), the second applied, then the connection is gone for good.
    const dying: TikTokClient = {
      ...client,
      mapAudienceJson: async (input) => {
        calls += 1;
        if (calls === 3) throw new Error('the network is gone');
        const result = await client.mapAudienceJson(input);
        if (calls > 1) return result;
        const failed_rows = [{ index: 0, code: 40002, reason: 'refused' }];
        return { ...result, code: 20001, partial: true, data: { failed_rows } };
      },
    };
    const rows = people(1000, 1040);
    await expect(sync('dies.csv', rows, { client: dying, name, concurrency: 1 })).rejects.toThrow(/network/);
    const state = await loadAudienceState(store, audienceKey([ADV], name));
    expect(state?.pending).not.toBeNull();
    // Only the batch applied in full counts as acknowledged; the partly refused one is uncertain.
    expect(await ackedBatchKeys(store, state!.key, state!.pending!.planId)).toEqual(['add:1']);

    const next = await sync('dies.csv', rows, { client, name, concurrency: 1 });
    expect(next.resumedFromDeadRun).toBe(true);
    // The 10 rows of batch 0 (refused in part) and the 20 never sent go again; batch 1's do not.
    expect(next.added).toBe(60);
    expect(await atTikTok(name)).toEqual(wanted(rows));
  }, 60_000);
});
