import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCREENSHOTS, startStack, type Stack } from './stack.js';

describe('web app: API keys', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('an admin creates a business user key, which signs in, then revokes it, which signs out', async () => {
    const admin = await stack.signedInPage('admin');
    await admin.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.url });
    await admin.getByRole('link', { name: 'API keys' }).click();

    // The key this browser uses is marked and cannot be revoked from here (no locking oneself out).
    const mine = admin.getByRole('row', { name: /e2e admin/ });
    await expect.poll(() => mine.textContent()).toContain('(you)');
    expect(await mine.getByRole('button', { name: 'Revoke' }).count()).toBe(0);

    await admin.getByRole('button', { name: 'New API key' }).click();
    await admin.getByRole('button', { name: 'Create API key' }).click();
    // The API's message shows next to the field.
    await expect
      .poll(() => admin.locator('.field-error').first().textContent())
      .toContain('Give the key a name');
    await admin.getByLabel('Name', { exact: true }).fill('Marketing team');
    await admin.getByLabel('Role', { exact: true }).selectOption('business_user');
    await admin.getByRole('button', { name: 'Create API key' }).click();
    // The textbox, not the form of the same name, which is still on screen until the key is shown.
    const shown = admin.getByRole('textbox', { name: 'New API key', exact: true });
    await shown.waitFor();
    const key = await shown.inputValue();
    expect(key).toMatch(/^ttads_/);
    expect(await admin.getByText('it is shown only this once').count()).toBe(1);
    await admin.getByRole('button', { name: 'Copy' }).click();
    await expect.poll(() => admin.evaluate(() => navigator.clipboard.readText())).toBe(key);
    const row = admin.getByRole('row', { name: /Marketing team/ });
    await expect.poll(() => row.textContent()).toMatch(/Business user.*active/);

    // Sign in with it in another browser: the business user's navigation.
    const context = await stack.browser.newContext({ viewport: { width: 1280, height: 860 } });
    const user = await context.newPage();
    await user.goto(stack.url);
    await user.getByLabel('API key').fill(key);
    await user.getByRole('button', { name: 'Sign in' }).click();
    const nav = user.getByRole('navigation', { name: 'Main' });
    await nav.waitFor();
    const links = await nav.getByRole('link').allTextContents();
    expect(links).toEqual(expect.arrayContaining(['Workflows', 'Campaigns', 'Destinations']));
    expect(links).not.toContain('API keys');
    expect(await user.getByText('Business user', { exact: true }).count()).toBe(1);

    // Revoke asks again in the page.
    await row.getByRole('button', { name: 'Revoke' }).click();
    await row.getByRole('button', { name: 'Yes, revoke' }).waitFor();
    // The key on screen is masked: a committed picture must not carry one, even of a throwaway store.
    await admin.screenshot({
      path: join(SCREENSHOTS, 'api-keys.png'),
      fullPage: true,
      mask: [admin.getByLabel('New API key')],
    });
    await row.getByRole('button', { name: 'Cancel' }).click();
    expect(await row.getByRole('button', { name: 'Yes, revoke' }).count()).toBe(0);
    await row.getByRole('button', { name: 'Revoke' }).click();
    await row.getByRole('button', { name: 'Yes, revoke' }).click();
    await expect.poll(() => row.textContent()).toContain('revoked');
    expect(await row.getByRole('button', { name: 'Revoke' }).count()).toBe(0);
    await expect.poll(() => admin.getByRole('status').first().textContent()).toContain('revoked');
    // Once revoked, the key is nowhere in the page any more.
    expect(await admin.content()).not.toContain(key);

    // The business user's next request is refused: the app signs them out.
    await nav.getByRole('link', { name: 'Destinations' }).click();
    await user.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await user.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
    await context.close();
    await admin.context().close();
  }, 120_000);
});
