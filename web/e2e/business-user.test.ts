import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDemoCustomers } from '../../src/cli/demo-data.js';
import { EMULATOR_DEFAULTS } from '../../src/emulator/index.js';
import { adminApi, authorizedCredential } from './admin-setup.js';
import { SCREENSHOTS, startStack, workflowStatus, type Stack } from './stack.js';

/**
 * Sets up, as an admin would through the API: an authorized credential, a destination and a template open to
 * business users, a segment opened to them (its source a file path they never see) and one that is not.
 */
async function adminSetup(stack: Stack): Promise<void> {
  const call = adminApi(stack, await stack.apiKey('admin'));
  const { advertisers } = EMULATOR_DEFAULTS;
  const credential = await authorizedCredential(call, 'Agency app');
  const destination = await call<{ destination: { id: string } }>('POST', '/api/destinations', {
    name: 'Shared audiences',
    plugin: 'tiktok_custom_audiences',
    credentialId: credential.id,
    settings: { advertiserId: advertisers[0].advertiser_id },
    businessUserAccess: true,
    availableToCampaigns: true,
  });
  await call('POST', '/api/templates', {
    destinationId: destination.destination.id,
    name: 'Campaign audiences',
    settings: { customAudienceName: 'Campaign audience' },
    availableToCampaigns: true,
  });
  await call('POST', '/api/destinations', {
    name: 'Admins only',
    plugin: 'tiktok_custom_audiences',
    credentialId: credential.id,
    settings: { advertiserId: advertisers[0].advertiser_id },
  });
  const customers = join(stack.dataDir, 'campaign.csv');
  await writeDemoCustomers(customers, { count: 1_200 });
  await call('POST', '/api/segments', {
    name: 'Winter customers',
    description: 'Everyone who bought last winter',
    sourceQuery: customers,
    openToBusinessUsers: true,
  });
  await call('POST', '/api/segments', { name: 'VIP (admins only)', sourceQuery: customers });
}

describe('web app: a business user', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
    await adminSetup(stack);
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('sees only what is opened to them, and creates and runs a campaign from a segment', async () => {
    const page = await stack.signedInPage('business_user');
    const apiCalls: string[] = [];
    page.on('request', (req) => apiCalls.push(new URL(req.url()).pathname));

    await page.getByRole('link', { name: 'Destinations' }).click();
    await page.getByRole('link', { name: 'Shared audiences' }).waitFor();
    expect(await page.getByText('Admins only').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'New destination' }).count()).toBe(0);

    // Segments opened to them, by name and description: never the source, never the closed one.
    await page.getByRole('link', { name: 'Segments' }).click();
    await page.getByRole('link', { name: 'Winter customers' }).waitFor();
    expect(await page.getByText('VIP (admins only)').count()).toBe(0);
    expect(await page.getByText('campaign.csv').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'New segment' }).count()).toBe(0);

    await page.getByRole('link', { name: 'Campaigns' }).click();
    await page.getByRole('button', { name: 'New campaign' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Winter sale');
    expect(await page.getByLabel('Audience query').count()).toBe(0);
    const segment = page.getByLabel('Segment', { exact: true });
    await expect
      .poll(() => segment.locator('option').allTextContents())
      .toContainEqual(expect.stringMatching(/Winter customers/));
    expect(await segment.locator('option').allTextContents()).not.toContainEqual(
      expect.stringMatching(/VIP/),
    );
    const segmentValue = await segment
      .locator('option', { hasText: 'Winter customers' })
      .getAttribute('value');
    await segment.selectOption(segmentValue ?? '');
    const template = page.getByLabel('Data template');
    await expect
      .poll(() => template.locator('option').allTextContents())
      .toContainEqual(expect.stringMatching(/Campaign audiences/));
    const value = await template.locator('option', { hasText: 'Campaign audiences' }).getAttribute('value');
    await template.selectOption(value ?? '');
    await page.getByLabel('Audience name').fill('Winter sale audience');
    await page.getByLabel('Control group (%)').fill('10');
    await page.getByRole('button', { name: 'Create campaign' }).click();
    await page.getByRole('button', { name: 'Run now' }).click();
    await page.waitForURL(/#\/workflows\//);
    await expect.poll(() => workflowStatus(page), { timeout: 60_000 }).toBe('succeeded');
    await page.screenshot({ path: join(SCREENSHOTS, 'business-user-campaign.png'), fullPage: true });

    // Their pages never ask for what their role may not see.
    expect(apiCalls.filter((p) => p.startsWith('/api/credentials') || p.startsWith('/api/runs'))).toEqual([]);
    expect(await page.content()).not.toContain('campaign.csv');
    const audiences = (await (await fetch(`${stack.emulatorUrl}/_emulator/audiences?summary=1`)).json()) as {
      audiences: { name: string }[];
    };
    expect(audiences.audiences.map((a) => a.name)).toContain('Winter sale audience');
  }, 180_000);
});
