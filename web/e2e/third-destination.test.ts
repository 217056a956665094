// A destination the web app has never heard of (the test's rows file, src/destinations/rows-file.test-support.ts)
// registered at start-up beside the built-in ones: the admin creates it, its data template and an orchestration
// through the forms generated from GET /api/plugins, runs it, and the workflow writes the rows.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizedCredential } from '../../src/config/control-plane.test-support.js';
import { builtInDestinations } from '../../src/destinations/index.js';
import { readRowsFile, rowsFileDestination } from '../../src/destinations/rows-file.test-support.js';
import { startStack, workflowStatus, type Stack } from './stack.js';

/** Selects the option whose text matches, once the select offers it. */
async function choose(select: Locator, text: RegExp): Promise<void> {
  await expect
    .poll(() => select.locator('option').allTextContents())
    .toContainEqual(expect.stringMatching(text));
  for (const option of await select.locator('option').all()) {
    if (text.test((await option.textContent()) ?? '')) {
      await select.selectOption((await option.getAttribute('value')) ?? '');
      return;
    }
  }
}

describe('web app: a third destination through its generated forms', () => {
  let stack: Stack;
  let page: Page;

  beforeAll(async () => {
    stack = await startStack({ destinations: [...builtInDestinations, rowsFileDestination] });
    // The credential every destination names; its OAuth pages are the acceptance test's subject.
    await authorizedCredential(stack.control, 'Rows app');
    page = await stack.signedInPage('admin');
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('creates the destination, its template and an orchestration, then runs it', async () => {
    await page.getByRole('link', { name: 'Destinations' }).click();
    await page.getByRole('button', { name: 'New destination' }).click();
    await page.getByLabel('Plugin').selectOption({ label: 'Rows file (test)' });
    await page.getByLabel('Name', { exact: true }).fill('Rows out');
    await choose(page.getByLabel('Credential'), /Rows app/);
    // A bad value is refused by the destination's own schema (its pattern, checked in the browser from the
    // JSON Schema), shown next to its field.
    await page.getByLabel('File name').fill('../escape.csv');
    await page.getByRole('button', { name: 'Create destination' }).click();
    const fieldError = page.locator('.field.has-error', { has: page.getByLabel('File name') });
    await expect.poll(() => fieldError.locator('.field-error').textContent()).toMatch(/expected format/);
    await page.getByLabel('File name').fill('people.csv');
    await page.getByRole('button', { name: 'Create destination' }).click();
    await page.getByRole('heading', { name: 'Rows out' }).waitFor();

    await page.getByRole('link', { name: 'Data templates' }).click();
    await page.getByRole('button', { name: 'New data template' }).click();
    await choose(page.getByLabel('Destination'), /Rows out/);
    await page.getByLabel('Name', { exact: true }).fill('Every row');
    await page.getByRole('button', { name: 'Create data template' }).click();
    await page.getByRole('heading', { name: 'Every row' }).waitFor();

    const people = join(stack.dataDir, 'people.csv');
    await writeFile(people, 'name,city\nAda,London\nGrace,New York\n');
    await page.getByRole('link', { name: 'Orchestrations' }).click();
    await page.getByRole('button', { name: 'New orchestration' }).click();
    await page.getByLabel('Name', { exact: true }).fill('People to file');
    await page.getByLabel('Source query').fill(people);
    await choose(page.getByLabel('Destination'), /Rows out/);
    await choose(page.getByLabel('Data template'), /Every row/);
    // The run options' help is the destination's own, from GET /api/plugins.
    await expect
      .poll(() => page.locator('main').textContent())
      .toContain('How rows are written: {"uppercase": true}');
    await page.getByLabel('Run options (JSON)').fill('{"uppercase": true}');
    await page.getByRole('button', { name: 'Create orchestration' }).click();
    await page.getByRole('button', { name: 'Run now' }).click();
    await page.waitForURL(/#\/workflows\//);
    await expect.poll(() => workflowStatus(page), { timeout: 60_000 }).toBe('succeeded');
    await page.getByRole('region', { name: /Step 2: write rows/i }).waitFor();
    expect(await readRowsFile(stack.dataDir, 'people.csv')).toEqual([
      'name,city',
      'ADA,LONDON',
      'GRACE,NEW YORK',
    ]);
  }, 180_000);
});
