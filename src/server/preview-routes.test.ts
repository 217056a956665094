import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDestination, createTemplate, type Credential } from '../config/index.js';
import {
  ADVERTISER,
  authorizedCredential,
  capturingLogger,
  EVENT_SET,
  openFixture,
  PIXEL,
  type ControlPlaneFixture,
} from '../config/control-plane.test-support.js';
import { hashRow, ID_SCHEMA_NAME, sha256Hex, type IdType } from '../identity/index.js';
import { testSegment } from '../orchestrations/run-fixture.test-support.js';
import { TEST_ENGINES, testDatabaseUrl } from '../store/store.test-support.js';
import { createApiKey } from './api-keys.js';
import { createServerApp } from './app.js';
import { createMetrics } from './metrics.js';
import { previewRoutes } from './preview-routes.js';
import type { AppEnv } from './routes.js';

interface PreviewRow {
  row: number;
  input: Record<string, string | null>;
  sent: Record<string, unknown> | null;
  rejects: { field: string; reason: string; message: string }[];
  eventRows?: number[];
  target?: { eventSource: string; eventSourceId: string };
}
interface Answer {
  error: string;
  reference?: string;
  details: { path: string; message: string }[];
  kind: string;
  columns: string[];
  rows: PreviewRow[];
  note: string;
}

const at = (daysAgo: number) =>
  new Date(Date.now() - daysAgo * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

const CUSTOMERS =
  'customer_id,Mail Addr,phone\n' +
  'c1, Ann@Example.com ,+33 6 12 34 56 78\n' +
  'c2,not-an-email,0612345678\n' +
  'c3,,\n' +
  'c4,bo@example.com,12\n' +
  `c5,${'A'.repeat(64)},\n` +
  'c6,cy@example.com,\n';

describe.each(TEST_ENGINES)('POST /api/preview on %s', (engine) => {
  let fx: ControlPlaneFixture;
  let dir: string;
  let app: Hono<AppEnv>;
  let adminKey: string;
  let userKey: string;
  let credential: Credential;
  let audienceTemplate: string;
  let closedTemplate: string;
  let eventsTemplate: string;
  const log = capturingLogger();

  beforeAll(async () => {
    fx = await openFixture(engine);
    dir = await mkdtemp(join(tmpdir(), 'ttads-preview-'));
    credential = await authorizedCredential(fx.deps);
    app = createServerApp(
      {
        store: fx.store,
        logger: log.logger,
        version: 'test',
        metrics: createMetrics({ defaults: false }),
      },
      previewRoutes({ control: fx.deps, sourceDatabaseUrl: testDatabaseUrl() }),
    );
    adminKey = (await createApiKey(fx.store, { name: 'ops', role: 'admin' })).key;
    userKey = (await createApiKey(fx.store, { name: 'marketing', role: 'business_user' })).key;
    const audiences = await createDestination(fx.deps, {
      name: 'Audiences',
      plugin: 'tiktok_custom_audiences',
      credentialId: credential.id,
      settings: { advertiserId: ADVERTISER },
      businessUserAccess: true,
    });
    audienceTemplate = (
      await createTemplate(fx.deps, {
        destinationId: audiences.destination.id,
        name: 'Buyers',
        settings: { customAudienceName: 'Buyers', userIdTypes: ['EMAIL', 'PHONE'] },
        businessUserAccess: true,
      })
    ).template.id;
    closedTemplate = (
      await createTemplate(fx.deps, {
        destinationId: audiences.destination.id,
        name: 'Admins only',
        settings: { customAudienceName: 'Secret' },
        businessUserAccess: false,
      })
    ).template.id;
    const events = await createDestination(fx.deps, {
      name: 'Store sales',
      plugin: 'tiktok_events',
      credentialId: credential.id,
      settings: { advertiserId: ADVERTISER, eventSetId: EVENT_SET },
    });
    eventsTemplate = (await createTemplate(fx.deps, { destinationId: events.destination.id, name: 'Sales' }))
      .template.id;
    await writeFile(join(dir, 'customers.csv'), CUSTOMERS);
  });
  afterAll(async () => {
    await fx?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function preview(body: unknown, key = adminKey) {
    const res = await app.request('/api/preview', {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, text, body: JSON.parse(text) as Answer };
  }

  it('hashes audience identifiers exactly as src/identity does, with the rejects of each row', async () => {
    const options = { defaultRegion: 'fr', columns: { email: 'Mail Addr' } };
    const { status, body } = await preview({
      sourceQuery: join(dir, 'customers.csv'),
      templateId: audienceTemplate,
      options,
    });
    expect(status, body.error).toBe(200);
    expect(body.kind).toBe('audience');
    expect(body.columns).toEqual(['customer_id', 'Mail Addr', 'phone']);
    expect(body.note).toMatch(/SHA-256 hashed on this server/);
    expect(body.rows.map((r) => r.row)).toEqual([1, 2, 3, 4, 5, 6]);
    const types: IdType[] = ['EMAIL', 'PHONE'];
    for (const r of body.rows) {
      const expected = hashRow({ email: r.input['Mail Addr'], phone: r.input.phone }, types, {
        defaultRegion: 'FR',
      });
      const sent = Object.fromEntries(
        Object.entries(expected.hashes).map(([t, h]) => [ID_SCHEMA_NAME[t as IdType], h]),
      );
      expect(r.sent ?? {}).toEqual(sent);
      expect(r.rejects.map((j) => j.reason)).toEqual(expected.rejects);
    }
    const [ann, bad, none, , ownHash] = body.rows;
    expect(ann?.input).toEqual({
      customer_id: 'c1',
      'Mail Addr': ' Ann@Example.com ',
      phone: '+33 6 12 34 56 78',
    });
    expect(ann?.sent).toEqual({
      EMAIL_SHA256: sha256Hex('ann@example.com'),
      PHONE_SHA256: sha256Hex('+33612345678'),
    });
    expect(bad?.sent).toEqual({ PHONE_SHA256: sha256Hex('+33612345678') });
    expect(bad?.rejects).toEqual([
      { field: 'email', reason: 'email_invalid', message: expect.stringMatching(/email/) as string },
    ]);
    expect(none?.sent).toBeNull();
    expect(none?.rejects[0]).toMatchObject({ field: '(row)', reason: 'no_identifier' });
    expect(ownHash?.sent).toEqual({ EMAIL_SHA256: 'a'.repeat(64) });
  });

  it('resolves settings with the overrides given, as a run would, and records nothing', async () => {
    const source = join(dir, 'customers.csv');
    const emailOnly = await preview({
      sourceQuery: source,
      templateId: audienceTemplate,
      overrides: { userIdTypes: ['EMAIL'] },
      options: { columns: { email: 'Mail Addr' } },
    });
    expect(emailOnly.status, emailOnly.body.error).toBe(200);
    expect(emailOnly.body.rows[0]?.sent).toEqual({ EMAIL_SHA256: sha256Hex('ann@example.com') });
    expect(emailOnly.body.rows[1]?.sent).toBeNull();
    const bad = await preview({
      sourceQuery: source,
      templateId: audienceTemplate,
      overrides: { userIdTypes: ['FAX'] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details[0]?.path).toMatch(/^body\.overrides\.userIdTypes/);
    const runs = await fx.store.query<{ n: string }>('SELECT count(*) AS n FROM runs');
    expect(Number(runs[0]?.n)).toBe(0);
  });

  it('reads no more than the limit, also from a query that never ends', async () => {
    const file = await preview({
      sourceQuery: join(dir, 'customers.csv'),
      templateId: audienceTemplate,
      limit: 2,
    });
    expect(file.body.rows).toHaveLength(2);
    // Without the LIMIT in the source's query, this would read a trillion rows.
    const sql = await preview({
      sourceQuery: "SELECT 'u' || range || '@example.com' AS email FROM range(1000000000000)",
      templateId: audienceTemplate,
      limit: 3,
    });
    expect(sql.status, sql.body.error).toBe(200);
    expect(sql.body.rows.map((r) => r.input.email)).toEqual([
      'u0@example.com',
      'u1@example.com',
      'u2@example.com',
    ]);
    const pg = await preview({
      sourceQuery: "pg:SELECT 'p' || g || '@example.com' AS email, g AS n FROM generate_series(1, 100) AS g",
      templateId: audienceTemplate,
      limit: 4,
    });
    expect(pg.status, pg.body.error).toBe(200);
    expect(pg.body.columns).toEqual(['email', 'n']);
    expect(pg.body.rows.map((r) => r.input)).toEqual(
      [1, 2, 3, 4].map((n) => ({ email: `p${n}@example.com`, n: String(n) })),
    );
    expect(pg.body.rows[3]?.sent).toEqual({ EMAIL_SHA256: sha256Hex('p4@example.com') });
  });

  it('maps events as they would be sent, an order of two rows as one event', async () => {
    const file = join(dir, 'sales.csv');
    const yesterday = at(1);
    await writeFile(
      file,
      'event_id,email,event,timestamp,price,quantity,currency,content_id\n' +
        `o-1,Ann@Example.com,Purchase,${yesterday},10,2,USD,sku-1\n` +
        `o-1,Ann@Example.com,Purchase,${yesterday},5,1,USD,sku-2\n` +
        `o-2,not-an-email,Purchase,${yesterday},1,1,USD,sku-3\n` +
        `o-3,bo@example.com,Purchase,${at(40)},1,1,USD,sku-4\n`,
    );
    const { status, body } = await preview({ sourceQuery: file, templateId: eventsTemplate });
    expect(status, body.error).toBe(200);
    expect(body.kind).toBe('events');
    expect(body.note).toMatch(/28 days/);
    const [first, second, invalid, old] = body.rows;
    const event = {
      event: 'Purchase',
      event_time: Math.floor(Date.parse(yesterday) / 1000),
      event_id: 'o-1',
      user: { email: sha256Hex('ann@example.com') },
      properties: {
        contents: [
          { price: 10, quantity: 2, content_id: 'sku-1' },
          { price: 5, quantity: 1, content_id: 'sku-2' },
        ],
        currency: 'USD',
        value: 25,
      },
    };
    expect(first).toMatchObject({ row: 1, sent: event, eventRows: [1, 2], rejects: [] });
    expect(second).toMatchObject({ row: 2, sent: event, eventRows: [1, 2] });
    expect(invalid?.sent).toBeNull();
    expect(invalid?.rejects).toEqual([
      { field: 'email', reason: 'email_invalid', message: expect.stringMatching(/email/) as string },
    ]);
    expect(old?.rejects.map((r) => r.reason)).toEqual(['outside_window']);
    expect(invalid?.input.email).toBe('not-an-email');
  });

  it("brings an order's rows together wherever they are, and holds back an order with a bad row", async () => {
    const file = join(dir, 'spread.csv');
    const yesterday = at(1);
    await writeFile(
      file,
      'event_id,email,event,timestamp,price,currency\n' +
        `o-7,ann@example.com,Purchase,${yesterday},1,USD\n` +
        `o-8,bo@example.com,Purchase,${yesterday},2,USD\n` +
        `o-7,ann@example.com,Purchase,${yesterday},3,USD\n` +
        `o-9,cy@example.com,Purchase,${yesterday},4,USD\n` +
        `o-9,cy@example.com,Purchase,${yesterday},-1,USD\n`,
    );
    const { status, body } = await preview({ sourceQuery: file, templateId: eventsTemplate });
    expect(status, body.error).toBe(200);
    expect(body.rows.map((r) => r.eventRows)).toEqual([[1, 3], [2], [1, 3], [], []]);
    expect(body.rows[2]?.sent).toMatchObject({ event_id: 'o-7', properties: { value: 4 } });
    expect(body.rows[3]?.rejects.map((r) => r.reason)).toEqual(['order_incomplete']);
    expect(body.rows[4]?.rejects.map((r) => r.reason)).toEqual(['price_invalid']);
  });

  it('previews web events sent to their pixel, given only its code as the event set id', async () => {
    const file = join(dir, 'web.csv');
    const yesterday = at(1);
    await writeFile(
      file,
      'event_id,email,event,timestamp,event_set_id\n' +
        `w-1,ann@example.com,ViewContent,${yesterday},\n` +
        `w-2,bo@example.com,ViewContent,${yesterday},${EVENT_SET}\n`,
    );
    // The offline template, turned to web events by the overrides: no offline event set is needed.
    const { status, body } = await preview({
      sourceQuery: file,
      templateId: eventsTemplate,
      overrides: { eventSource: 'web', eventSetId: PIXEL },
    });
    expect(status, body.error).toBe(200);
    const [byPixel, byEventSet] = body.rows;
    expect(byPixel).toMatchObject({
      sent: { event_id: 'w-1' },
      rejects: [],
      target: { eventSource: 'web', eventSourceId: PIXEL },
    });
    expect(byEventSet?.sent).toBeNull();
    expect(byEventSet?.rejects).toEqual([
      {
        field: 'event_set_id',
        reason: 'pixel_code_invalid',
        message: expect.stringMatching(/must be the pixel code/) as string,
      },
    ]);

    const webDestination = await createDestination(fx.deps, {
      name: 'Web events',
      plugin: 'tiktok_events',
      credentialId: credential.id,
      settings: { advertiserId: ADVERTISER, eventSource: 'web', eventSetId: PIXEL },
    });
    const webTemplate = await createTemplate(fx.deps, {
      destinationId: webDestination.destination.id,
      name: 'Web',
    });
    const web = await preview({ sourceQuery: file, templateId: webTemplate.template.id });
    expect(web.body.rows[0]).toMatchObject({ target: { eventSource: 'web', eventSourceId: PIXEL } });
  });

  it('refuses business users a template not opened to them, as if it did not exist', async () => {
    const segment = await testSegment(fx.store, 'Customers', join(dir, 'customers.csv'));
    const closed = await preview({ segmentId: segment.id, templateId: closedTemplate }, userKey);
    expect(closed.status).toBe(404);
    expect(closed.body.error).toBe(`data template ${closedTemplate} does not exist`);
    expect((await preview({ segmentId: segment.id, templateId: closedTemplate })).status).toBe(200);
    expect((await preview({ segmentId: segment.id, templateId: eventsTemplate }, userKey)).status).toBe(404);
    expect((await preview({ segmentId: segment.id, templateId: 'tpl_nope' })).status).toBe(404);
  });

  it('previews a segment for a business user with hashes and reasons only, never a source query', async () => {
    const source = join(dir, 'customers.csv');
    const segment = await testSegment(fx.store, 'Mapped customers', source, {
      columns: { email: 'Mail Addr' },
      idTypes: ['EMAIL'],
    });
    const closed = await testSegment(fx.store, 'Admins only', source, { openToBusinessUsers: false });
    const query = await preview({ sourceQuery: source, templateId: audienceTemplate }, userKey);
    expect(query.status).toBe(403);
    expect(query.body.error).toBe('Business users preview segments (segmentId), never a source query.');
    const both = await preview({ sourceQuery: source, segmentId: segment.id, templateId: audienceTemplate });
    expect(both.status).toBe(400);
    expect(both.body.error).toMatch(/give either segmentId or sourceQuery/);
    const hidden = await preview({ segmentId: closed.id, templateId: audienceTemplate }, userKey);
    expect(hidden.status).toBe(404);
    expect(hidden.body.error).toBe(`segment ${closed.id} does not exist`);

    const res = await app.request('/api/preview', {
      method: 'POST',
      headers: { authorization: `Bearer ${userKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ segmentId: segment.id, templateId: audienceTemplate }),
    });
    const text = await res.text();
    const open = JSON.parse(text) as Answer;
    expect(res.status, open.error).toBe(200);
    // The segment's id types (EMAIL) and mapping (Mail Addr) apply, as in a campaign run.
    expect(open.rows[0]?.sent).toEqual({ EMAIL_SHA256: sha256Hex('ann@example.com') });
    expect(open.rows[1]?.rejects.map((r) => r.reason)).toEqual(['email_invalid']);
    expect(open.rows.flatMap((r) => Object.values(r.input)).every((v) => v === null)).toBe(true);
    expect(open.note).toMatch(/admins only/);
    for (const raw of ['Ann@Example.com', 'not-an-email', '0612345678', source])
      expect(text).not.toContain(raw);
    const asAdmin = await preview({ segmentId: segment.id, templateId: audienceTemplate });
    expect(asAdmin.body.rows.map((r) => r.sent)).toEqual(open.rows.map((r) => r.sent));
    expect(asAdmin.body.rows[0]?.input['Mail Addr']).toBe(' Ann@Example.com ');

    // A segment that cannot be read is told without the engine's text (which names files and values).
    const broken = await testSegment(fx.store, 'Broken', join(dir, 'gone.csv'));
    const failed = await preview({ segmentId: broken.id, templateId: audienceTemplate }, userKey);
    expect(failed.status).toBe(400);
    expect(failed.body.error).toBe(
      'Invalid request: body.segmentId: the segment cannot be read now; ask an admin. ' +
        `Reference ${String(failed.body.reference)}: an admin can find the detail in the server log.`,
    );
    expect(failed.text).not.toContain('gone.csv');
    const forAdmin = await preview({ segmentId: broken.id, templateId: audienceTemplate });
    expect(forAdmin.body.error).toMatch(/gone\.csv/);
  });

  it('answers 400 naming the problem for a source that cannot be read or lacks a column', async () => {
    const missing = await preview({ sourceQuery: join(dir, 'nope.csv'), templateId: audienceTemplate });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatch(/body\.sourceQuery: File not found: .*nope\.csv/);
    expect(missing.body.details[0]?.path).toBe('body.sourceQuery');
    const sql = await preview({ sourceQuery: 'SELECT nope FROM range(3)', templateId: audienceTemplate });
    expect(sql.status).toBe(400);
    expect(sql.body.error).toMatch(/Query failed for SQL source/);
    const kind = await preview({ sourceQuery: 'customers.xlsx', templateId: audienceTemplate });
    expect(kind.status).toBe(400);
    const noId = await preview({ sourceQuery: 'SELECT 1 AS customer_id', templateId: audienceTemplate });
    expect(noId.body.error).toMatch(/No identifier column/);
    const noEvent = await preview({ sourceQuery: join(dir, 'customers.csv'), templateId: eventsTemplate });
    expect(noEvent.status).toBe(400);
    expect(noEvent.body.error).toMatch(/No column for email in .*customers\.csv/);
    const badOption = await preview({
      sourceQuery: join(dir, 'customers.csv'),
      templateId: audienceTemplate,
      options: { defaultRegion: 'France' },
    });
    expect(badOption.status).toBe(400);
    expect(badOption.body.details[0]?.path).toBe('body.options.defaultRegion');
    const badLimit = await preview({ sourceQuery: 'x.csv', templateId: audienceTemplate, limit: 51 });
    expect(badLimit.status).toBe(400);
    const unknown = await preview({ sourceQuery: 'x.csv', templateId: audienceTemplate, nope: 1 });
    expect(unknown.status).toBe(400);
  });

  it('answers business users a generic error with a reference, logs the engine text, and shows it to admins', async () => {
    const secret = join(dir, 'secret.key');
    await writeFile(secret, 'TOPSECRET-42\n');
    // An admin's segment that fails with the file's content in the engine's message.
    const leaky = await testSegment(
      fx.store,
      'Leaky',
      `SELECT error(content) AS email FROM read_text('${secret}')`,
    );
    const body = { segmentId: leaky.id, templateId: audienceTemplate };
    const asUser = await preview(body, userKey);
    expect(asUser.status).toBe(400);
    expect(asUser.body.reference).toMatch(/^err_[0-9a-f]{12}$/);
    expect(asUser.body.error).toBe(
      `Invalid request: body.segmentId: the segment cannot be read now; ask an admin. Reference ${asUser.body.reference}: an admin can ` +
        'find the detail in the server log.',
    );
    expect(asUser.text).not.toContain('TOPSECRET-42');
    expect(asUser.body.details).toBeUndefined();
    const logged = log.lines.filter((l) => l.includes(String(asUser.body.reference)));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/TOPSECRET-42/);

    const asAdmin = await preview(body);
    expect(asAdmin.status).toBe(400);
    expect(asAdmin.body.error).toMatch(/body\.segmentId: .*TOPSECRET-42/);
    // Errors that name only the caller's own input stay as they are.
    const bad = await preview({ ...body, limit: 51 }, userKey);
    expect(bad.body.error).toMatch(/^Invalid request: body\.limit/);
  });
});
