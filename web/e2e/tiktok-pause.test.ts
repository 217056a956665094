import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMULATOR_DEFAULTS } from '../../src/emulator/index.js';
import { orchestrationOf } from './admin-setup.js';
import { SCREENSHOTS, startStack, workflowStatus, type Stack } from './stack.js';

/** TikTok's suspension after a spent QPM, shortened for the test on both sides (TikTok's is 5 minutes). */
const SUSPENSION_MS = 15_000;

async function emulatorPost(stack: Stack, path: string, body: unknown): Promise<void> {
  const res = await fetch(`${stack.emulatorUrl}/_emulator/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
}

/**
 * What a person sees while TikTok throttles a run: the workflow's status says "paused by TikTok until HH:MM UTC",
 * the run then continues by itself, and the rows TikTok refused in partial answers show in the run's report.
 */
describe('web app: a run paused by TikTok, and rows TikTok refused', () => {
  let stack: Stack;
  let page: Page;
  let orchestrationId: string;

  beforeAll(async () => {
    stack = await startStack({ settings: { tiktokSuspensionMs: SUSPENSION_MS } });
    const csv = join(stack.dataDir, 'buyers.csv');
    const emails = Array.from({ length: 30 }, (_, i) => `buyer${i}@example.com`);
    await writeFile(csv, `email\n${emails.join('\n')}\n`);
    orchestrationId = await orchestrationOf(stack, csv);
    page = await stack.signedInPage('admin');
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('shows the pause while it lasts, continues by itself, and reports the refused rows', async () => {
    // The app may make 3 requests a minute; the run needs more, so TikTok suspends the app mid-run.
    await emulatorPost(stack, `apps/${EMULATOR_DEFAULTS.app.app_id}`, {
      qpm: 3,
      suspension_ms: SUSPENSION_MS,
    });
    // Every mapping answer is a partial success that refuses about half of its rows.
    await emulatorPost(stack, 'faults', { partialRate: 1, partialItemRate: 0.5 });
    await page.goto(`${stack.url}/#/orchestrations/${orchestrationId}`);
    await page.getByRole('button', { name: 'Run now' }).click();
    await page.waitForURL(/#\/workflows\//);
    const main = page.locator('main');
    await expect
      .poll(() => main.textContent(), { timeout: 60_000 })
      .toMatch(/paused by TikTok until \d\d:\d\d UTC/);
    expect(await workflowStatus(page)).toMatch(/^running/);
    await page.screenshot({ path: join(SCREENSHOTS, 'paused-by-tiktok.png'), fullPage: true });

    await expect.poll(() => workflowStatus(page), { timeout: 90_000 }).toBe('succeeded');
    expect(await main.textContent()).not.toMatch(/paused by TikTok/);
    const runs = page.getByRole('region', { name: 'Runs of this workflow' });
    await expect.poll(() => runs.getByRole('row').count()).toBe(2);
    await runs.getByRole('row').nth(1).getByRole('link').click();
    await page.waitForURL(/#\/runs\//);
    // The workflow page stays on screen until the run page renders (and it shows run reports too): wait for the
    // loaded run's own heading first.
    await page.getByRole('heading', { name: /^Audience sync:/ }).waitFor();
    const refused = page.getByRole('heading', { name: 'Refused by TikTok (sent again next run)' });
    await refused.waitFor();
    const table = page.locator('div', { has: refused }).last();
    expect(await table.textContent()).toMatch(/tiktok_40002\s*\d+/);
    expect(await main.textContent()).toMatch(/Throttled\s*[1-9]/);
  }, 240_000);
});
