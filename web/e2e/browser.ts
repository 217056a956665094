import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where the browser tests' Chromium comes from, and what it needs in its environment. */
export interface ChromiumChoice {
  executablePath: string;
  /** `debian` (the system package), `bundled` (the one `npm install` brought) or `env` (TTADS_CHROMIUM). */
  origin: 'env' | 'debian' | 'bundled';
  /** Extra environment for the browser process (the bundled one brings its own fonts). */
  env: Record<string, string>;
}

/** Debian's Chromium package installs here. */
export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/**
 * Finds a Chromium for the browser tests: `TTADS_CHROMIUM` when set, Debian's when installed, otherwise the
 * Chromium shipped inside the `@sparticuz/chromium` npm package (brotli archives in the package, unpacked to the
 * temporary directory on first use, never downloaded). Never answers "none": the tests must run, not be skipped.
 */
export async function findChromium(env: NodeJS.ProcessEnv = process.env): Promise<ChromiumChoice> {
  const override = env.TTADS_CHROMIUM;
  if (override) {
    if (!existsSync(override)) throw new Error(`TTADS_CHROMIUM=${override} does not exist`);
    return { executablePath: override, origin: 'env', env: {} };
  }
  if (existsSync(DEBIAN_CHROMIUM)) return { executablePath: DEBIAN_CHROMIUM, origin: 'debian', env: {} };
  const { default: bundled } = await import('@sparticuz/chromium');
  // WebGL is not needed by the web app; skipping it leaves SwiftShader packed.
  bundled.setGraphicsMode = false;
  const executablePath = await bundled.executablePath();
  // The package's fonts.conf lists <tmpdir>/fonts, where its fonts are unpacked beside the binary.
  return { executablePath, origin: 'bundled', env: { FONTCONFIG_PATH: join(tmpdir(), 'fonts') } };
}
