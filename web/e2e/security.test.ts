import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMULATOR_DEFAULTS } from '../../src/emulator/index.js';
import { adminApi, authorizedCredential } from './admin-setup.js';
import { startStack, type Stack } from './stack.js';

const ADMIN_AUDIENCE = 'Spring sale audience';
const PASSWD = /root:x:0:0/;

/** What TikTok (the emulator) holds: audience names and member counts. */
async function audiences(stack: Stack): Promise<unknown> {
  const res = await fetch(`${stack.emulatorUrl}/_emulator/audiences?summary=1`);
  const body = (await res.json()) as { audiences: { name: string; member_counts: unknown }[] };
  return body.audiences.map((a) => ({ name: a.name, counts: a.member_counts }));
}

/**
 * Sets up as an admin: an authorized credential, a destination and template offered to campaigns, a segment
 * opened to business users, and an orchestration that synced the admins' audience.
 */
async function adminSetup(stack: Stack): Promise<{ segment: string; template: string }> {
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
  const template = await call<{ template: { id: string } }>('POST', '/api/templates', {
    destinationId: destination.destination.id,
    name: 'Campaign audiences',
    settings: { customAudienceName: 'Campaign audience' },
    availableToCampaigns: true,
  });
  const customers = join(stack.dataDir, 'customers.csv');
  const rows = Array.from({ length: 30 }, (_, i) => `c${i},c${i}@example.com`);
  await writeFile(customers, `customer_id,email\n${rows.join('\n')}\n`);
  const segment = await call<{ id: string }>('POST', '/api/segments', {
    name: 'Winter customers',
    description: 'Everyone who bought last winter',
    sourceQuery: customers,
    openToBusinessUsers: true,
  });
  const owner = await call<{ id: string }>('POST', '/api/orchestrations', {
    name: 'Spring sale',
    sourceQuery: customers,
    destinationId: destination.destination.id,
    templateId: template.template.id,
    overrides: { customAudienceName: ADMIN_AUDIENCE },
  });
  const run = await call<{ id: string }>('POST', `/api/orchestrations/${owner.id}/run`);
  for (let i = 0; ; i++) {
    const wf = await call<{ status: string }>('GET', `/api/workflows/${run.id}`);
    if (wf.status === 'succeeded') break;
    if (['failed', 'action_required'].includes(wf.status) || i > 300) throw new Error(JSON.stringify(wf));
    await new Promise((r) => setTimeout(r, 200));
  }
  return { segment: segment.id, template: template.template.id };
}

describe('web app security: a business user in the browser', () => {
  let stack: Stack;
  let ids: { segment: string; template: string };
  beforeAll(async () => {
    stack = await startStack();
    ids = await adminSetup(stack);
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('gets segments only, a 409 next to a taken audience name, hashed previews, and refusals of crafted calls', async () => {
    const before = await audiences(stack);
    const page = await stack.signedInPage('business_user');

    // The campaign form: a segment to pick, no field for SQL, a file or a source.
    await page.getByRole('link', { name: 'Campaigns' }).click();
    await page.getByRole('button', { name: 'New campaign' }).click();
    const segment = page.getByLabel('Segment', { exact: true });
    await segment.waitFor();
    expect(await page.getByLabel(/query|source|sql|file|path/i).count()).toBe(0);
    expect(await page.locator('textarea').count()).toBeLessThanOrEqual(1); // the options JSON at most
    await page.getByLabel('Name', { exact: true }).fill('Takeover attempt');
    await expect.poll(() => segment.locator('option').count()).toBeGreaterThan(1);
    await segment.selectOption(ids.segment);
    const template = page.getByLabel('Data template');
    await expect.poll(() => template.locator('option').count()).toBeGreaterThan(1);
    await template.selectOption(ids.template);
    await page.getByLabel('Audience name').fill(ADMIN_AUDIENCE);
    await page.getByRole('button', { name: 'Create campaign' }).click();
    const field = page.locator('.field', { has: page.locator('#cmp-audience-name') });
    await field.locator('.field-error').waitFor();
    expect(await field.locator('.field-error').textContent()).toContain(
      `custom audience "${ADMIN_AUDIENCE}"`,
    );
    expect(await field.locator('.field-error').textContent()).toContain('belongs to');

    // A segment's preview: hashes and reasons, never the values.
    await page.getByRole('link', { name: 'Segments' }).click();
    await page.getByRole('link', { name: 'Winter customers' }).click();
    await page.getByLabel('Preview through').selectOption(ids.template);
    const preview = page.getByRole('region', { name: 'Preview', exact: true });
    await preview.locator('tbody tr').first().waitFor();
    const hashes = await preview
      .locator('.mono[title]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('title')));
    expect(hashes.length).toBeGreaterThan(0);
    for (const hash of hashes) expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await preview.textContent()).not.toContain('@example.com');
    expect(await preview.textContent()).toContain('Raw values are shown to admins only.');

    // Calls the page could be made to send, with this tab's key: each refused, none quoting a file.
    const sql = "SELECT content AS email FROM read_text('/etc/passwd')";
    const copy = `SELECT 1 AS email) AS a; COPY (SELECT 42) TO '${join(stack.dataDir, 'canary.csv')}'; SELECT * FROM (SELECT 1 AS email`;
    const base = { segmentId: ids.segment, templateId: ids.template };
    const attacks: [string, string, unknown, number[]][] = [
      ['POST', '/api/preview', { sourceQuery: sql, templateId: ids.template }, [403]],
      ['POST', '/api/preview', { sourceQuery: copy, templateId: ids.template }, [403]],
      ['POST', '/api/preview', { ...base, segmentId: '../../../etc/passwd' }, [404]],
      ['POST', '/api/preview', { ...base, options: { columns: { email: sql } } }, [400]],
      ['POST', '/api/campaigns', { name: 'SQL', ...base, sourceQuery: sql }, [400]],
      ['POST', '/api/campaigns', { name: 'SQL', ...base, audienceQuery: copy }, [400]],
      ['POST', '/api/campaigns', { name: 'Takeover', ...base, audienceName: ADMIN_AUDIENCE }, [409]],
      ['POST', '/api/segments', { name: 'Mine', sourceQuery: sql }, [403]],
      ['POST', '/api/orchestrations', { name: 'Mine', sourceQuery: copy }, [403]],
      ['POST', '/api/preview', { ...base, options: { pad: 'x'.repeat(1_100_000) } }, [413]],
      ['GET', '/api/runs/..%2f..%2fsecret.key/rejects', undefined, [403]],
      ['GET', '/api/credentials', undefined, [403]],
    ];
    const answers = await page.evaluate(
      async (list) => {
        const key = sessionStorage.getItem('ttads.apiKey') ?? '';
        const out: { status: number; text: string }[] = [];
        for (const [method, path, body] of list) {
          const res = await fetch(path, {
            method,
            headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
            ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          });
          out.push({ status: res.status, text: await res.text() });
        }
        return out;
      },
      attacks.map(([m, p, b]) => [m, p, b] as const),
    );
    for (const [i, [method, path, , statuses]] of attacks.entries()) {
      const answer = answers[i];
      expect(statuses, `${method} ${path}: ${answer?.text}`).toContain(answer?.status);
      expect(answer?.text).not.toMatch(PASSWD);
      expect(JSON.parse(answer?.text ?? '{}')).toHaveProperty('error');
    }
    expect(existsSync(join(stack.dataDir, 'canary.csv'))).toBe(false);
    // Nothing changed at TikTok; the admins' audience keeps its members.
    expect(await audiences(stack)).toEqual(before);
  }, 180_000);
});
