import { appendFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventJournal, JournalLockedError, journalKey, type JournalEntry } from './journal.js';
import { tempDir } from './events.test-support.js';

let dir: { path: string; remove: () => Promise<void> };
beforeAll(async () => {
  dir = await tempDir();
});
afterAll(async () => {
  await dir.remove();
});

const entry = (eventId: string, eventTime = 1_700_000_000, event = 'Purchase'): JournalEntry => ({
  eventSourceId: '7300000000000000001',
  eventId,
  event,
  eventTime,
});

describe('EventJournal', () => {
  it('remembers acknowledged events across opens, by source id, event id and event name', async () => {
    const path = join(dir.path, 'a');
    const journal = await EventJournal.open(path);
    await journal.startRun('run-1');
    await journal.append([entry('o1'), entry('o2')]);
    await journal.append([entry('o3', 1_700_000_100, 'Lead')]);
    expect(await journal.count()).toBe(3);
    await journal.close();

    const reopened = await EventJournal.open(path);
    const keys = await reopened.loadKeys(0);
    expect(keys.size).toBe(3);
    expect(keys.has(journalKey(entry('o1')))).toBe(true);
    expect(keys.has(journalKey(entry('o3', 0, 'Lead')))).toBe(true);
    expect(keys.has(journalKey(entry('o3')))).toBe(false);
    expect((await reopened.loadKeys(1_700_000_050)).size).toBe(1);
    expect((await readdir(path)).filter((name) => name.endsWith('.log'))).toEqual([]);
    await reopened.close();
  });

  it('folds the log of a run that died, ignoring a last line cut short', async () => {
    const path = join(dir.path, 'b');
    const journal = await EventJournal.open(path);
    await journal.startRun('dead-run');
    await journal.append([entry('kept')]);
    // The process died while writing its next line: no close(), and half a line at the end.
    await appendFile(join(path, 'acknowledged-dead-run.log'), '7300000000000000001\tcut');
    await journal.close();
    const reopened = await EventJournal.open(path);
    const keys = await reopened.loadKeys(0);
    expect(keys.size).toBe(1);
    expect(keys.has(journalKey(entry('kept')))).toBe(true);
    await reopened.close();
  });

  it('forgets events older than asked', async () => {
    const path = join(dir.path, 'c');
    const first = await EventJournal.open(path);
    await first.startRun('r');
    await first.append([entry('old', 100), entry('new', 2_000)]);
    await first.close();
    const journal = await EventJournal.open(path);
    expect(await journal.prune(1_000)).toBe(1);
    expect((await journal.loadKeys(0)).size).toBe(1);
    await journal.close();
  });

  it('can be opened once in a process, and again once closed', async () => {
    const path = join(dir.path, 'e');
    const journal = await EventJournal.open(path);
    await expect(EventJournal.open(path)).rejects.toBeInstanceOf(JournalLockedError);
    await journal.close();
    await (await EventJournal.open(path)).close();
  });

  it('can be opened by one process at a time', async () => {
    const path = join(dir.path, 'd');
    const journal = await EventJournal.open(path);
    const { code, stderr } = await openInChild(path);
    expect(stderr).toContain(JournalLockedError.name);
    expect(code).not.toBe(0);
    await journal.close();
  });
});

async function openInChild(path: string): Promise<{ code: number | null; stderr: string }> {
  const { spawn } = await import('node:child_process');
  const script = `import { EventJournal } from ${JSON.stringify(join(import.meta.dirname, 'journal.ts'))};
    await EventJournal.open(${JSON.stringify(path)});`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
}
