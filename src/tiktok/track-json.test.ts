import { describe, expect, it } from 'vitest';
import { createTikTokClient } from './client.js';

/** A client whose fetch records each body (as text) and answers OK. */
function recording() {
  const bodies: string[] = [];
  const client = createTikTokClient({
    baseUrl: 'http://127.0.0.1:9',
    accessToken: 'token',
    rps: 0,
    fetch: (_url: unknown, init?: RequestInit) => {
      const body = init?.body;
      bodies.push(typeof body === 'string' ? body : Buffer.from(body as Uint8Array).toString('utf8'));
      return Promise.resolve(
        new Response('{"code":0,"message":"OK","request_id":"r","data":{}}', { status: 200 }),
      );
    },
  });
  return { client, bodies };
}

const data = [
  { event: 'Purchase', event_time: 1_700_000_000, event_id: 'a"é😀', user: { email: 'e'.repeat(64) } },
  { event: 'Contact', event_time: 1_700_000_001, event_id: 'b', user: { email: 'f'.repeat(64) } },
];

describe('trackEventsJson', () => {
  for (const testEventCode of [undefined, 'TEST42']) {
    it(`sends the body trackEvents sends (test code ${String(testEventCode)})`, async () => {
      const { client, bodies } = recording();
      const common = { eventSource: 'offline' as const, eventSourceId: '7300000000000000001', testEventCode };
      await client.trackEvents({ ...common, data });
      await client.trackEventsJson({
        ...common,
        count: data.length,
        dataJson: Buffer.from(JSON.stringify(data)),
      });
      expect(bodies).toHaveLength(2);
      expect(bodies[1]).toBe(bodies[0]);
    });
  }

  it('refuses an event count TikTok would refuse', async () => {
    const { client } = recording();
    const input = { eventSource: 'offline' as const, eventSourceId: '1', dataJson: Buffer.from('[]') };
    await expect(client.trackEventsJson({ ...input, count: 0 })).rejects.toBeInstanceOf(RangeError);
    await expect(client.trackEventsJson({ ...input, count: 1001 })).rejects.toBeInstanceOf(RangeError);
  });
});
