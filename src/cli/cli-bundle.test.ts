import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_EXTERNALS, bundleCli } from '../../scripts/cli-bundle.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

/** The outputs a module loads before running, following static imports only (dynamic ones stay lazy). */
function staticClosure(meta: Metafile, entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const imp of meta.outputs[file]?.imports ?? [])
      if (imp.kind === 'import-statement' && !imp.external) visit(imp.path);
  };
  visit(entry);
  return seen;
}

const inputsOf = (meta: Metafile, outputs: Iterable<string>): string[] =>
  [...outputs].flatMap((o) => Object.keys(meta.outputs[o]?.inputs ?? {}));

describe('the bundled CLI', () => {
  // Two levels below the root, as dist/bundle/ is: the bundle finds migrations and the store image from there.
  const outdir = join(ROOT, 'dist', `bundle-test-${process.pid}`);
  const work = mkdtempSync(join(tmpdir(), 'ttads-bundle-test-'));
  let meta: Metafile;
  let entry: string;

  beforeAll(async () => {
    meta = await bundleCli(outdir);
    entry = Object.keys(meta.outputs).find((o) => basename(o) === 'ttads.js')!;
  });
  afterAll(() => {
    rmSync(outdir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it('runs a store command on a new data directory and again on the existing one', async () => {
    const env = { ...process.env, TTADS_DATA_DIR: join(work, 'data'), TTADS_LOG_LEVEL: 'warn' };
    for (let i = 0; i < 2; i++) {
      const { stdout } = await run(
        process.execPath,
        [join(outdir, 'ttads.js'), 'destinations', 'list', '--json'],
        {
          env,
          cwd: work,
        },
      );
      expect(JSON.parse(stdout)).toEqual([]);
    }
    expect(existsSync(join(work, 'data', 'db', 'PG_VERSION'))).toBe(true);
  });

  it('prints help without opening a store', async () => {
    const { stdout } = await run(process.execPath, [join(outdir, 'ttads.js'), 'audience', 'sync', '--help'], {
      env: { ...process.env, TTADS_DATA_DIR: join(work, 'help') },
      cwd: work,
    });
    expect(stdout).toContain('--source');
    expect(existsSync(join(work, 'help'))).toBe(false);
  });

  it('leaves the native and wasm packages out of the bundle', () => {
    const bundled = Object.keys(meta.inputs);
    for (const pkg of BUNDLE_EXTERNALS)
      expect(bundled.some((i) => i.includes(`node_modules/${pkg}/`))).toBe(false);
    expect(bundled.some((i) => i.includes('node_modules/zod/'))).toBe(true);
  });

  it('loads the server, the emulator and pg-boss only when a command needs them', () => {
    const eager = inputsOf(meta, staticClosure(meta, entry));
    expect(eager).toContain('src/cli/program.ts');
    for (const lazy of [
      'src/emulator/index.ts',
      'src/cli/server-app.ts',
      'node_modules/pg-boss/dist/index.js',
    ]) {
      expect(Object.keys(meta.inputs)).toContain(lazy);
      expect(eager).not.toContain(lazy);
    }
  });

  it('puts the hashing worker beside every chunk that starts it', () => {
    expect(existsSync(join(outdir, 'pool-worker.js'))).toBe(true);
    const starters = Object.keys(meta.outputs).filter((o) => meta.outputs[o]?.inputs['src/identity/pool.ts']);
    for (const o of starters) expect(relative(outdir, join(ROOT, dirname(o)))).toBe('');
  });
});
