import { setFlagsFromString } from 'node:v8';

/**
 * Commands that run for hours (servers, workers): worth V8's optimising wasm compiler and the embedded store's
 * full cache. Every other command is done in seconds.
 */
const LONG_RUNNING: ReadonlySet<string> = new Set(['serve', 'worker', 'demo', 'emulator']);

/** Set by {@link tuneForCommand}: whether this process runs a short command. */
let shortCommand = false;

/** The command `argv` runs: its first word after the script that is not an option. */
export function commandOf(argv: readonly string[]): string | undefined {
  return argv.slice(2).find((arg) => !arg.startsWith('-'));
}

/** Whether `argv` runs a command that is done in seconds (help and version included). */
export function isShortCommand(argv: readonly string[]): boolean {
  const command = commandOf(argv);
  return command === undefined || !LONG_RUNNING.has(command);
}

/**
 * Tunes this process for the command of `argv`; the CLI's entry calls it first, before any module is
 * compiled (V8 reads its flags when it compiles one). A short command keeps the embedded store's
 * WebAssembly (PGlite, ~8.7 MB) on V8's baseline compiler, Liftoff: V8 starts every wasm function there and
 * recompiles the hot ones with TurboFan on background threads, which costs a short command ~0.7 s of CPU
 * and ~90 MiB of RSS while PGlite starts and only pays back in processes that run for long
 * (docs/benchmarks.md, "Start-up (2026-12-04)"). It also opens the store with the lean cache.
 */
export function tuneForCommand(argv: readonly string[] = process.argv): void {
  shortCommand = isShortCommand(argv);
  if (shortCommand) setFlagsFromString('--liftoff-only');
}

/** Whether the store should be opened lean: in a short command, once {@link tuneForCommand} said so. */
export function leanStore(): boolean {
  return shortCommand;
}
