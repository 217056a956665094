import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectNoLeak,
  fileReads,
  openSecurityStack,
  type SecurityStack,
  type TikTokState,
} from './security.test-support.js';

/**
 * Security suite, file reads: every DuckDB table function and glob pointed at /etc/passwd and the store's
 * secret key, through every input a business user has (they are refused before any SQL is read) and through
 * every admin input that takes a source (confined to the source roots). No answer quotes the files; nothing
 * is sent to TikTok.
 */
describe('security: reading server files (serve, confined by default)', () => {
  let s: SecurityStack;
  let tiktokBefore: TikTokState;
  let targets: string[];
  beforeAll(async () => {
    s = await openSecurityStack();
    tiktokBefore = await s.tiktok();
    targets = [
      '/etc/passwd',
      join(s.dataDir, 'secret.key'),
      `${s.sourcesDir}/../data/secret.key`,
      `${s.dataDir}/*`,
      `${s.sourcesDir}/../data/**`,
    ];
  });
  afterAll(async () => {
    await s?.close();
  });

  it('business users cannot put SQL or a path in a preview, and their segment preview answers hashes only', async () => {
    const { segment, template } = s.ids;
    for (const query of fileReads('/etc/passwd')) {
      for (const body of [
        { sourceQuery: query, templateId: template },
        { sourceQuery: query, segmentId: segment, templateId: template },
      ]) {
        const answer = await s.call('POST', '/api/preview', s.userKey, body);
        expect([400, 403], query).toContain(answer.status);
        expect(answer.body.error).toMatch(/segment|source query/i);
      }
    }
    const fine = await s.call('POST', '/api/preview', s.userKey, {
      segmentId: segment,
      templateId: template,
    });
    expect(fine.status).toBe(200);
    const rows = fine.body.rows as { input: Record<string, string | null>; sent: Record<string, string> }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(fine.text).not.toContain('@example.com');
    for (const row of rows) {
      expect(Object.values(row.input).every((v) => v === null)).toBe(true);
      expect(Object.values(row.sent).every((h) => /^[0-9a-f]{64}$/.test(h))).toBe(true);
    }
  });

  it('business users: paths and SQL as segment ids, column mappings, overrides and options are refused', async () => {
    const { segment, template } = s.ids;
    for (const target of targets) {
      const sql = `SELECT content AS email FROM read_text('${target}')`;
      const attempts: Record<string, unknown>[] = [
        { segmentId: target, templateId: template },
        { segmentId: sql, templateId: template },
        { segmentId: segment, templateId: sql },
        { segmentId: segment, templateId: template, options: { columns: { email: sql } } },
        { segmentId: segment, templateId: template, options: { source: target } },
        { segmentId: segment, templateId: template, overrides: { sourceQuery: sql } },
        {
          segmentId: segment,
          templateId: template,
          overrides: { customAudienceName: sql, eventSetId: target },
        },
      ];
      for (const body of attempts) {
        const answer = await s.call('POST', '/api/preview', s.userKey, body);
        const label = JSON.stringify(body);
        if (answer.status === 200) {
          // A harmless setting (an audience name) may be previewed: the rows are still the segment's, hashed.
          expect(answer.text, label).not.toContain('read_text');
          expect(answer.text, label).not.toContain('@example.com');
        } else {
          expect([400, 403, 404], label).toContain(answer.status);
          expect(answer.body.error, label).toBeTruthy();
        }
      }
    }
  });

  it('business users: campaign fields take no SQL or path, at create and update', async () => {
    const { segment, template } = s.ids;
    const base = { segmentId: segment, templateId: template };
    const files = await s.files();
    let n = 0;
    for (const target of targets) {
      const sql = `SELECT content AS email FROM read_text('${target}')`;
      for (const [field, value] of [
        ['sourceQuery', sql],
        ['audienceQuery', sql],
        ['query', sql],
        ['source', target],
      ] as const) {
        const answer = await s.call('POST', '/api/campaigns', s.userKey, {
          name: `Attack ${field}`,
          ...base,
          [field]: value,
        });
        expect(answer.status, field).toBe(400);
        expect(answer.body.error).toMatch(/segment/);
      }
      for (const body of [
        { segmentId: target, templateId: template },
        { segmentId: sql, templateId: template },
        { ...base, templateId: target },
        { ...base, options: { columns: { email: sql } } },
        { ...base, options: { source: target } },
        { ...base, controlGroupPercent: 10, controlGroupKey: `email") FROM read_text('${target}') --` },
      ]) {
        const answer = await s.call('POST', '/api/campaigns', s.userKey, {
          name: `Attack ${++n}`,
          audienceName: `Attack audience ${n}`,
          ...body,
        });
        // Refused now, or saved as a column name: its run reads the segment only (checked below).
        if (answer.status !== 200) expect([400, 404, 409], JSON.stringify(body)).toContain(answer.status);
        else {
          const run = await s.call('POST', `/api/campaigns/${String(answer.body.id)}/run`, s.userKey);
          expect(run.status).toBe(200);
          const done = await s.settled(String(run.body.id));
          expect(done.status, JSON.stringify(body)).not.toBe('succeeded');
          const seen = await s.call('GET', `/api/workflows/${String(run.body.id)}`, s.userKey);
          expect(seen.status).toBe(200);
          // Their own input may be echoed; the segment's source and the engine's text are not.
          expect(seen.text).not.toContain('winter.csv');
          expect(seen.text).toContain('An admin can see why in the workflow under this reference.');
          await s.admin('DELETE', `/api/campaigns/${String(answer.body.id)}`);
        }
      }
    }
    // Campaigns may only be changed by admins.
    const campaign = await s.admin<{ id: string }>('POST', '/api/campaigns', {
      name: 'Legit',
      audienceName: 'Legit audience',
      ...base,
    });
    const patch = await s.call('PATCH', `/api/campaigns/${campaign.id}`, s.userKey, {
      sourceQuery: `SELECT * FROM read_text('/etc/passwd')`,
    });
    expect(patch.status).toBe(403);
    const adminPatch = await s.call('PATCH', `/api/campaigns/${campaign.id}`, s.adminKey, {
      sourceQuery: `SELECT * FROM read_text('/etc/passwd')`,
    });
    expect(adminPatch.status).toBe(400);
    expect(adminPatch.body.error).toMatch(/segmentId/);
    await s.admin('DELETE', `/api/campaigns/${campaign.id}`);
    // Nothing beyond the runs' own bookkeeping was written: no file outside the data directory.
    const after = (await s.files()).filter((f) => !files.includes(f) && !f.startsWith('data/'));
    expect(after).toEqual([]);
  });

  it('business users cannot create or change segments or orchestrations', async () => {
    const sql = `SELECT content AS email FROM read_text('/etc/passwd')`;
    for (const [method, path, body] of [
      ['POST', '/api/segments', { name: 'x', sourceQuery: sql }],
      ['PATCH', `/api/segments/${s.ids.segment}`, { sourceQuery: sql }],
      ['POST', '/api/orchestrations', { name: 'x', sourceQuery: sql }],
      ['PATCH', `/api/orchestrations/${s.ids.ownerOrchestration}`, { sourceQuery: sql }],
      ['GET', `/api/segments/${s.ids.segment}`, undefined],
    ] as const) {
      const answer = await s.call(method, path, s.userKey, body);
      if (method === 'GET') {
        // Read by name and description: never the source.
        expect(answer.status).toBe(200);
        expect(answer.text).not.toContain('winter.csv');
        expect(answer.body.sourceQuery).toBeUndefined();
      } else expect(answer.status, `${method} ${path}`).toBe(403);
    }
  });

  it('admins: previews of every table function and glob outside the source roots are refused', async () => {
    for (const target of targets) {
      for (const query of fileReads(target)) {
        const answer = await s.call('POST', '/api/preview', s.adminKey, {
          sourceQuery: query,
          templateId: s.ids.template,
        });
        expect(answer.status, query).toBe(400);
        expect(answer.body.error, query).toMatch(
          /outside the allowed source directories|a source query is one SELECT statement|Table with name .* does not exist/,
        );
      }
      // A bare path or glob as the source (what --source takes), too.
      const bare = await s.call('POST', '/api/preview', s.adminKey, {
        sourceQuery: target.endsWith('*') ? `${target}.csv` : target,
        templateId: s.ids.template,
      });
      expect([400], target).toContain(bare.status);
    }
  });

  it('admins: a segment or orchestration reading a server file fails its preview and run, and sends nothing', async () => {
    const key = join(s.dataDir, 'secret.key');
    const segment = await s.admin<{ id: string }>('POST', '/api/segments', {
      name: 'Key segment',
      sourceQuery: `SELECT content AS email FROM read_text('${key}')`,
      openToBusinessUsers: true,
    });
    const asUser = await s.call('POST', '/api/preview', s.userKey, {
      segmentId: segment.id,
      templateId: s.ids.template,
    });
    expect(asUser.status).toBe(400);
    expect(asUser.body.error).toContain('the segment cannot be read now; ask an admin');
    expect(asUser.body.reference).toMatch(/^err_[0-9a-f]{12}$/);
    expect(asUser.text).not.toContain(key);
    const asAdmin = await s.call('POST', '/api/preview', s.adminKey, {
      segmentId: segment.id,
      templateId: s.ids.template,
    });
    expect(asAdmin.status).toBe(400);
    expect(asAdmin.body.error).toContain('outside the allowed source directories');

    // A business user's campaign of that segment runs and fails without reading the file.
    const campaign = await s.call('POST', '/api/campaigns', s.userKey, {
      name: 'Key campaign',
      segmentId: segment.id,
      templateId: s.ids.template,
      audienceName: 'Key audience',
    });
    expect(campaign.status).toBe(200);
    const run = await s.call('POST', `/api/campaigns/${String(campaign.body.id)}/run`, s.userKey);
    const done = await s.settled(String(run.body.id));
    expect(done.status).not.toBe('succeeded');
    expect(JSON.stringify(done)).toContain('outside the allowed source directories');
    const seen = await s.call('GET', `/api/workflows/${String(run.body.id)}`, s.userKey);
    expect(seen.text).not.toContain(key);
    expect(seen.text).not.toContain('read_text');

    for (const target of ['/etc/passwd', key]) {
      const o = await s.admin<{ id: string }>('POST', '/api/orchestrations', {
        name: `Read ${target}`,
        sourceQuery: `SELECT content AS email FROM read_text('${target}')`,
        destinationId: s.ids.destination,
        templateId: s.ids.template,
        overrides: { customAudienceName: `Leak ${target}` },
      });
      const started = await s.admin<{ id: string }>('POST', `/api/orchestrations/${o.id}/run`);
      const stopped = await s.settled(started.id);
      expect(stopped.status).not.toBe('succeeded');
      expectNoLeak(s, JSON.stringify(stopped));
    }
    expect(await s.tiktok()).toEqual(tiktokBefore);
  });
});
