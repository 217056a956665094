import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from './open.js';
import { commandWords, lockFileOf, lockStore, StoreInUseError } from './store-lock.js';

describe('one process per embedded store', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ttads-lock-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('records the command words only, never options that may hold secrets', () => {
    expect(commandWords(['node', 'ttads', 'apikey', 'create', '--name', 'ops'])).toBe('apikey create');
    expect(commandWords(['node', 'ttads', 'serve', '--access-token', 'SECRET'])).toBe('serve');
  });

  it("refuses a store another live process holds, naming it and what to do, and leaves the holder's lock", async () => {
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)']);
    try {
      const db = join(dir, 'db');
      const holder = {
        pid: sleeper.pid,
        command: 'serve',
        host: hostname(),
        since: '2026-12-03T10:00:00.000Z',
      };
      await writeFile(lockFileOf(db), JSON.stringify(holder));
      const err = await openStore({ dataDir: db }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreInUseError);
      expect((err as StoreInUseError).message).toBe(
        `The embedded store ${dir} is in use by process ${sleeper.pid} (ttads serve) on ${hostname()} since ` +
          '2026-12-03T10:00:00.000Z; one process at a time may open it.',
      );
      expect((err as StoreInUseError).hint).toMatch(/DATABASE_URL/);
      expect((err as StoreInUseError).exitCode).toBe(2);
      expect(JSON.parse(await readFile(lockFileOf(db), 'utf8'))).toEqual(holder);
      expect(existsSync(join(db, 'PG_VERSION'))).toBe(false);
    } finally {
      sleeper.kill();
    }
  });

  it('takes over the lock of a process that died, and frees it on close so the next process opens it', async () => {
    const gone = spawn(process.execPath, ['-e', '0']);
    await new Promise((resolve) => gone.once('exit', resolve));
    const db = join(dir, 'db');
    await writeFile(lockFileOf(db), JSON.stringify({ pid: gone.pid, command: 'serve', host: hostname() }));
    const store = await openStore({ dataDir: db });
    expect(JSON.parse(await readFile(lockFileOf(db), 'utf8'))).toMatchObject({ pid: process.pid });
    await expect(lockStore(db, 'apikey create')).rejects.toThrow(/in use by process/);
    await store.close();
    expect(existsSync(lockFileOf(db))).toBe(false);
    const again = await openStore({ dataDir: db });
    await again.close();
  });
});
