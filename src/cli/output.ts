import cliProgress from 'cli-progress';
import { InvalidSettingError } from '../config/settings.js';
import { TikTokApiError } from '../tiktok/index.js';

/** What a failed command prints: the problem, and what to do about it. */
export interface FailureText {
  message: string;
  hint?: string | undefined;
  exitCode: number;
}

/**
 * Turns any error into the text a user sees. Exit codes: 2 for input or settings the user must fix,
 * 3 for credentials or permissions, 4 for TikTok being unavailable after retries, 1 otherwise.
 */
export function describeFailure(err: unknown): FailureText {
  if (err instanceof TikTokApiError) {
    const exitCode =
      err.action === 'retry' ? 4 : err.action === 'reauthorize' || err.action === 'fix_permissions' ? 3 : 2;
    const requestId = err.requestId ? ` (request id ${err.requestId})` : '';
    return { message: `${err.message}${requestId}`, hint: err.hint, exitCode };
  }
  if (err instanceof InvalidSettingError) return { message: err.message, exitCode: 2 };
  const named = err as { name?: string; message?: string; hint?: string; exitCode?: number } | undefined;
  if (named && typeof named.message === 'string') {
    const userError = /Error$/.test(named.name ?? '') && named.name !== 'Error' && named.name !== 'TypeError';
    return { message: named.message, hint: named.hint, exitCode: named.exitCode ?? (userError ? 2 : 1) };
  }
  return { message: String(err), exitCode: 1 };
}

/** Prints the failure to stderr and sets the exit code; never throws. */
export function reportFailure(err: unknown, stderr: NodeJS.WritableStream = process.stderr): void {
  const failure = describeFailure(err);
  stderr.write(`ttads: ${failure.message}\n`);
  if (failure.hint) stderr.write(`hint: ${failure.hint}\n`);
  process.exitCode = failure.exitCode;
}

/** A progress display: a bar on a terminal, nothing otherwise (logs and `--json` stay clean). */
export interface Progress {
  start(total: number, label: string): void;
  update(done: number, label?: string): void;
  stop(): void;
}

/** A real progress bar on stderr when it is a TTY and not disabled. */
export function createProgress(enabled = process.stderr.isTTY): Progress {
  if (!enabled) return { start: () => undefined, update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: '{label} [{bar}] {percentage}% | {value}/{total} | ETA {eta_formatted}',
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  let running = false;
  return {
    start(total, label) {
      if (running) bar.stop();
      bar.start(Math.max(total, 1), 0, { label });
      running = true;
    },
    update(done, label) {
      if (running) bar.update(done, label ? { label } : undefined);
    },
    stop() {
      if (running) bar.stop();
      running = false;
    },
  };
}
