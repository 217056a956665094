import { describe, expect, it } from 'vitest';
import { createEmulator } from './app.js';
import { ADV1, ADV2, ANALYST, call, createAudience, FOREIGN } from './emulator.test-support.js';

const create = (name: string, advertiser_id: string = ADV1, token?: string) =>
  call(createEmulator(), 'POST', 'segment/audience/', {
    token,
    body: { advertiser_id, action: 'create', custom_audience_name: name },
  });

describe('segment/audience create', () => {
  it('creates an audience with a 19-digit id', async () => {
    const r = await create('Repeat buyers');
    expect(r.code).toBe(0);
    expect(r.data.audience_id).toMatch(/^\d{19}$/);
  });

  it('keeps 400 visible characters as given and truncates a longer name with "..."', async () => {
    const e = createEmulator();
    const named = (name: string) =>
      call(e, 'POST', 'segment/audience/', {
        body: { advertiser_id: ADV1, action: 'create', custom_audience_name: name },
      });
    expect((await named('é'.repeat(400))).code).toBe(0);
    expect((await named('😀'.repeat(400))).code).toBe(0);
    expect((await named('a'.repeat(401))).code).toBe(0);
    const names = e.state.audiences.all().map((a) => a.name);
    expect(names).toEqual(['é'.repeat(400), '😀'.repeat(400), `${'a'.repeat(400)}...`]);
  });

  it('refuses an empty name', async () => {
    expect((await create('  ')).code).toBe(40002);
  });

  it('refuses Analysts and unauthorized advertisers with 40001, unknown advertisers with 40300', async () => {
    expect((await create('x', ADV1, ANALYST)).code).toBe(40001);
    expect((await create('x', FOREIGN)).code).toBe(40001);
    expect((await create('x', '7299999999999999999')).code).toBe(40300);
  });

  it('answers 40011 past the audience limit of an advertiser', async () => {
    const e = createEmulator({ maxAudiencesPerAdvertiser: 2 });
    await createAudience(e, 'a');
    await createAudience(e, 'b');
    const third = await call(e, 'POST', 'segment/audience/', {
      body: { advertiser_id: ADV1, action: 'create', custom_audience_name: 'c' },
    });
    expect(third.code).toBe(40011);
    expect(await createAudience(e, 'other advertiser', ADV2)).toMatch(/^\d+$/);
  });

  it('renames and deletes', async () => {
    const e = createEmulator();
    const id = await createAudience(e, 'old');
    const up = await call(e, 'POST', 'segment/audience/', {
      body: { advertiser_id: ADV1, action: 'update', audience_id: id, custom_audience_name: 'new' },
    });
    expect(up.code).toBe(0);
    expect(e.state.audiences.get(id)?.name).toBe('new');
    const del = await call(e, 'POST', 'segment/audience/', {
      body: { advertiser_id: ADV1, action: 'delete', audience_id: id },
    });
    expect(del.code).toBe(0);
    expect(e.state.audiences.get(id)).toBeUndefined();
  });

  it('refuses to rename an audience of another advertiser (40007) and unknown actions (40002)', async () => {
    const e = createEmulator();
    const id = await createAudience(e, 'mine', ADV2);
    const up = await call(e, 'POST', 'segment/audience/', {
      body: { advertiser_id: ADV1, action: 'update', audience_id: id, custom_audience_name: 'x' },
    });
    expect(up.code).toBe(40007);
    const odd = await call(e, 'POST', 'segment/audience/', {
      body: { advertiser_id: ADV1, action: 'merge' },
    });
    expect(odd.code).toBe(40002);
  });
});

describe('dmp/custom_audience/list and get', () => {
  it('pages through the advertiser audiences, newest first', async () => {
    const e = createEmulator();
    for (const n of ['a', 'b', 'c']) await createAudience(e, n);
    await createAudience(e, 'elsewhere', ADV2);
    const p1 = await call(e, 'GET', 'dmp/custom_audience/list/', {
      query: { advertiser_id: ADV1, page: '1', page_size: '2' },
    });
    expect(p1.code).toBe(0);
    expect((p1.data.list as { name: string }[]).map((a) => a.name)).toEqual(['c', 'b']);
    expect(p1.data.page_info).toEqual({ page: 1, page_size: 2, total_number: 3, total_page: 2 });
    const p2 = await call(e, 'GET', 'dmp/custom_audience/list/', {
      query: { advertiser_id: ADV1, page: '2', page_size: '2' },
    });
    expect((p2.data.list as { name: string }[]).map((a) => a.name)).toEqual(['a']);
  });

  it('lists with the fields TikTok gives', async () => {
    const e = createEmulator();
    await createAudience(e, 'a');
    const r = await call(e, 'GET', 'dmp/custom_audience/list/', {
      token: ANALYST,
      query: { advertiser_id: ADV1 },
    });
    const item = (r.data.list as Record<string, unknown>[])[0];
    expect(item).toMatchObject({ name: 'a', cover_num: 0, is_valid: false });
    expect(item?.create_time).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  });

  it('refuses page_size over 100 with 40002', async () => {
    const r = await call(createEmulator(), 'GET', 'dmp/custom_audience/list/', {
      query: { advertiser_id: ADV1, page_size: '101' },
    });
    expect(r.code).toBe(40002);
  });

  it('gets audience details by id', async () => {
    const e = createEmulator();
    const id = await createAudience(e, 'Buyers');
    const r = await call(e, 'GET', 'dmp/custom_audience/get/', {
      query: { advertiser_id: ADV1, custom_audience_ids: JSON.stringify([id]) },
    });
    expect(r.code).toBe(0);
    const entry = (r.data.list as Record<string, Record<string, unknown>>[])[0]!;
    expect(entry.audience_details).toMatchObject({
      audience_id: id,
      name: 'Buyers',
      cover_num: 0,
      is_valid: false,
    });
    expect(entry.audience_history).toBeInstanceOf(Array);
  });

  it('answers 40007 for an audience id the advertiser does not own', async () => {
    const e = createEmulator();
    const id = await createAudience(e, 'Buyers', ADV2);
    const r = await call(e, 'GET', 'dmp/custom_audience/get/', {
      query: { advertiser_id: ADV1, custom_audience_ids: JSON.stringify([id]) },
    });
    expect(r.code).toBe(40007);
  });
});
