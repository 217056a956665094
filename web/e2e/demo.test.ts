import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDemo } from '../../src/cli/demo-command.js';
import { launchBrowser, SCREENSHOTS } from './stack.js';

describe('ttads demo', () => {
  it('prints the web app address, and the app shows the demo runs and workflows', async () => {
    const lines: string[] = [];
    let seen: { runs: string; workflows: string } | undefined;
    await runDemo((line) => lines.push(line), {
      web: {
        port: 0,
        untilStopped: async (app) => {
          const browser = await launchBrowser();
          try {
            const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
            // The address the demo printed signs in by itself.
            const printed = /open (http:\/\/\S+)/.exec(lines.join('\n'))?.[1];
            expect(printed).toBe(app.signInUrl);
            await page.goto(printed ?? '');
            await page.getByRole('heading', { name: 'Volumes of recent runs' }).waitFor();
            expect(page.url()).not.toContain(app.apiKey);
            await page.getByRole('link', { name: 'Spring sale audience' }).first().waitFor();
            await page.screenshot({ path: join(SCREENSHOTS, 'runs.png'), fullPage: true });
            const runs = (await page.locator('main').textContent()) ?? '';
            await page.getByRole('link', { name: 'Workflows' }).click();
            await page.getByRole('link', { name: 'Store sales daily' }).first().waitFor();
            await page.screenshot({ path: join(SCREENSHOTS, 'workflows.png'), fullPage: true });
            seen = { runs, workflows: (await page.locator('main').textContent()) ?? '' };
          } finally {
            await browser.close();
          }
        },
      },
    });
    expect(lines.join('\n')).toMatch(
      /10\. The web app shows these runs and workflows: open http:\/\/127\.0\.0\.1:\d+\/#key=/,
    );
    // The campaign's audience sync and the three offline-event runs (one stopped by the revoked token).
    expect(seen?.runs).toContain('Spring sale audience');
    expect(seen?.runs.match(/7300000000000000001/g)?.length).toBeGreaterThanOrEqual(3);
    expect(seen?.workflows).toContain('Spring sale');
  }, 240_000);
});
