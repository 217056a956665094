import cliProgress from 'cli-progress';
import { TtadsError } from '../errors.js';

/** What a failed command prints: the problem, and what to do about it. */
export interface FailureText {
  message: string;
  hint?: string | undefined;
  exitCode: number;
}

/**
 * Turns any error into the text a user sees. A {@link TtadsError} says its exit code (from its kind: 2 for
 * input or settings to fix, 3 for credentials or permissions, 4 for TikTok unavailable after retries) and
 * hint; anything else is unexpected: exit code 1.
 */
export function describeFailure(err: unknown): FailureText {
  if (err instanceof TtadsError) return { message: err.message, hint: err.hint, exitCode: err.exitCode };
  // Engines check their numeric options with RangeError (a batch size, a limit): an input to fix.
  if (err instanceof RangeError) return { message: err.message, exitCode: 2 };
  if (err instanceof Error) return { message: err.message, exitCode: 1 };
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
  /** `total`: a new total (a pipelined sync knows its batches as it plans them). */
  update(done: number, label?: string, total?: number): void;
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
    update(done, label, total) {
      if (running && total !== undefined) bar.setTotal(Math.max(total, 1));
      if (running) bar.update(done, label ? { label } : undefined);
    },
    stop() {
      if (running) bar.stop();
      running = false;
    },
  };
}
