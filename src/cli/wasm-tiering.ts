import { setFlagsFromString } from 'node:v8';

/**
 * Commands that run for hours (servers, workers): their embedded store is worth V8's optimising wasm
 * compiler. Every other command is done in seconds.
 */
const LONG_RUNNING: ReadonlySet<string> = new Set(['serve', 'worker', 'demo', 'emulator']);

/** The command `argv` runs: its first word after the script that is not an option. */
export function commandOf(argv: readonly string[]): string | undefined {
  return argv.slice(2).find((arg) => !arg.startsWith('-'));
}

/**
 * Whether V8 should keep the embedded store's WebAssembly (PGlite, ~8.7 MB) on its baseline compiler,
 * Liftoff. V8 starts every wasm function on Liftoff and recompiles the hot ones with TurboFan on background
 * threads; for PGlite's start that recompilation costs a short command ~0.7 s of CPU and ~90 MiB of RSS
 * (docs/benchmarks.md, "Start-up (2026-12-04)") and is only paid back in processes that run for long.
 */
export function baselineWasmOnly(argv: readonly string[]): boolean {
  const command = commandOf(argv);
  return command === undefined || !LONG_RUNNING.has(command);
}

/**
 * Sets V8's wasm tiering for the command of `argv`. Called first thing in the CLI's entry, before any
 * module is compiled: V8 reads the flag when it compiles a module.
 */
export function applyWasmTiering(argv: readonly string[] = process.argv): void {
  if (baselineWasmOnly(argv)) setFlagsFromString('--liftoff-only');
}
