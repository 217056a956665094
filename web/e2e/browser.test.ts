import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { DEBIAN_CHROMIUM, findChromium } from './browser.js';

describe('the browser tests find a Chromium on any machine', () => {
  it('prefers TTADS_CHROMIUM, refusing one that does not exist', async () => {
    await expect(findChromium({ TTADS_CHROMIUM: '/nowhere/chromium' })).rejects.toThrow(/does not exist/);
    const choice = await findChromium({ TTADS_CHROMIUM: process.execPath });
    expect(choice).toMatchObject({ origin: 'env', executablePath: process.execPath });
  });

  it("uses Debian's Chromium when installed, otherwise the one npm install brought", async () => {
    const choice = await findChromium({});
    expect(choice.origin).toBe(existsSync(DEBIAN_CHROMIUM) ? 'debian' : 'bundled');
    expect(existsSync(choice.executablePath)).toBe(true);
  });

  it('launches the Chromium the global setup chose and renders a page', async () => {
    const choice = inject('chromium');
    const browser = await chromium.launch({
      executablePath: choice.executablePath,
      args: ['--headless', '--no-sandbox', '--disable-gpu'],
      env: { ...process.env, ...choice.env },
    });
    try {
      const page = await browser.newPage();
      await page.setContent('<h1>ttads</h1>');
      expect(await page.textContent('h1')).toBe('ttads');
      expect((await page.screenshot()).byteLength).toBeGreaterThan(100);
    } finally {
      await browser.close();
    }
  });
});
