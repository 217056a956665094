import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../emulator/index.js';
import {
  daysAgo,
  emulatorEvents,
  EVENT_SET_ID,
  eventsReceived,
  OPERATOR_TOKEN,
  PIXEL_CODE,
  startTestEmulator,
  tempDir,
  writeCsv,
} from '../events/events.test-support.js';
import { buildProgram } from './program.js';
import { formatReport } from './events-command.js';

const MAIN = join(import.meta.dirname, 'main.ts');

interface Ran {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `ttads events send` in a child process; `killWhen` decides when to kill -9 it. */
function runSend(args: string[], env: NodeJS.ProcessEnv, killWhen?: () => Promise<boolean>): Promise<Ran> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'events', 'send', ...args], {
    env: { ...process.env, TTADS_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = killWhen
    ? setInterval(() => {
        void killWhen().then((kill) => {
          if (kill && child.exitCode === null) child.kill('SIGKILL');
        });
      }, 20)
    : undefined;
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      clearInterval(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

describe('ttads events send', () => {
  let emulator: RunningEmulator;
  let dir: { path: string; remove: () => Promise<void> };
  beforeEach(async () => {
    emulator = await startTestEmulator();
    dir = await tempDir();
  });
  afterEach(async () => {
    await emulator.close();
    await dir.remove();
  });

  const env = () => ({ TIKTOK_ACCESS_TOKEN: OPERATOR_TOKEN, TTADS_DATA_DIR: join(dir.path, 'data') });
  const args = (source: string, ...more: string[]) => [
    '--source',
    source,
    '--event-set-id',
    EVENT_SET_ID,
    '--api-url',
    emulator.url,
    '--rps',
    '1000',
    '--json',
    ...more,
  ];

  it('sends a file, prints the report as JSON, writes the rejects, then sends nothing twice', async () => {
    const file = join(dir.path, 'events.csv');
    await writeCsv(
      file,
      ['event_id', 'email', 'event', 'timestamp'],
      [
        { event_id: 'a', email: 'a@example.com', event: 'Purchase', timestamp: daysAgo(2) },
        { event_id: 'b', email: 'broken', event: 'Purchase', timestamp: daysAgo(2) },
        { event_id: 'c', email: 'c@example.com', event: 'Lead', timestamp: daysAgo(3) },
      ],
    );
    const rejects = join(dir.path, 'rejects.csv');
    const first = await runSend(args(file, '--rejects', rejects), env());
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({
      status: 'succeeded',
      acknowledged: 2,
      rejected: { rows: 1, byReason: { email_invalid: 1 } },
    });
    expect((await emulatorEvents(emulator.url)).map((e) => e.event_id).sort()).toEqual(['a', 'c']);
    expect(await readFile(rejects, 'utf8')).toContain('2,email_invalid,email,');

    const again = await runSend(args(file), env());
    expect(JSON.parse(again.stdout)).toMatchObject({ sent: 0, alreadySent: 2, requests: 0 });
    expect(await eventsReceived(emulator.url)).toBe(2);
  }, 60_000);

  it('fails with the credentials hint and exit code 3 when the token is refused', async () => {
    const file = join(dir.path, 'one.csv');
    await writeCsv(
      file,
      ['event_id', 'email', 'event', 'timestamp'],
      [{ event_id: 'a', email: 'a@example.com', event: 'Purchase', timestamp: daysAgo(2) }],
    );
    const ran = await runSend(args(file), { ...env(), TIKTOK_ACCESS_TOKEN: 'revoked-token' });
    expect(ran.code).toBe(3);
    expect(ran.stderr).toMatch(/hint: .*reauthorize/);
    expect(JSON.parse(ran.stdout)).toMatchObject({
      status: 'failed',
      error: { kind: 'invalid_credentials' },
    });
  }, 60_000);

  it('refuses bad settings before reading anything, with exit code 2', async () => {
    const ran = await runSend(args(join(dir.path, 'none.csv'), '--default-region', 'XX'), env());
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(/defaultRegion/);
  }, 60_000);

  it('sends web events by their pixel code alone: --event-set-id with --event-source web, or --pixel-code', async () => {
    const web = (source: string, ...more: string[]) => [
      '--source',
      source,
      '--api-url',
      emulator.url,
      '--rps',
      '1000',
      '--json',
      ...more,
    ];
    const files = ['w1', 'w2'].map((id) => join(dir.path, `${id}.csv`));
    for (const [i, file] of files.entries()) {
      await writeCsv(
        file,
        ['event_id', 'email', 'event', 'timestamp'],
        [{ event_id: `w${i + 1}`, email: 'w@example.com', event: 'ViewContent', timestamp: daysAgo(1) }],
      );
    }
    const bySetId = await runSend(
      web(files[0]!, '--event-source', 'web', '--event-set-id', PIXEL_CODE),
      env(),
    );
    expect(bySetId.stderr).toBe('');
    expect(JSON.parse(bySetId.stdout)).toMatchObject({ acknowledged: 1, rejected: { rows: 0 } });
    const byPixel = await runSend(web(files[1]!, '--pixel-code', PIXEL_CODE), env());
    expect(byPixel.stderr).toBe('');
    expect(JSON.parse(byPixel.stdout)).toMatchObject({ acknowledged: 1, rejected: { rows: 0 } });
    const events = await emulatorEvents(emulator.url);
    expect(events.map((e) => [e.event_id, e.event_source, e.event_source_id]).sort()).toEqual([
      ['w1', 'web', PIXEL_CODE],
      ['w2', 'web', PIXEL_CODE],
    ]);

    // An offline event set id is no pixel: refused before anything is read, saying what is expected.
    const numeric = await runSend(
      web(files[0]!, '--event-source', 'web', '--event-set-id', EVENT_SET_ID),
      env(),
    );
    expect(numeric.code).toBe(2);
    expect(numeric.stderr).toMatch(/event set id is the pixel code/);
  }, 180_000);

  it('resumes after kill -9 without storing any event twice, and a re-run sends nothing', async () => {
    const ids = Array.from({ length: 40 }, (_, i) => `order-${i}`);
    const file = join(dir.path, 'many.csv');
    await writeCsv(
      file,
      ['event_id', 'email', 'event', 'timestamp'],
      ids.map((id, i) => ({
        event_id: id,
        email: `p${i}@example.com`,
        event: 'Purchase',
        timestamp: daysAgo(1),
      })),
    );
    const small = args(file, '--batch-size', '4', '--concurrency', '1');
    await fetch(`${emulator.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ slowRate: 1, slowMs: 100 }),
    });
    const killed = await runSend(small, env(), async () => (await eventsReceived(emulator.url)) >= 12);
    expect(killed.signal).toBe('SIGKILL');
    const beforeResume = await eventsReceived(emulator.url);
    expect(beforeResume).toBeLessThan(40);

    await fetch(`${emulator.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ slowRate: 0 }),
    });
    const resumed = await runSend(small, env());
    expect(resumed.code).toBe(0);
    const report = JSON.parse(resumed.stdout) as { alreadySent: number; acknowledged: number };
    expect(report.alreadySent).toBeGreaterThanOrEqual(beforeResume - 4);
    expect(report.alreadySent + report.acknowledged).toBe(40);
    // Only the one request in flight at the kill may have been sent twice.
    expect((await eventsReceived(emulator.url)) - 40).toBeLessThanOrEqual(4);
    const stored = (await emulatorEvents(emulator.url)).map((e) => e.event_id);
    expect(new Set(stored).size).toBe(stored.length);
    expect(stored.sort()).toEqual([...ids].sort());

    const received = await eventsReceived(emulator.url);
    const rerun = await runSend(small, env());
    expect(JSON.parse(rerun.stdout)).toMatchObject({ sent: 0, alreadySent: 40 });
    expect(await eventsReceived(emulator.url)).toBe(received);
  }, 120_000);
});

describe('events command', () => {
  it('is registered with its options', () => {
    const events = buildProgram().commands.find((c) => c.name() === 'events');
    const send = events?.commands.find((c) => c.name() === 'send');
    const flags = send?.options.map((o) => o.long) ?? [];
    for (const flag of [
      '--source',
      '--event-set-id',
      '--pixel-code',
      '--event-source',
      '--default-region',
      '--time-zone',
      '--event',
      '--test-event-code',
      '--dry-run',
      '--json',
      '--rejects',
      '--api-url',
      '--access-token',
      '--rps',
    ]) {
      expect(flags).toContain(flag);
    }
  });

  it('formats a report for people, with reasons described', () => {
    const text = formatReport({
      runId: 'r1',
      status: 'succeeded',
      dryRun: false,
      source: 'x.csv',
      columns: {},
      rowsRead: 1200,
      duplicateRows: 0,
      eventsBuilt: 1000,
      alreadySent: 0,
      sent: 1000,
      acknowledged: 999,
      conflicts: {},
      rejected: { rows: 200, events: 1, byReason: { email_invalid: 200, tiktok_40002: 1 } },
      requests: 2,
      retries: 0,
      throttled: 0,
      durationMs: 1500,
      eventsPerSecond: 666,
    });
    expect(text).toContain('Events send succeeded (run r1) in 1.5 s');
    expect(text).toMatch(/email_invalid\s+200 {2}The email is neither/);
    expect(text).toMatch(/tiktok_40002\s+1 {2}TikTok refused the event/);
  });
});
