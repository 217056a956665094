import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orchestrationOf } from './admin-setup.js';
import { SCREENSHOTS, startStack, type Stack } from './stack.js';

describe('web app: the rejects of a workflow whose every row was rejected', () => {
  let stack: Stack;
  let page: Page;
  let orchestrationId: string;

  beforeAll(async () => {
    stack = await startStack();
    const csv = join(stack.dataDir, 'newsletter.csv');
    await writeFile(csv, 'email\nnot-an-email\nann(at)example.com\n@example.com\n');
    orchestrationId = await orchestrationOf(stack, csv);
    page = await stack.signedInPage('admin');
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('stops with "Invalid input", offers the rejects as a download and opens the run', async () => {
    await page.goto(`${stack.url}/#/orchestrations/${orchestrationId}`);
    await page.getByRole('button', { name: 'Run now' }).click();
    await page.waitForURL(/#\/workflows\//);
    const action = page.locator('.action-box');
    await action.getByRole('heading', { name: 'Invalid input' }).waitFor({ timeout: 60_000 });
    expect(await action.textContent()).toMatch(/All 3 rows were rejected \(email_invalid: 3\)/);
    const runs = page.getByRole('region', { name: 'Runs of this workflow' });
    await expect.poll(() => runs.getByRole('row').count()).toBe(2);
    expect(await runs.getByRole('row').nth(1).textContent()).toMatch(/Sync audience\s*1\s*failed/);
    await page.screenshot({ path: join(SCREENSHOTS, 'invalid-input.png'), fullPage: true });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      action.getByRole('button', { name: 'Download rejects' }).click(),
    ]);
    const lines = (await readFile(await download.path(), 'utf8')).trim().split('\n');
    expect(lines[0]).toBe('row,id_type,reason,value');
    expect(lines.slice(1)).toHaveLength(3);
    for (const line of lines.slice(1)) expect(line).toMatch(/^\d+,EMAIL,email_invalid,/);
    expect(lines).toContain('1,EMAIL,email_invalid,not-an-email');

    // The refused run keeps its report, its rejects and the workflow that made it.
    await action.getByRole('link', { name: 'Open the run' }).click();
    await page.waitForURL(/#\/runs\//);
    const main = page.locator('main');
    // The workflow page stays on screen until the run page renders, and its runs table says "Rows read" too:
    // wait for the loaded run's own heading first.
    await page.getByRole('heading', { name: /^Audience sync:/ }).waitFor();
    expect(await main.textContent()).toMatch(/Rows read\s*3/);
    expect(await main.textContent()).toMatch(/no valid identifier/);
    const workflow = page.getByRole('link', { name: 'orchestration workflow' });
    await expect.poll(() => workflow.count()).toBe(1);
    expect(await main.textContent()).toMatch(/step sync audience, attempt 1/);
    expect(await page.getByRole('button', { name: 'Download rejects' }).count()).toBe(1);
    await workflow.click();
    await page.waitForURL(/#\/workflows\//);
    await action.getByRole('heading', { name: 'Invalid input' }).waitFor();
  }, 180_000);
});
