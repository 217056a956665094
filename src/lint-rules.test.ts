import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The architecture rules of eslint.config.js (docs/architecture.md) bite: each probe is linted as if it were
// a file at that place in the tree. Type-aware rules are off here (the probes are not in a tsconfig); the
// architecture rules do not need types.
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ARCHITECTURE_RULES = new Set([
  'import-x/no-restricted-paths',
  'ttads/no-import-cycle',
  'no-restricted-properties',
  'no-restricted-imports',
]);

let eslint: ESLint;
const cycleDir = join(ROOT, 'src', 'store', `lint-cycle-probe-${process.pid}`);

beforeAll(async () => {
  eslint = new ESLint({
    cwd: ROOT,
    overrideConfigFile: join(ROOT, 'eslint.config.js'),
    overrideConfig: [{ ...tseslint.configs.disableTypeChecked, files: ['**/*.ts', '**/*.tsx'] }],
  });
  await mkdir(cycleDir, { recursive: true });
  await writeFile(join(cycleDir, 'a.ts'), "import type { B } from './b.js';\nexport interface A { b?: B }\n");
  await writeFile(join(cycleDir, 'b.ts'), "import type { A } from './a.js';\nexport interface B { a?: A }\n");
});

afterAll(async () => {
  await rm(cycleDir, { recursive: true, force: true });
});

/** The architecture problems ESLint reports for `code` placed at `path` (relative to the repository). */
async function problems(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, path) });
  expect(result?.messages.filter((m) => m.fatal)).toEqual([]);
  return (result?.messages ?? [])
    .filter((m) => m.ruleId !== null && ARCHITECTURE_RULES.has(m.ruleId))
    .map((m) => `${m.ruleId}: ${m.message}`);
}

describe('the architecture lint rules', () => {
  it('report an upward import, type-only ones too', async () => {
    expect(
      await problems(
        'src/sources/probe.ts',
        "import { createServerApp } from '../server/app.js';\nexport const a = createServerApp;\n",
      ),
    ).toEqual([expect.stringMatching(/^import-x\/no-restricted-paths: .*src\/sources may import only/)]);
    expect(
      await problems(
        'src/jobs/probe.ts',
        "import type { Orchestration } from '../orchestrations/orchestrations-repo.js';\nexport type O = Orchestration;\n",
      ),
    ).toEqual([expect.stringMatching(/no-restricted-paths/)]);
  });

  it('keep destinations between the glue and the engines: config never imports them', async () => {
    expect(
      await problems(
        'src/config/probe.ts',
        "import { builtInDestinations } from '../destinations/index.js';\nexport const d = builtInDestinations;\n",
      ),
    ).toEqual([expect.stringMatching(/^import-x\/no-restricted-paths: .*src\/config may import only/)]);
    expect(
      await problems(
        'src/jobs/probe.ts',
        "import type { DestinationSpec } from '../destinations/types.js';\nexport type D = DestinationSpec;\n",
      ),
    ).toEqual([expect.stringMatching(/no-restricted-paths/)]);
    expect(
      await problems(
        'src/destinations/probe.ts',
        "import { createOrchestration } from '../orchestrations/orchestrations.js';\nexport const c = createOrchestration;\n",
      ),
    ).toEqual([expect.stringMatching(/src\/destinations may import only/)]);
    const down = [
      "import { allRowsRejected } from '../jobs/index.js';",
      "import { syncAudience } from '../audiences/sync.js';",
      "import { ValidationError } from '../config/index.js';",
      'export const all = [allRowsRejected, syncAudience, ValidationError];',
      '',
    ].join('\n');
    expect(await problems('src/destinations/probe.ts', down)).toEqual([]);
    expect(
      await problems(
        'src/orchestrations/probe.ts',
        "import { DestinationRegistry } from '../destinations/index.js';\nexport const r = DestinationRegistry;\n",
      ),
    ).toEqual([]);
  });

  it('report an engine importing another engine', async () => {
    expect(
      await problems(
        'src/audiences/probe.ts',
        "import { REJECT_REASONS } from '../events/index.js';\nexport const r = REJECT_REASONS;\n",
      ),
    ).toEqual([expect.stringMatching(/no-restricted-paths/)]);
  });

  it('keep the emulator apart: it imports no product code, and only its commands import it', async () => {
    expect(
      await problems(
        'src/emulator/probe.ts',
        "import { createTikTokClient } from '../tiktok/index.js';\nexport const c = createTikTokClient;\n",
      ),
    ).toEqual([expect.stringMatching(/src\/emulator imports nothing of the product/)]);
    expect(
      await problems(
        'src/server/probe.ts',
        "import { startEmulator } from '../emulator/index.js';\nexport const s = startEmulator;\n",
      ),
    ).toEqual([expect.stringMatching(/no-restricted-paths/)]);
    expect(
      await problems(
        'src/cli/probe.ts',
        "import { startEmulator } from '../emulator/index.js';\nexport const s = startEmulator;\n",
      ),
    ).toEqual([expect.stringMatching(/only the emulator and demo commands/)]);
  });

  it('keep the web app off src/ and production code off test helpers', async () => {
    expect(
      await problems(
        'web/probe.ts',
        "import { silentLogger } from '../src/logger.js';\nexport const l = silentLogger;\n",
      ),
    ).toEqual([expect.stringMatching(/imports nothing from src/)]);
    expect(
      await problems(
        'web/pages/probe.tsx',
        "import type { Caller } from '../../src/server/routes.js';\nexport type C = Caller;\n",
      ),
    ).toEqual([expect.stringMatching(/imports nothing from src/)]);
    expect(
      await problems(
        'src/store/probe.ts',
        "import { openTestStore } from './store.test-support.js';\nexport const o = openTestStore;\n",
      ),
    ).toEqual([expect.stringMatching(/must not depend on tests or test helpers/)]);
  });

  it('report a two-file cycle, even of type-only imports', async () => {
    expect(
      await problems(
        `src/store/lint-cycle-probe-${process.pid}/a.ts`,
        "import type { B } from './b.js';\nexport interface A { b?: B }\n",
      ),
    ).toEqual([
      expect.stringMatching(
        /^ttads\/no-import-cycle: Import cycle: src\/store\/lint-cycle-probe-\d+\/a\.ts -> .*b\.ts -> .*a\.ts/,
      ),
    ]);
  });

  it('let only the faces read the environment', async () => {
    const read = 'export const url = process.env.SOURCE_DATABASE_URL;\n';
    expect(await problems('src/config/probe.ts', read)).toEqual([
      expect.stringMatching(/no-restricted-properties/),
    ]);
    expect(
      await problems(
        'src/sources/probe.ts',
        "import { env } from 'node:process';\nexport const url = env.X;\n",
      ),
    ).toEqual([expect.stringMatching(/no-restricted-imports/)]);
    expect(await problems('src/cli/probe.ts', read)).toEqual([]);
    expect(await problems('src/server/probe.ts', read)).toEqual([]);
  });

  it('accept imports that point down, the logger, and tests reaching across layers', async () => {
    const down = [
      "import { WorkflowEngine } from '../jobs/index.js';",
      "import { REJECT_REASONS } from '../events/index.js';",
      "import { syncAudience } from '../audiences/sync.js';",
      "import type { Store } from '../store/store.js';",
      "import { silentLogger } from '../logger.js';",
      'export const all = [WorkflowEngine, REJECT_REASONS, syncAudience, silentLogger];',
      'export type S = Store;',
      '',
    ].join('\n');
    expect(await problems('src/orchestrations/probe.ts', down)).toEqual([]);
    expect(
      await problems(
        'src/cli/emulator-command.ts',
        "import { startEmulator } from '../emulator/index.js';\nexport const s = startEmulator;\n",
      ),
    ).toEqual([]);
    expect(
      await problems(
        'src/sources/probe.test.ts',
        "import { runFingerprint } from '../orchestrations/fingerprint.js';\nimport { startEmulator } from '../emulator/index.js';\nexport const all = [runFingerprint, startEmulator];\n",
      ),
    ).toEqual([]);
    expect(
      await problems(
        'web/e2e/probe.ts',
        "import { silentLogger } from '../../src/logger.js';\nexport const l = silentLogger;\n",
      ),
    ).toEqual([]);
  });
});
