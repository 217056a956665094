import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';
import ttads from './eslint/no-import-cycle.js';

const root = import.meta.dirname;

/**
 * The layers of docs/architecture.md, top to bottom; a module may import only from the layers below its
 * own (and src/logger.ts and src/errors.ts), never sideways, never up. Of the two faces in src, the CLI builds and starts the
 * server, so src/server never imports src/cli. src/emulator stands apart. src/destinations (one folder per
 * destination: its settings, steps, preview...) sits under the glue and over the workflow engine its steps run
 * in; config, below it, knows a destination only as the plugin it is given.
 */
const LAYERS = [
  ['cli'],
  ['server'],
  ['orchestrations'],
  ['destinations'],
  ['jobs'],
  ['audiences', 'events', 'config'],
  ['sources', 'identity', 'tiktok', 'store'],
];

/** Tests and their helpers: free to import across layers, never imported by production code. */
const TEST_FILES = ['**/*.test.ts', '**/*.test.tsx', '**/*.test-support.ts', 'web/e2e/**'];

/** Only these modules may import the emulator: the `ttads emulator` and `ttads demo` commands. */
const EMULATOR_USERS = ['src/cli/emulator-command.ts', 'src/cli/demo-command.ts'];

const layerZones = LAYERS.flatMap((layer, rank) => {
  const below = LAYERS.slice(rank + 1).flat();
  return layer.map((dir) => ({
    target: `src/${dir}`,
    from: 'src',
    // `except` is relative to `from`. The CLI may name the emulator here; EMULATOR_USERS narrows that below.
    except: [
      `./${dir}`,
      './logger.ts',
      './errors.ts',
      ...below.map((d) => `./${d}`),
      ...(dir === 'cli' ? ['./emulator'] : []),
    ],
    message: `src/${dir} may import only ${below.length ? below.map((d) => `src/${d}`).join(', ') + ' and ' : ''}src/logger.ts, src/errors.ts: imports point down the layers of docs/architecture.md.`,
  }));
});

/** Apply to every file, tests included. */
const independenceZones = [
  {
    target: 'src/emulator',
    from: 'src',
    except: ['./emulator', './logger.ts'],
    message: 'src/emulator imports nothing of the product (src/logger.ts aside): it stands in for TikTok.',
  },
  {
    target: ['web/*.{ts,tsx}', 'web/!(e2e)/**'],
    from: 'src',
    message: 'the web app (web/, but web/e2e) talks to the HTTP API only and imports nothing from src/.',
  },
  {
    target: 'src/logger.ts',
    from: 'src',
    except: ['./logger.ts'],
    message: 'src/logger.ts is used by every layer and imports none.',
  },
  {
    target: 'src/errors.ts',
    from: 'src',
    except: ['./errors.ts'],
    message: 'src/errors.ts is used by every layer and imports none.',
  },
];

/** Production code only. */
const productionZones = [
  ...layerZones,
  ...independenceZones,
  {
    target: `src/cli/**/!(${EMULATOR_USERS.map((f) => f.replace(/^src\/cli\/|\.ts$/g, '')).join('|')}).ts`,
    from: 'src/emulator',
    message: 'only the emulator and demo commands may use src/emulator.',
  },
  {
    target: ['src', 'web'],
    from: TEST_FILES.filter((f) => !f.startsWith('web/e2e')),
    message: 'production code must not depend on tests or test helpers (*.test-support.ts).',
  },
  {
    target: ['src', 'web/*.{ts,tsx}', 'web/!(e2e)/**'],
    from: 'web/e2e/**',
    message: 'web/e2e is test code.',
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'web/dist/**', 'bin/**', '.ttads/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  // The architecture (docs/architecture.md): layers, the emulator apart, no import cycles.
  {
    files: ['src/**/*.ts', 'web/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX, ttads },
    settings: {
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: ['tsconfig.json', 'web/tsconfig.json', 'web/e2e/tsconfig.json'].map((p) => `${root}/${p}`),
          noWarnOnMultipleProjects: true,
        }),
      ],
    },
    rules: {
      'ttads/no-import-cycle': 'error',
      'import-x/no-restricted-paths': ['error', { basePath: root, zones: independenceZones }],
    },
  },
  {
    files: ['src/**/*.ts', 'web/**/*.{ts,tsx}'],
    ignores: TEST_FILES,
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: root, zones: productionZones }],
    },
  },
  // Only the faces read the environment; everything below gets the values passed in.
  {
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**', 'src/server/**', ...TEST_FILES],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message:
            'only the faces (src/cli, src/server) read the environment: take the value as a parameter.',
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: ['process', 'node:process'].map((name) => ({
            name,
            importNames: ['env'],
            message:
              'only the faces (src/cli, src/server) read the environment: take the value as a parameter.',
          })),
        },
      ],
    },
  },
);
