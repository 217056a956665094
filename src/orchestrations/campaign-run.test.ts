import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlString, withDuck } from '../sources/index.js';
import { STOPPED, waitForStatus } from '../jobs/engine.test-support.js';
import { createCampaign } from './campaigns.js';
import { RunRefused } from './errors.js';
import { listControlGroups, type ControlGroupRecord } from './control-group-repo.js';
import { runCampaignNow } from './run.js';
import {
  audienceTarget,
  customersCsv,
  emulatorAudiences,
  openRunFixture,
  testSegment,
  type RunFixture,
} from './run-fixture.test-support.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const emailHash = (i: number) => sha256(`customer${i}@example.com`);

async function heldOutHashes(path: string): Promise<Set<string>> {
  return withDuck(async (duck) => {
    const rows = await duck.run(`SELECT key_type, id_hash FROM read_parquet(${sqlString(path)})`);
    expect(new Set(rows.map((r) => r.key_type))).toEqual(new Set(['EMAIL']));
    return new Set(rows.map((r) => (typeof r.id_hash === 'string' ? r.id_hash : '')));
  });
}

describe('campaign runs with a control group (PGlite, emulator)', () => {
  let fx: RunFixture;
  beforeAll(async () => {
    fx = await openRunFixture('pglite');
  });
  afterAll(async () => {
    await fx?.close();
  });

  async function runToEnd(campaignId: string) {
    const created = await runCampaignNow(
      { engine: fx.engine, db: fx.store, plugins: fx.deps.plugins },
      campaignId,
    );
    const done = await waitForStatus(fx.store, created.id, STOPPED);
    expect(done.status, JSON.stringify(done.error ?? done.action)).toBe('succeeded');
    return done;
  }

  it('holds out a stable, seeded 20 % of the audience, never sends it, and records it', async () => {
    const { template } = await audienceTarget(fx, 'Campaign target', 'Template audience');
    const file = join(fx.dir, 'spring.csv');
    await writeFile(file, customersCsv(500));
    const segment = await testSegment(fx.store, 'Spring customers', file);
    const campaign = await createCampaign(
      { db: fx.store, plugins: fx.deps.plugins },
      {
        name: 'Spring sale',
        segmentId: segment.id,
        templateId: template.id,
        audienceName: 'Spring sale audience',
        controlGroupPercent: 20,
        controlGroupSeed: 'spring-2026',
        schedule: { cron: '0 8 * * 1', timezone: 'America/New_York' },
      },
    );
    expect(campaign).toMatchObject({ idTypes: null, oneTime: false, controlGroupPercent: 20 });

    const first = await runToEnd(campaign.id);
    expect(first.steps.map((s) => s.name)).toEqual([
      'resolve_settings',
      'hold_out_control_group',
      'sync_audience',
    ]);
    const held = first.steps[1]?.output as unknown as ControlGroupRecord;
    expect(held).toMatchObject({
      audienceRows: 500,
      percent: 20,
      seed: 'spring-2026',
      keyColumns: ['email'],
    });
    // 500 draws at 20 %: 100 expected, a standard deviation of about 9.
    expect(held.heldOutRows).toBeGreaterThan(65);
    expect(held.heldOutRows).toBeLessThan(135);
    expect(held.heldOutIdentifiers).toBe(held.heldOutRows);
    expect(first.steps[2]?.output).toMatchObject({
      rowsRead: 500 - held.heldOutRows,
      added: 500 - held.heldOutRows,
    });

    const heldSet = await heldOutHashes(held.path!);
    const sent = new Set(
      (await emulatorAudiences(fx.emulator.url)).find((a) => a.name === 'Spring sale audience')?.members
        .EMAIL_SHA256,
    );
    expect(sent.size).toBe(500 - held.heldOutRows);
    for (let i = 0; i < 500; i++) expect(heldSet.has(emailHash(i))).toBe(!sent.has(emailHash(i)));

    // A re-run with 100 more customers holds out the same people again, plus some of the new ones.
    await writeFile(file, customersCsv(600));
    const second = await runToEnd(campaign.id);
    const held2 = second.steps[1]?.output as unknown as ControlGroupRecord;
    const heldSet2 = await heldOutHashes(held2.path!);
    for (let i = 0; i < 500; i++) expect(heldSet2.has(emailHash(i))).toBe(heldSet.has(emailHash(i)));
    expect(second.steps[2]?.output).toMatchObject({
      removed: 0,
      added: 100 - (held2.heldOutRows - held.heldOutRows),
    });

    const recorded = await listControlGroups(fx.store, campaign.id);
    expect(recorded.map((r) => r.workflowId).sort()).toEqual([first.id, second.id].sort());
    expect(recorded.find((r) => r.workflowId === first.id)).toMatchObject({
      heldOutRows: held.heldOutRows,
      audienceRows: 500,
      path: held.path,
    });
  });

  it('draws a different group with another seed', async () => {
    const { template } = await audienceTarget(fx, 'Seeded target', 'Seeded template audience');
    const file = join(fx.dir, 'seeded.csv');
    await writeFile(file, customersCsv(300));
    const segment = await testSegment(fx.store, 'Seeded customers', file);
    const base = { segmentId: segment.id, templateId: template.id, controlGroupPercent: 30 };
    const a = await createCampaign(
      { db: fx.store, plugins: fx.deps.plugins },
      { ...base, name: 'Seed A', audienceName: 'Seed A', controlGroupSeed: 'a' },
    );
    const b = await createCampaign(
      { db: fx.store, plugins: fx.deps.plugins },
      { ...base, name: 'Seed B', audienceName: 'Seed B', controlGroupSeed: 'b' },
    );
    const heldA = await heldOutHashes(
      ((await runToEnd(a.id)).steps[1]?.output as unknown as ControlGroupRecord).path!,
    );
    const heldB = await heldOutHashes(
      ((await runToEnd(b.id)).steps[1]?.output as unknown as ControlGroupRecord).path!,
    );
    const common = [...heldA].filter((h) => heldB.has(h)).length;
    // Independent 30 % draws share about 9 % of 300 people (27), far from all of them.
    expect(common).toBeLessThan(heldA.size * 0.6);

    // One-time campaigns are sent once.
    await expect(
      runCampaignNow({ engine: fx.engine, db: fx.store, plugins: fx.deps.plugins }, a.id),
    ).rejects.toBeInstanceOf(RunRefused);
  });

  it('sends a segment read with its column mapping and default id types', async () => {
    const { template } = await audienceTarget(fx, 'Segment target', 'Segment template audience');
    const file = join(fx.dir, 'mapped.csv');
    const rows = ['Contact,Mobile'];
    for (let i = 0; i < 30; i++) rows.push(`Customer${i}@Example.com,+1 206 555 ${String(1000 + i)}`);
    await writeFile(file, `${rows.join('\n')}\n`);
    const segment = await testSegment(fx.store, 'Mapped customers', file, {
      columns: { email: 'Contact' },
      idTypes: ['EMAIL'],
    });
    const campaign = await createCampaign(
      { db: fx.store, plugins: fx.deps.plugins },
      { name: 'Mapped', segmentId: segment.id, templateId: template.id, audienceName: 'Mapped audience' },
    );
    const done = await runToEnd(campaign.id);
    expect(done.settings).toMatchObject({
      segmentId: segment.id,
      settings: { userIdTypes: ['EMAIL'] },
      options: { columns: { email: 'Contact' } },
    });
    expect(done.steps[2]?.output).toMatchObject({ rowsRead: 30, added: 30 });
    const audience = (await emulatorAudiences(fx.emulator.url)).find((a) => a.name === 'Mapped audience');
    expect(new Set(audience?.members.EMAIL_SHA256)).toEqual(
      new Set(Array.from({ length: 30 }, (_, i) => emailHash(i))),
    );
    expect(audience?.members.PHONE_SHA256 ?? []).toEqual([]);
  });
});
