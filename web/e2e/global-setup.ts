import type { TestProject } from 'vitest/node';
import { findChromium, type ChromiumChoice } from './browser.js';
import { ensureWebBuilt } from './web-build.js';

declare module 'vitest' {
  export interface ProvidedContext {
    chromium: ChromiumChoice;
  }
}

/**
 * Resolves the browser and builds the web app (when its source changed since the last build) once, before any
 * test file runs: doing either in two test workers at the same time would let one use a half-written file.
 */
export default async function setup(project: TestProject): Promise<void> {
  await ensureWebBuilt();
  const choice = await findChromium();
  project.provide('chromium', choice);
}
