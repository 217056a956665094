import { describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from './app.js';
import { ADV1, ADV2, ANALYST, call, createAudience, FOREIGN, sha } from './emulator.test-support.js';

const mapping = (e: Emulator, body: Record<string, unknown>, token?: string) =>
  call(e, 'POST', 'segment/mapping/', { token, body: { advertiser_ids: [ADV1], action: 'add', ...body } });

const row = (audienceId: string, email?: string, phone?: string) => [
  email ? { id: email, audience_ids: [audienceId] } : {},
  phone ? { id: phone, audience_ids: [audienceId] } : {},
];
const SCHEMA = ['EMAIL_SHA256', 'PHONE_SHA256'];

describe('segment/mapping add and delete', () => {
  it('stores members per id type and removes them', async () => {
    const e = createEmulator();
    const id = await createAudience(e);
    const add = await mapping(e, {
      id_schema: SCHEMA,
      batch_data: [row(id, sha('a'), sha('1')), row(id, sha('b'))],
    });
    expect(add.code).toBe(0);
    const audience = e.state.audiences.get(id)!;
    expect(audience.members.get('EMAIL_SHA256')?.size).toBe(2);
    expect(audience.members.get('PHONE_SHA256')?.has(sha('1'))).toBe(true);
    const del = await mapping(e, { action: 'delete', id_schema: SCHEMA, batch_data: [row(id, sha('a'))] });
    expect(del.code).toBe(0);
    expect(audience.members.get('EMAIL_SHA256')?.has(sha('a'))).toBe(false);
    expect(audience.members.get('EMAIL_SHA256')?.size).toBe(1);
  });

  it('maps audiences of two advertisers of one business in one call', async () => {
    const e = createEmulator();
    const a = await createAudience(e, 'x', ADV1);
    const b = await createAudience(e, 'x', ADV2);
    const r = await mapping(e, {
      advertiser_ids: [ADV1, ADV2],
      id_schema: ['EMAIL_SHA256'],
      batch_data: [[{ id: sha('a'), audience_ids: [a, b] }]],
    });
    expect(r.code).toBe(0);
    expect(e.state.audiences.get(b)?.members.get('EMAIL_SHA256')?.size).toBe(1);
  });

  it('accepts MD5 device ids of 32 hex characters', async () => {
    const e = createEmulator();
    const id = await createAudience(e);
    const md5 = 'd41d8cd98f00b204e9800998ecf8427e';
    const r = await mapping(e, { id_schema: ['IDFA_MD5'], batch_data: [[{ id: md5, audience_ids: [id] }]] });
    expect(r.code).toBe(0);
    const bad = await mapping(e, {
      id_schema: ['IDFA_MD5'],
      batch_data: [[{ id: sha('x'), audience_ids: [id] }]],
    });
    expect(bad.code).toBe(40062);
  });

  it('counts rows received, repeats included', async () => {
    const e = createEmulator();
    const id = await createAudience(e);
    const body = { id_schema: SCHEMA, batch_data: [row(id, sha('a')), row(id, sha('b'))] };
    await mapping(e, body);
    await mapping(e, body);
    expect(e.state.stats.mapping_rows_received).toBe(4);
  });
});

describe('segment/mapping rules', () => {
  it('answers 40002 when a row does not line up with id_schema', async () => {
    const e = createEmulator();
    const id = await createAudience(e);
    const r = await mapping(e, {
      id_schema: SCHEMA,
      batch_data: [row(id, sha('a')), [{ id: sha('b'), audience_ids: [id] }]],
    });
    expect(r.code).toBe(40002);
    expect(r.message).toContain('batch_data[1]');
  });

  it('answers 40062 for unhashed or upper-case ids and applies nothing', async () => {
    const e = createEmulator();
    const id = await createAudience(e);
    const plain = await mapping(e, {
      id_schema: SCHEMA,
      batch_data: [row(id, sha('a')), row(id, 'person@example.com')],
    });
    expect(plain.code).toBe(40062);
    expect(plain.message).toContain('batch_data[1][0]');
    const upper = await mapping(e, { id_schema: SCHEMA, batch_data: [row(id, sha('a').toUpperCase())] });
    expect(upper.code).toBe(40062);
    expect(e.state.audiences.get(id)?.members.size).toBe(0);
  });

  it('answers 40061 past the batch limit and accepts exactly the limit', async () => {
    const e = createEmulator({ mappingBatchLimit: 3 });
    const id = await createAudience(e);
    const rows = (n: number) => Array.from({ length: n }, (_, i) => row(id, sha(`p${i}`)));
    expect((await mapping(e, { id_schema: SCHEMA, batch_data: rows(3) })).code).toBe(0);
    expect((await mapping(e, { id_schema: SCHEMA, batch_data: rows(4) })).code).toBe(40061);
  });

  it('answers 40007 for an unknown audience and 40002 for one outside the request advertisers', async () => {
    const e = createEmulator();
    const other = await createAudience(e, 'x', ADV2);
    const unknown = await mapping(e, {
      id_schema: SCHEMA,
      batch_data: [row('7499999999999999999', sha('a'))],
    });
    expect(unknown.code).toBe(40007);
    const foreign = await mapping(e, { id_schema: SCHEMA, batch_data: [row(other, sha('a'))] });
    expect(foreign.code).toBe(40002);
  });

  it('answers 40002 for an unknown id type or action', async () => {
    const e = createEmulator();
    const id = await createAudience(e);
    expect(
      (await mapping(e, { id_schema: ['EMAIL'], batch_data: [[{ id: sha('a'), audience_ids: [id] }]] })).code,
    ).toBe(40002);
    expect(
      (await mapping(e, { action: 'replace', id_schema: SCHEMA, batch_data: [row(id, sha('a'))] })).code,
    ).toBe(40002);
  });

  it('answers 40001 for advertisers of different businesses, unauthorized advertisers and Analysts', async () => {
    const e = createEmulator();
    const id = await createAudience(e);
    const body = { id_schema: SCHEMA, batch_data: [row(id, sha('a'))] };
    expect((await mapping(e, { ...body, advertiser_ids: [ADV1, FOREIGN] })).code).toBe(40001);
    expect((await mapping(e, body, ANALYST)).code).toBe(40001);
    expect((await mapping(e, { ...body, advertiser_ids: ['7299999999999999999'] })).code).toBe(40300);
  });

  it('answers 40002 for a body that is not JSON', async () => {
    const e = createEmulator();
    const res = await e.app.request('/open_api/v1.3/segment/mapping/', {
      method: 'POST',
      headers: { 'Access-Token': 'emulator-operator-token' },
      body: '{not json',
    });
    expect(((await res.json()) as { code: number }).code).toBe(40002);
  });
});

describe('cover_num and is_valid', () => {
  it('become available processingDelayMs after the last change', async () => {
    let now = Date.UTC(2025, 0, 1);
    const e = createEmulator({ clock: () => now, processingDelayMs: 60_000 });
    const id = await createAudience(e);
    await mapping(e, {
      id_schema: SCHEMA,
      batch_data: [row(id, sha('a'), sha('1')), row(id, sha('b'), sha('2'))],
    });
    const get = async () => {
      const r = await call(e, 'GET', 'dmp/custom_audience/get/', {
        query: { advertiser_id: ADV1, custom_audience_ids: JSON.stringify([id]) },
      });
      return (r.data.list as { audience_details: { is_valid: boolean; cover_num: number } }[])[0]!
        .audience_details;
    };
    expect(await get()).toMatchObject({ is_valid: false, cover_num: 0 });
    now += 60_000;
    expect(await get()).toMatchObject({ is_valid: true, cover_num: 2 });
    await mapping(e, { id_schema: SCHEMA, batch_data: [row(id, sha('c'))] });
    expect(await get()).toMatchObject({ is_valid: false, cover_num: 2 });
    now += 60_000;
    expect(await get()).toMatchObject({ is_valid: true, cover_num: 3 });
  });

  it('counts only members of an explicit population', async () => {
    const e = createEmulator({ population: { emails: [sha('a')], phones: [sha('1'), sha('2')] } });
    const id = await createAudience(e);
    await mapping(e, {
      id_schema: SCHEMA,
      batch_data: [row(id, sha('a'), sha('1')), row(id, sha('b'), sha('2')), row(id, sha('c'))],
    });
    const status = e.state.audiences.status(e.state.audiences.get(id)!, Date.now());
    expect(status).toEqual({ is_valid: true, cover_num: 2 });
  });

  it('applies matchRate deterministically by hash', async () => {
    const members = Array.from({ length: 2000 }, (_, i) => sha(`m${i}`));
    const expected = members.filter((h) => parseInt(h.slice(0, 8), 16) < 0.3 * 2 ** 32).length;
    const e = createEmulator({ matchRate: 0.3 });
    const id = await createAudience(e);
    await mapping(e, {
      id_schema: ['EMAIL_SHA256'],
      batch_data: members.map((m) => [{ id: m, audience_ids: [id] }]),
    });
    const status = e.state.audiences.status(e.state.audiences.get(id)!, Date.now());
    expect(status.cover_num).toBe(expected);
    expect(expected).toBeGreaterThan(450);
    expect(expected).toBeLessThan(750);
  });
});

describe('large audiences', () => {
  it('maps 100,000 members in batches of 10,000', async () => {
    const e = createEmulator({ rateLimitRps: 0 });
    const id = await createAudience(e);
    for (let b = 0; b < 10; b++) {
      const batch = Array.from({ length: 10_000 }, (_, i) =>
        row(id, sha(`e${b * 10_000 + i}`), sha(`p${b * 10_000 + i}`)),
      );
      const r = await mapping(e, { id_schema: SCHEMA, batch_data: batch });
      expect(r.code).toBe(0);
    }
    const audience = e.state.audiences.get(id)!;
    expect(audience.members.get('EMAIL_SHA256')?.size).toBe(100_000);
    expect(audience.members.get('PHONE_SHA256')?.has(sha('p99999'))).toBe(true);
    expect(e.state.stats.mapping_rows_received).toBe(100_000);
  });
});
