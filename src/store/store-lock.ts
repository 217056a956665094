import { TtadsError } from '../errors.js';
import { readFileSync, unlinkSync } from 'node:fs';
import { mkdir, open, readFile, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';

/** Who holds an embedded store: written into its lock file, shown to whoever else tries to open it. */
export interface StoreLockHolder {
  pid: number;
  /** The ttads command words (`serve`, `apikey create`), never its options: they may hold secrets. */
  command: string;
  host: string;
  since: string;
}

/** A second process tried to open an embedded store that another process has open. */
export class StoreInUseError extends TtadsError {
  override name = 'StoreInUseError';
  constructor(
    readonly lockFile: string,
    readonly holder: StoreLockHolder,
    hint: string,
  ) {
    super(
      `The embedded store ${dirname(lockFile)} is in use by process ${holder.pid} (ttads ${holder.command}) ` +
        `on ${holder.host} since ${holder.since}; one process at a time may open it.`,
      { code: 'store_in_use', kind: 'conflict', hint },
    );
  }
}

/** The lock file of a PGlite data directory: beside it, so PGlite never sees it. */
export function lockFileOf(pgliteDir: string): string {
  return join(dirname(pgliteDir), `${basename(pgliteDir)}.lock`);
}

/** The command words of this process (`serve`, `apikey create`), without options or their values. */
export function commandWords(argv: readonly string[] = process.argv): string {
  const words: string[] = [];
  for (const arg of argv.slice(2)) {
    if (arg.startsWith('-')) break;
    words.push(arg);
  }
  return words.join(' ') || basename(argv[1] ?? 'node');
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readHolder(file: string): Promise<StoreLockHolder | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as StoreLockHolder;
  } catch {
    return undefined;
  }
}

const HINT =
  'If it is `ttads serve`, run the command against it instead: add `--server <its URL>` with an admin key in ' +
  'TTADS_API_KEY (API keys, credentials, destinations, templates, segments, orchestrations, campaigns, ' +
  'workflows), or use its web app. Otherwise stop that process first, or share one PostgreSQL between ' +
  'processes with DATABASE_URL. If no such process runs, delete the lock file.';

/**
 * Takes the exclusive lock of an embedded store: PGlite is one process's database, and two processes writing
 * its files corrupt it or miss each other's changes. A lock left by a process that died (same host, pid gone)
 * is taken over. Answers the release, which removes the lock only while it is still this process's.
 * @throws StoreInUseError naming the process that holds it.
 */
export async function lockStore(pgliteDir: string, command = commandWords()): Promise<() => Promise<void>> {
  const file = lockFileOf(pgliteDir);
  const me: StoreLockHolder = {
    pid: process.pid,
    command,
    host: hostname(),
    since: new Date().toISOString(),
  };
  await mkdir(dirname(file), { recursive: true });
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(JSON.stringify(me));
      await handle.close();
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw err;
      const holder = await readHolder(file);
      const stale =
        holder !== undefined && holder.host === me.host && holder.pid !== me.pid && !alive(holder.pid);
      if (holder && !stale) throw new StoreInUseError(file, holder, HINT);
      // Dead holder, or a file cut short by a crash while it was written: take it over.
      await unlink(file).catch(() => undefined);
    }
  }
  held.set(file, me.since);
  ensureExitHandler();
  return async () => {
    held.delete(file);
    if (ours(file, me.since)) await unlink(file).catch(() => undefined);
  };
}

/** Lock files this process holds, with the `since` that marks them as its own. */
const held = new Map<string, string>();
let exitHandler = false;

function ours(file: string, since: string): boolean {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as StoreLockHolder).since === since;
  } catch {
    return false;
  }
}

/** A process that exits without closing its stores (an uncaught error, process.exit) still frees them. */
function ensureExitHandler(): void {
  if (exitHandler) return;
  exitHandler = true;
  process.on('exit', () => {
    for (const [file, since] of held) if (ours(file, since)) unlinkSync(file);
  });
}
