import { join } from 'node:path';
import type { Locator, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDemoCustomers } from '../../src/cli/demo-data.js';
import { getCredentialAccess, listCredentials } from '../../src/config/index.js';
import { EMULATOR_DEFAULTS } from '../../src/emulator/index.js';
import { SCREENSHOTS, startStack, workflowStatus, type Stack } from './stack.js';

const { app } = EMULATOR_DEFAULTS;
const ADVERTISER = EMULATOR_DEFAULTS.advertisers[0].advertiser_id;

/** Clicks a button that opens the TikTok authorization link and waits for the consent round trip to land. */
async function approveInPopup(page: Page, button: string): Promise<string> {
  const [popup] = await Promise.all([
    page.waitForEvent('popup'),
    page.getByRole('button', { name: button }).click(),
  ]);
  await popup.waitForURL(/\/oauth\/callback/);
  const text = (await popup.textContent('body')) ?? '';
  await popup.close();
  return text;
}

/** Selects the option whose text matches (labels carry extra words such as a status). */
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

describe('web app: set up, run and repair from the browser', () => {
  let stack: Stack;
  let page: Page;
  /** Every API answer the browser got, to prove no secret reached it. */
  const bodies: string[] = [];

  beforeAll(async () => {
    stack = await startStack();
    page = await stack.signedInPage('admin');
    page.on('response', (res: Response) => {
      if (new URL(res.url()).pathname.startsWith('/api/'))
        void res.text().then(
          (t) => bodies.push(t),
          () => undefined,
        );
    });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('connects a credential through the OAuth consent page', async () => {
    await page.getByRole('link', { name: 'Credentials' }).click();
    await page.getByRole('button', { name: 'New credential' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Brand TikTok app');
    await page.getByLabel('App ID').fill(app.app_id);
    await page.getByLabel('App secret').fill(app.secret);
    await page.getByRole('button', { name: 'Create credential' }).click();
    const row = page.getByRole('row', { name: /Brand TikTok app/ });
    await expect.poll(() => row.textContent()).toContain('pending');
    const landed = await approveInPopup(page, 'Connect TikTok');
    expect(landed).toMatch(/authorized/i);
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toContain('authorized');
    expect(await row.textContent()).toContain('Demo Brand US');
    await page.screenshot({ path: join(SCREENSHOTS, 'credentials.png'), fullPage: true });
  });

  it('copies an authorization link, then revokes it so that it no longer works', async () => {
    const row = page.getByRole('row', { name: /Brand TikTok app/ });
    await row.getByRole('button', { name: 'Copy link' }).click();
    const field = page.getByLabel('Authorization link');
    await field.waitFor();
    const credentialId = ((await field.getAttribute('id')) ?? '').replace(/^auth-link-/, '');
    const outstanding = async () => {
      const res = await fetch(`${stack.url}/api/credentials/${credentialId}/authorization-links`, {
        headers: { authorization: `Bearer ${await stack.apiKey('admin')}` },
      });
      return ((await res.json()) as { links: unknown[] }).links.length;
    };
    expect(await outstanding()).toBe(1);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Revoke' }).click();
    await page.getByText('Revoked: the link no longer works.').waitFor();
    expect(await outstanding()).toBe(0);
    await page.getByRole('button', { name: 'Close' }).click();
  });

  it('creates a destination and a data template with generated forms, showing errors next to fields', async () => {
    await page.getByRole('link', { name: 'Destinations' }).click();
    await page.getByRole('button', { name: 'New destination' }).click();
    await page.getByLabel('Plugin').selectOption({ label: 'TikTok custom audiences' });
    await page.getByLabel('Name', { exact: true }).fill('Audiences US');
    await choose(page.getByLabel('Credential'), /Brand TikTok app/);
    await page.getByLabel('Advertiser ID', { exact: true }).fill('12345');
    await page.getByRole('button', { name: 'Create destination' }).click();
    const fieldError = page.locator('.field.has-error', {
      has: page.getByLabel('Advertiser ID', { exact: true }),
    });
    await expect.poll(() => fieldError.locator('.field-error').textContent()).toBeTruthy();
    await page.screenshot({ path: join(SCREENSHOTS, 'destination-form.png'), fullPage: true });
    await page.getByLabel('Advertiser ID', { exact: true }).fill(ADVERTISER);
    await page.getByRole('button', { name: 'Create destination' }).click();
    await page.getByRole('heading', { name: 'Audiences US' }).waitFor();

    await page.getByRole('link', { name: 'Data templates' }).click();
    await page.getByRole('button', { name: 'New data template' }).click();
    await choose(page.getByLabel('Destination'), /Audiences US/);
    await page.getByLabel('Name', { exact: true }).fill('Buyers by email and phone');
    await page.getByLabel('Custom audience name').fill('E2E buyers');
    await page.getByRole('button', { name: 'Create data template' }).click();
    await page.getByRole('heading', { name: 'Buyers by email and phone' }).waitFor();
  });

  it('creates an orchestration, previews how rows are sent, runs it and shows its report', async () => {
    const customers = join(stack.dataDir, 'customers.csv');
    await writeDemoCustomers(customers, { count: 1_500 });
    await page.getByRole('link', { name: 'Orchestrations' }).click();
    await page.getByRole('button', { name: 'New orchestration' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Buyers nightly');
    await page.getByLabel('Source query').fill(customers);
    await choose(page.getByLabel('Destination'), /Audiences US/);
    await choose(page.getByLabel('Data template'), /Buyers by email and phone/);
    await page.getByLabel('Schedule (cron)').fill('0 3 * * *');
    await page.getByRole('button', { name: 'Preview' }).click();
    const preview = page.locator('table', {
      has: page.getByRole('columnheader', { name: 'Sent to TikTok' }),
    });
    await expect.poll(() => preview.textContent(), { timeout: 20_000 }).toMatch(/EMAIL_SHA256/);
    await page.screenshot({ path: join(SCREENSHOTS, 'orchestration-preview.png'), fullPage: true });
    await page.getByRole('button', { name: 'Create orchestration' }).click();
    await page.getByRole('button', { name: 'Run now' }).click();
    await page.waitForURL(/#\/workflows\//);
    await expect.poll(() => workflowStatus(page), { timeout: 60_000 }).toBe('succeeded');
    await page.screenshot({ path: join(SCREENSHOTS, 'workflow.png'), fullPage: true });

    await page.getByRole('link', { name: 'Runs' }).click();
    await page.getByRole('heading', { name: 'Volumes of recent runs' }).waitFor();
    await page
      .getByRole('link', { name: /E2E buyers/ })
      .first()
      .click();
    await expect.poll(() => page.locator('main').textContent()).toMatch(/Rows read\s*1,500/);
    await page.screenshot({ path: join(SCREENSHOTS, 'run-report.png'), fullPage: true });
  }, 180_000);

  it('shows the invalid-credentials action of a broken token, then reauthorizes and resolves it', async () => {
    const [credential] = await listCredentials(stack.control.db);
    const { accessToken } = await getCredentialAccess(stack.control, credential?.id ?? '');
    await fetch(`${stack.emulatorUrl}/_emulator/tokens/${accessToken}/revoke`, { method: 'POST' });

    await page.getByRole('link', { name: 'Orchestrations' }).click();
    await page.getByRole('link', { name: 'Buyers nightly' }).click();
    await page.getByRole('button', { name: 'Run now' }).click();
    await page.waitForURL(/#\/workflows\//);
    const workflowUrl = page.url();
    const action = page.locator('.action-box');
    await action.getByRole('heading', { name: 'Invalid credentials' }).waitFor({ timeout: 60_000 });
    expect(await action.textContent()).toMatch(/reauthori[sz]e/i);
    await page.screenshot({ path: join(SCREENSHOTS, 'workflow-action.png'), fullPage: true });

    await action.getByRole('link', { name: 'Go to credentials' }).click();
    const row = page.getByRole('row', { name: /Brand TikTok app/ });
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toContain('invalid');
    await approveInPopup(page, 'Connect TikTok');
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toContain('authorized');

    await page.goto(workflowUrl);
    expect(await workflowStatus(page)).toBe('action required');
    await page.getByRole('button', { name: 'Resolve' }).click();
    await expect.poll(() => workflowStatus(page), { timeout: 60_000 }).toBe('succeeded');
    expect(await page.locator('.action-box').count()).toBe(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'workflow-resolved.png'), fullPage: true });
  }, 180_000);

  it('never let a secret reach the browser', async () => {
    const tokens = (
      (await (await fetch(`${stack.emulatorUrl}/_emulator/credentials`)).json()) as {
        tokens: { access_token: string }[];
      }
    ).tokens.map((t) => t.access_token);
    const everything = bodies.join('\n');
    expect(bodies.length).toBeGreaterThan(20);
    for (const secret of [app.secret, ...tokens]) expect(everything).not.toContain(secret);
  });
});
