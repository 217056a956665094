// The CLI bundled by esbuild (issue 15, start-up): ~550 ES modules of ttads and its dependencies cost ~0.5 s
// of CPU to resolve, read and link at every command; one file and a few lazily loaded chunks cost a fraction.
// `npm run build` writes dist/bundle/ (bin/ttads.js runs it); `npm run ttads` keeps running the sources via tsx.
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';

/** The repository root. */
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Where `npm run build` puts the bundle: two levels below the root, like dist/<dir>/ of tsc. */
export const CLI_BUNDLE_DIR = fileURLToPath(new URL('../dist/bundle/', import.meta.url));

/**
 * Left out of the bundle and imported from node_modules at run time: the packages with native or wasm
 * parts that find them beside their own files.
 */
export const BUNDLE_EXTERNALS: readonly string[] = ['@electric-sql/pglite', '@duckdb/node-api', 'pg-native'];

/**
 * CommonJS dependencies (pg, pino, prom-client) call `require` for Node's built-in modules, which an ES
 * module bundle has not got; this gives them one.
 */
const REQUIRE_SHIM =
  "import { createRequire as __ttadsCreateRequire } from 'node:module';\n" +
  'const require = __ttadsCreateRequire(import.meta.url);';

/**
 * Bundles the CLI into `outdir` (emptied first): `ttads.js`, its lazily imported chunks (the server, the
 * emulator, ...) and `pool-worker.js`, the hashing thread `src/identity/pool.ts` starts from the directory of
 * the module that runs it. Modules that find files from `import.meta.url` (migrations, the store image, the
 * web app) look two levels up, so `outdir` must sit two levels below the repository root.
 * @returns esbuild's metafile: which inputs went into which output.
 */
export async function bundleCli(outdir: string = CLI_BUNDLE_DIR): Promise<Metafile> {
  await rm(outdir, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { ttads: 'src/cli/main.ts', 'pool-worker': 'src/identity/pool-worker.ts' },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    chunkNames: 'chunk-[hash]',
    external: [...BUNDLE_EXTERNALS],
    banner: { js: REQUIRE_SHIM },
    // Whitespace and syntax only: names stay, so classes and functions keep theirs (error names, stacks).
    // V8 keeps every loaded module's source in memory: ~1 MiB less source is ~3 MiB less RSS.
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
  });
  return result.metafile;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const meta = await bundleCli();
  const bytes = Object.entries(meta.outputs)
    .filter(([file]) => file.endsWith('.js'))
    .reduce((sum, [, out]) => sum + out.bytes, 0);
  process.stdout.write(`cli bundle: ${CLI_BUNDLE_DIR} (${(bytes / 1048576).toFixed(1)} MiB of JavaScript)\n`);
}
