import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { InvalidSettingError, type Settings } from './settings.js';

/** The directory `serve` and `worker` read sources from when TTADS_SOURCE_ROOTS is unset. */
export const DEFAULT_SOURCES_DIRECTORY = 'sources';

/**
 * The source root of a server or worker when none is configured: a `sources` directory beside the data
 * directory (`./.ttads` -> `./sources`). Never the data directory itself (a sibling cannot hold it): it holds
 * the secret key, the store and other audiences' files, which a source query must not read.
 * @throws InvalidSettingError when that directory would be (or hold) the data directory
 */
export function defaultSourceRoot(dataDir: string): string {
  const data = resolve(dataDir);
  const root = join(dirname(data), DEFAULT_SOURCES_DIRECTORY);
  if (root === data) {
    throw new InvalidSettingError(
      `the data directory ${data} is named "${DEFAULT_SOURCES_DIRECTORY}", where sources are read by default: ` +
        'set TTADS_SOURCE_ROOTS to the directories of your exports, or move the data directory',
    );
  }
  return root;
}

/**
 * The settings of a process that serves other people (`ttads serve`, `ttads worker`): DuckDB is always
 * confined, to TTADS_SOURCE_ROOTS or else to {@link defaultSourceRoot}, which is created when missing.
 * The CLI's one-off commands keep the unrestricted default: they run as the person at the keyboard.
 */
export function confinedSettings(settings: Settings): Settings {
  if (settings.sourceRoots) return settings;
  const root = defaultSourceRoot(settings.dataDir);
  mkdirSync(root, { recursive: true });
  return { ...settings, sourceRoots: [root] };
}
