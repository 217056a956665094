import { existsSync } from 'node:fs';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMULATOR_DEFAULTS, type RunningEmulator } from '../emulator/index.js';
import { daysAgo, EVENT_SET_ID, startTestEmulator, writeCsv } from '../events/events.test-support.js';
import type { Store } from '../store/store.js';
import { openTestStore, randomSchemaName } from '../store/store.test-support.js';
import {
  ADV,
  audienceEmails,
  emulatorStats,
  runTtads,
  schemaUrl,
  sha,
  slowAnswers,
  type Ran,
} from './machines.test-support.js';

const NAME = 'Shared buyers';

/**
 * Three "machines" (ttads processes, each with its own data directory) on one PostgreSQL: runs of one
 * audience and one event set move between them, are killed with SIGKILL and start two at once. Whatever
 * machine runs next, the audience at TikTok equals the query and no acknowledged event is sent again.
 */
describe('one audience and one event set run from several machines on one PostgreSQL', () => {
  let emulator: RunningEmulator;
  let dir: string;
  let store: Store;
  const schema = randomSchemaName();

  beforeAll(async () => {
    emulator = await startTestEmulator();
    dir = await mkdtemp(join(tmpdir(), 'ttads-machines-'));
    store = await openTestStore('postgres', { schema });
  });
  afterAll(async () => {
    await emulator.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  const machine = (n: number): NodeJS.ProcessEnv => ({
    TIKTOK_ACCESS_TOKEN: EMULATOR_DEFAULTS.tokens.operator,
    TTADS_DATA_DIR: join(dir, `machine-${n}`),
    DATABASE_URL: schemaUrl(schema),
  });
  /**
   * Runs `fn` with only the disks of machines `ns` in place: the others' data directories are moved away
   * meanwhile (all machines share this test's file system, where another's absolute paths would resolve).
   */
  async function only<T>(ns: number[], fn: () => Promise<T>): Promise<T> {
    const away = [1, 2, 3].filter((k) => !ns.includes(k) && existsSync(join(dir, `machine-${k}`)));
    for (const k of away) await rename(join(dir, `machine-${k}`), join(dir, `away-${k}`));
    try {
      return await fn();
    } finally {
      for (const k of away) await rename(join(dir, `away-${k}`), join(dir, `machine-${k}`));
    }
  }
  const syncOn = (n: number, source: string, killWhen?: () => Promise<boolean>): Promise<Ran> =>
    runTtads(
      ['audience', 'sync', '--source', source, '--advertiser-id', ADV, '--audience-name', NAME].concat([
        '--batch-size',
        '50',
        '--api-url',
        emulator.url,
        '--concurrency',
        '1',
        '--rps',
        '1000',
        '--json',
      ]),
      machine(n),
      killWhen,
    );

  const sync = (n: number, source: string, killWhen?: () => Promise<boolean>): Promise<Ran> =>
    only([n], () => syncOn(n, source, killWhen));

  async function customers(file: string, people: string[]): Promise<string> {
    const path = join(dir, file);
    await writeFile(path, ['email', ...people].join('\n'));
    return path;
  }
  const person = (i: number): string => `c${i}@x.test`;
  const range = (from: number, to: number): string[] =>
    Array.from({ length: to - from }, (_, i) => person(from + i));
  const report = (ran: Ran): Record<string, unknown> => JSON.parse(ran.stdout) as Record<string, unknown>;

  it('re-syncs on machine 2 what machine 1 synced, resumes on machine 1 what machine 3 died running, and serialises two at once', async () => {
    // The scenario: synced on machine 1, then 10% removed and 5% added, re-synced on machine 2.
    const first = range(0, 2000);
    const first1 = await sync(1, await customers('v1.csv', first));
    expect(first1.code, first1.stderr).toBe(0);
    expect(await audienceEmails(emulator, NAME)).toEqual(first.map(sha).sort());
    const second = range(200, 2100);
    const onTwo = await sync(2, await customers('v2.csv', second));
    expect(onTwo.code, onTwo.stderr).toBe(0);
    expect(report(onTwo)).toMatchObject({ added: 100, removed: 200, status: 'succeeded' });
    expect(await audienceEmails(emulator, NAME)).toEqual(second.map(sha).sort());

    // Machine 3 is killed half way through; machine 1 resumes from what TikTok acknowledged to machine 3.
    const third = range(1000, 2600);
    const v3 = await customers('v3.csv', third);
    await slowAnswers(emulator, 100);
    const before = (await emulatorStats(emulator)).mapping_rows_received;
    const killed = await sync(
      3,
      v3,
      async () => (await emulatorStats(emulator)).mapping_rows_received >= before + 150,
    );
    expect(killed.signal).toBe('SIGKILL');
    await slowAnswers(emulator, 0);
    // A machine's disk may vanish: machine 3 comes back without its data directory.
    await rm(join(dir, 'machine-3'), { recursive: true, force: true });
    const resumed = await sync(1, v3);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(report(resumed)).toMatchObject({ resumedFromDeadRun: true, status: 'succeeded' });
    expect(await audienceEmails(emulator, NAME)).toEqual(third.map(sha).sort());

    // Two machines at once: one waits for the other, saying so; the audience still equals the query.
    const fourth = range(2300, 3000);
    const v4 = await customers('v4.csv', fourth);
    await slowAnswers(emulator, 60);
    const [a, b] = await only([2, 3], () => Promise.all([syncOn(2, v4), syncOn(3, v4)]));
    await slowAnswers(emulator, 0);
    expect([a.code, b.code], a.stderr + b.stderr).toEqual([0, 0]);
    expect(a.stderr + b.stderr).toMatch(/waiting for run [\w-]+ on host .+ to finish/);
    const sent = [report(a), report(b)].map((r) => Number(r.identifiersSent)).sort((x, y) => x - y);
    expect(sent[0]).toBe(0);
    expect(await audienceEmails(emulator, NAME)).toEqual(fourth.map(sha).sort());
    // No machine keeps a snapshot or plan on its disk: they are blobs of the store.
    const blobs = await store.query<{ name: string }>(`SELECT name FROM blobs WHERE name LIKE 'audiences/%'`);
    expect(blobs.map((r) => r.name)).toHaveLength(1);
    expect(blobs[0]?.name).toMatch(/\/snapshot-v\d+\.parquet$/);
  }, 600_000);

  const sendOn = (n: number, source: string, killWhen?: () => Promise<boolean>): Promise<Ran> =>
    runTtads(
      [
        'events',
        'send',
        '--source',
        source,
        '--event-set-id',
        EVENT_SET_ID,
        '--api-url',
        emulator.url,
      ].concat(['--batch-size', '20', '--concurrency', '1', '--rps', '1000', '--json']),
      machine(n),
      killWhen,
    );
  const send = (n: number, source: string, killWhen?: () => Promise<boolean>): Promise<Ran> =>
    only([n], () => sendOn(n, source, killWhen));
  async function eventsFile(file: string, from: number, to: number): Promise<string> {
    const path = join(dir, file);
    const rows = Array.from({ length: to - from }, (_, i) => ({
      event_id: `order-${from + i}`,
      email: person(from + i),
      event: 'Purchase',
      timestamp: daysAgo(1),
    }));
    await writeCsv(path, ['event_id', 'email', 'event', 'timestamp'], rows);
    return path;
  }
  const received = async (): Promise<number> => (await emulatorStats(emulator)).events_received;
  const journaled = async (): Promise<number> =>
    Number((await store.queryOne<{ n: number }>('SELECT count(*) AS n FROM event_journal'))?.n ?? 0);

  it('never sends again, from any machine, an event another machine got acknowledged', async () => {
    const file = await eventsFile('events-1.csv', 0, 300);
    const one = await send(1, file);
    expect(one.code, one.stderr).toBe(0);
    expect(report(one)).toMatchObject({ acknowledged: 300, alreadySent: 0 });
    const afterOne = await received();
    const two = await send(2, file);
    expect(two.code, two.stderr).toBe(0);
    expect(report(two)).toMatchObject({ acknowledged: 0, alreadySent: 300 });
    expect(await received()).toBe(afterOne);

    // Killed on machine 3 after some requests; machine 1 sends only what no machine had acknowledged.
    const more = await eventsFile('events-2.csv', 0, 600);
    await slowAnswers(emulator, 80);
    const killed = await send(3, more, async () => (await received()) >= afterOne + 100);
    expect(killed.signal).toBe('SIGKILL');
    await slowAnswers(emulator, 0);
    const known = await journaled();
    // At least what TikTok had received at the kill, but the request in flight (20 events), is journaled.
    expect(known).toBeGreaterThanOrEqual(380);
    expect(known).toBeLessThan(600);
    const beforeResume = await received();
    const resumed = await send(1, more);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(report(resumed)).toMatchObject({ alreadySent: known, acknowledged: 600 - known });
    expect((await received()) - beforeResume).toBe(600 - known);

    // Two machines at once: one waits; together they send each new event exactly once.
    const third = await eventsFile('events-3.csv', 600, 900);
    await slowAnswers(emulator, 60);
    const beforePair = await received();
    const [a, b] = await only([2, 3], () => Promise.all([sendOn(2, third), sendOn(3, third)]));
    await slowAnswers(emulator, 0);
    expect([a.code, b.code], a.stderr + b.stderr).toEqual([0, 0]);
    expect(a.stderr + b.stderr).toMatch(/waiting for run [\w-]+ on host .+ to finish/);
    expect((await received()) - beforePair).toBe(300);
    expect([report(a).acknowledged, report(b).acknowledged].sort()).toEqual([0, 300]);
    expect(await journaled()).toBe(900);
  }, 600_000);
});
