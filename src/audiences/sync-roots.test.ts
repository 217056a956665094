import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EMULATOR_DEFAULTS, startEmulator, type RunningEmulator } from '../emulator/index.js';
import { silentLogger } from '../logger.js';
import { parseSourceArg, SourceError } from '../sources/index.js';
import type { Store } from '../store/store.js';
import { openTestStore } from '../store/store.test-support.js';
import { createTikTokClient, type TikTokClient } from '../tiktok/index.js';
import { parseAudienceSyncOptions } from './options.js';
import { syncAudience } from './sync.js';
import { diesAfterMapping } from './dying-client.test-support.js';

const ADV = EMULATOR_DEFAULTS.advertisers[0].advertiser_id;
const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

describe('audience sync confined to source roots', () => {
  let emulator: RunningEmulator;
  let store: Store;
  let dir: string;
  let elsewhere: string;
  let client: TikTokClient;

  beforeEach(async () => {
    emulator = await startEmulator({ port: 0, rateLimitRps: 0 });
    store = await openTestStore('pglite');
    dir = await mkdtemp(join(tmpdir(), 'ttads-sync-roots-'));
    elsewhere = await mkdtemp(join(tmpdir(), 'ttads-elsewhere-'));
    await mkdir(join(dir, 'exports'));
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
    await rm(elsewhere, { recursive: true, force: true });
  });

  async function csv(folder: string, name: string, rows: string[]): Promise<string> {
    const path = join(folder, name);
    await writeFile(path, ['email,phone', ...rows].join('\n'));
    return path;
  }

  function sync(source: string, via: TikTokClient = client) {
    return syncAudience(
      {
        store,
        client: via,
        logger: silentLogger(),
        dataDir: join(dir, 'data'),
        rejectsDir: join(dir, 'data', 'rejects'),
        concurrency: 2,
        sourceRoots: [join(dir, 'exports')],
      },
      parseSourceArg(source),
      parseAudienceSyncOptions({ advertiserIds: [ADV], audienceName: 'Buyers', batchSize: 2 }),
    );
  }

  async function emails(): Promise<string[]> {
    const res = await fetch(`${emulator.url}/_emulator/audiences?advertiser_id=${ADV}`);
    const body = (await res.json()) as { audiences: { name: string; members: { EMAIL_SHA256: string[] } }[] };
    return [...(body.audiences.find((a) => a.name === 'Buyers')?.members.EMAIL_SHA256 ?? [])].sort();
  }

  it('reads a source inside a root and keeps its snapshots, plans and rejects in the data dir', async () => {
    const rows = ['a@x.test,', 'b@x.test,', 'c@x.test,', 'd@x.test,', 'not-an-email,'];
    // A run that dies after its first batch leaves a plan file that the next run folds in.
    const dying = diesAfterMapping(client, 2);
    await expect(sync(await csv(join(dir, 'exports'), 'a.csv', rows), dying)).rejects.toThrow('process died');
    const report = await sync(await csv(join(dir, 'exports'), 'b.csv', rows.slice(1)));
    expect(report).toMatchObject({ status: 'succeeded', resumedFromDeadRun: true, rowsRead: 4 });
    expect(await emails()).toEqual(['b@x.test', 'c@x.test', 'd@x.test'].map(sha).sort());

    const again = await sync(
      `SELECT * FROM read_csv('${join(dir, 'exports')}/*.csv') WHERE email <> 'd@x.test'`,
    );
    expect(again).toMatchObject({ status: 'succeeded', removed: 1 });
    expect(await emails()).toEqual(['a@x.test', 'b@x.test', 'c@x.test'].map(sha).sort());
    const [audience] = await readdir(join(dir, 'data', 'audiences'));
    expect(
      (await readdir(join(dir, 'data', 'audiences', audience!))).some((f) => f.startsWith('snapshot-v')),
    ).toBe(true);
    const rejects = await readdir(join(dir, 'data', 'rejects'));
    expect(rejects.length).toBeGreaterThan(0);
    expect(await readFile(join(dir, 'data', 'rejects', rejects[0]!), 'utf8')).toContain('not-an-email');
  });

  it('refuses a file outside the roots, or SQL that reads one, with the typed error', async () => {
    const outside = await csv(elsewhere, 'secret.csv', ['secret@x.test,']);
    // The data directory is written by the sync, but only this audience's folder and this run's rejects file are
    // open to DuckDB: not the secret key beside them.
    await mkdir(join(dir, 'data'), { recursive: true });
    await writeFile(join(dir, 'data', 'secret.key'), 'not for sources');
    const key = `SELECT content AS email, '' AS phone FROM read_text('${join(dir, 'data', 'secret.key')}')`;
    for (const source of [
      outside,
      "SELECT content AS email, '' AS phone FROM read_text('/etc/hostname')",
      key,
    ]) {
      const error: unknown = await sync(source).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SourceError);
      expect((error as SourceError).code).toBe('outside_source_roots');
      expect((error as SourceError).message).toContain(
        `Source query reads outside the allowed source directories (TTADS_SOURCE_ROOTS: ${join(dir, 'exports')})`,
      );
    }
    expect(await emails()).toEqual([]);
  });
});
