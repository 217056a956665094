import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './stack.js';

describe('web app: sign-in and roles', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('refuses an unknown API key and signs in with a real one', async () => {
    const context = await stack.browser.newContext();
    const page = await context.newPage();
    await page.goto(stack.url);
    await page.getByLabel('API key').fill('ttads_not-a-real-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Unknown or revoked API key');
    await page.getByLabel('API key').fill(await stack.apiKey('admin'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    expect(await page.getByText('Admin', { exact: true }).count()).toBe(1);
    // The key lives in this tab's session only: a reload keeps it, signing out forgets it.
    await page.reload();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API key').waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await context.close();
  });

  it('asks before signing in with a key from a link, and forgets it on Cancel', async () => {
    const context = await stack.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${stack.url}/#key=${encodeURIComponent(await stack.apiKey('admin'))}`);
    await page.getByText('Sign in with the key from this link?').waitFor();
    expect(page.url()).not.toContain('key=');
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByLabel('API key').waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await context.close();
  });

  it('shows each role only the pages its key may use', async () => {
    const admin = await stack.signedInPage('admin');
    const adminNav = await admin
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link')
      .allTextContents();
    expect(adminNav).toEqual(expect.arrayContaining(['Runs', 'Credentials', 'Orchestrations', 'Workflows']));
    const business = await stack.signedInPage('business_user');
    const nav = await business.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
    expect(nav).toEqual(expect.arrayContaining(['Workflows', 'Campaigns', 'Destinations', 'Data templates']));
    expect(nav).not.toContain('Credentials');
    expect(nav).not.toContain('Runs');
    // A page the role may not use is refused in the app too (the API refuses it anyway).
    await business.goto(`${stack.url}/#/credentials`);
    await expect.poll(() => business.getByRole('alert').first().textContent()).toContain('no page');
    await admin.context().close();
    await business.context().close();
  });
});
