import { describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from './app.js';
import { RawBatch, readMappingBody } from './mapping-bytes.js';
import { ADV1, createAudience, inspect, OPERATOR, sha } from './emulator.test-support.js';

/** Posts a mapping body given as raw text, as a client on the wire would. */
async function post(e: Emulator, text: string): Promise<{ code: number; message: string }> {
  const res = await e.app.request('/open_api/v1.3/segment/mapping/', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'Access-Token': OPERATOR },
    body: text,
  });
  return (await res.json()) as { code: number; message: string };
}

async function members(e: Emulator): Promise<Record<string, string[]>> {
  const list = await inspect<{ audiences: { members: Record<string, string[]> }[] }>(e, 'audiences');
  return list.audiences[0]!.members;
}

const head = `"advertiser_ids":["${ADV1}"],"action":"add","id_schema":["EMAIL_SHA256","PHONE_SHA256"]`;

describe('readMappingBody', () => {
  it('reads canonical batch_data as a RawBatch and everything else with JSON.parse', () => {
    const body = readMappingBody(
      Buffer.from(`{${head},"batch_data":[[{"id":"ab","audience_ids":["1"]},{}]],"extra":{"a":[1,"]"]}}`),
    );
    expect(body.batch_data).toBeInstanceOf(RawBatch);
    expect((body.batch_data as RawBatch).rows).toBe(1);
    expect(body.extra).toEqual({ a: [1, ']'] });
    expect(body.id_schema).toEqual(['EMAIL_SHA256', 'PHONE_SHA256']);
  });

  it('falls back to JSON.parse for other shapes of batch_data', () => {
    const odd = readMappingBody(Buffer.from(`{"batch_data":[[{"id":"a\\u0062","audience_ids":[1],"x":2}]]}`));
    expect(odd.batch_data).toEqual([[{ id: 'ab', audience_ids: [1], x: 2 }]]);
  });

  it.each([
    ['{"a":1', 'not valid JSON'],
    ['{"a":1} x', 'not valid JSON'],
    ['{"batch_data":[[{"id":"a","audience_ids":["1"]}]', 'not valid JSON'],
    ['[1,2]', 'must be a JSON object'],
    ['', 'not valid JSON'],
  ])('answers %s with 40002 (%s)', (text, message) => {
    expect(() => readMappingBody(Buffer.from(text))).toThrow(message);
  });
});

describe('segment/mapping from raw bytes gives the answers of the general path', () => {
  it('applies bodies with spaces, other key orders and empty cells alike', async () => {
    const e = createEmulator();
    const id = await createAudience(e);
    const [a, b, c] = [sha('a'), sha('b'), sha('c')];
    const text =
      `{ "batch_data" : [ [ { "audience_ids" : [ "${id}" ] , "id" : "${a}" } , { } ] ,\n` +
      `[{"id":"${b}","audience_ids":["${id}"]},{"id":"${c}","audience_ids":["${id}"]}] ], ${head} }`;
    expect((await post(e, text)).code).toBe(0);
    expect(await members(e)).toEqual({ EMAIL_SHA256: [a, b], PHONE_SHA256: [c] });
  });

  it('takes an id written with escapes as the id it stands for', async () => {
    const e = createEmulator();
    const id = await createAudience(e);
    const a = sha('a');
    const escaped = `\\u00${a.charCodeAt(0).toString(16)}${a.slice(1)}`;
    const text = `{${head},"batch_data":[[{"id":"${escaped}","audience_ids":["${id}"]},{}]]}`;
    expect((await post(e, text)).code).toBe(0);
    expect((await members(e)).EMAIL_SHA256).toEqual([a]);
  });

  it('words id and width problems exactly, at the first bad row, and applies nothing', async () => {
    const e = createEmulator();
    const id = await createAudience(e);
    const good = `[{"id":"${sha('a')}","audience_ids":["${id}"]},{}]`;
    const upper = `[{"id":"${sha('b').toUpperCase()}","audience_ids":["${id}"]},{}]`;
    const short = `[{"id":"${sha('c').slice(1)}","audience_ids":["${id}"]},{}]`;
    const narrow = `[{"id":"${sha('d')}","audience_ids":["${id}"]}]`;
    const r1 = await post(e, `{${head},"batch_data":[${good},${upper},${narrow}]}`);
    expect(r1).toMatchObject({
      code: 40062,
      message: 'batch_data[1][0].id is not a lowercase hex SHA256 hash',
    });
    const r2 = await post(e, `{${head},"batch_data":[${good},${narrow},${short}]}`);
    expect(r2).toMatchObject({
      code: 40002,
      message: 'batch_data[1] must have 2 items, one per id_schema entry',
    });
    const r3 = await post(e, `{${head},"batch_data":[${good},${short}]}`);
    expect(r3.code).toBe(40062);
    const r4 = await post(
      e,
      `{${head},"batch_data":[${good},[{"id":"${sha('e')}","audience_ids":["7400000000000000000"]},{}]]}`,
    );
    expect(r4.code).toBe(40007);
    expect(await members(e)).toEqual({});
  });

  it('refuses a short id whose 65th byte on is a quote, like the general path', async () => {
    // The reader guesses a SHA-256 id's closing quote 64 bytes on; here that is the quote opening the
    // audience id (46 + '","audience_ids":["'.length = 64), and the guessed id must not pass.
    const e = createEmulator();
    const id = await createAudience(e);
    const short = 'a'.repeat(46);
    const text = `{${head},"batch_data":[[{"id":"${short}","audience_ids":["${id}"]},{}]]}`;
    expect(text.indexOf('"', text.indexOf(short) + 64)).toBe(text.indexOf(short) + 64);
    expect(await post(e, text)).toMatchObject({
      code: 40062,
      message: 'batch_data[0][0].id is not a lowercase hex SHA256 hash',
    });
    expect(await members(e)).toEqual({});
  });

  it('keeps the last of repeated keys, as JSON.parse does', async () => {
    const e = createEmulator();
    const id = await createAudience(e);
    const row = `[{"id":"${sha('a')}","audience_ids":["${id}"]},{}]`;
    expect((await post(e, `{${head},"batch_data":[${row}]}`)).code).toBe(0);
    const text = `{${head},"batch_data":[[{}, {}]],"action":"delete","batch_data":[${row}]}`;
    expect((await post(e, text)).code).toBe(0);
    expect((await members(e)).EMAIL_SHA256).toEqual([]);
  });
});
