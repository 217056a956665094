import type { TestProject } from 'vitest/node';
import { findChromium, type ChromiumChoice } from './browser.js';

declare module 'vitest' {
  export interface ProvidedContext {
    chromium: ChromiumChoice;
  }
}

/**
 * Resolves the browser once, before any test file runs: unpacking the bundled Chromium in two test workers at
 * the same time would let one launch a half-written binary.
 */
export default async function setup(project: TestProject): Promise<void> {
  const choice = await findChromium();
  project.provide('chromium', choice);
}
