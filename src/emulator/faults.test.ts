import { afterEach, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from './app.js';
import { startEmulator, type RunningEmulator } from './server.js';
import { ADV1, call, OPERATOR } from './emulator.test-support.js';

const list = (e: Emulator) => call(e, 'GET', 'dmp/custom_audience/list/', { query: { advertiser_id: ADV1 } });

async function outcomes(e: Emulator, n: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await e.app.request(`/open_api/v1.3/dmp/custom_audience/list/?advertiser_id=${ADV1}`, {
      headers: { 'Access-Token': OPERATOR },
    });
    out.push(
      res.status === 200 ? String(((await res.json()) as { code: number }).code) : `http:${res.status}`,
    );
  }
  return out;
}

describe('random faults', () => {
  it('are deterministic for a given seed and differ for another seed', async () => {
    const faults = { errorRate: 0.3, http503Rate: 0.2, seed: 42 };
    const a = await outcomes(createEmulator({ faults, rateLimitRps: 0 }), 40);
    const b = await outcomes(createEmulator({ faults, rateLimitRps: 0 }), 40);
    const c = await outcomes(createEmulator({ faults: { ...faults, seed: 7 }, rateLimitRps: 0 }), 40);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a).toContain('50000');
    expect(a).toContain('http:503');
    expect(a).toContain('0');
  });

  it('errorRate 1 answers 50000 envelopes with HTTP 200', async () => {
    const r = await list(createEmulator({ faults: { errorRate: 1 } }));
    expect(r.status).toBe(200);
    expect(r.code).toBe(50000);
  });

  it('http503Rate 1 answers an HTML gateway page', async () => {
    const res = await createEmulator({ faults: { http503Rate: 1 } }).app.request(
      `/open_api/v1.3/dmp/custom_audience/list/?advertiser_id=${ADV1}`,
    );
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toContain('text/html');
  });

  it('slow requests are still answered normally', async () => {
    const r = await list(createEmulator({ faults: { slowRate: 1, slowMs: 5 } }));
    expect(r.code).toBe(0);
  });

  it('can be switched on and off at runtime through POST /_emulator/faults', async () => {
    const e = createEmulator();
    const on = await e.app.request('/_emulator/faults', {
      method: 'POST',
      body: JSON.stringify({ errorRate: 1 }),
    });
    expect(on.status).toBe(200);
    expect((await list(e)).code).toBe(50000);
    await e.app.request('/_emulator/faults', { method: 'POST', body: JSON.stringify({}) });
    expect((await list(e)).code).toBe(0);
  });

  it('do not touch the inspection API', async () => {
    const e = createEmulator({ faults: { http503Rate: 1 } });
    expect((await e.app.request('/_emulator/stats')).status).toBe(200);
  });
});

describe('forced answers', () => {
  it('queues codes for the next requests of a path, in order', async () => {
    const e = createEmulator();
    const res = await e.app.request('/_emulator/next-errors', {
      method: 'POST',
      body: JSON.stringify({ path: '/open_api/v1.3/dmp/custom_audience/list/', codes: [40100, 'http:503'] }),
    });
    expect(res.status).toBe(200);
    const other = await call(e, 'GET', 'advertiser/info/', {
      query: { advertiser_ids: JSON.stringify([ADV1]) },
    });
    expect(other.code).toBe(0);
    expect(await outcomes(e, 3)).toEqual(['40100', 'http:503', '0']);
  });

  it('without a path applies to whatever comes next', async () => {
    const e = createEmulator();
    e.queueErrors([40202]);
    expect((await list(e)).code).toBe(40202);
    expect((await list(e)).code).toBe(0);
  });

  it('refuses a malformed queue request', async () => {
    const res = await createEmulator().app.request('/_emulator/next-errors', {
      method: 'POST',
      body: JSON.stringify({ codes: ['boom'] }),
    });
    expect(res.status).toBe(400);
  });

  it('drop rejects an in-process request like a network failure', async () => {
    const e = createEmulator();
    e.queueErrors(['drop']);
    await expect(list(e)).rejects.toThrow(/dropped/);
    expect(e.state.stats.requests['dmp/custom_audience/list/']).toEqual({ drop: 1 });
  });
});

describe('drop over a socket', () => {
  let running: RunningEmulator | undefined;
  afterEach(async () => running?.close());

  it('closes the connection without an answer, then serves the next request', async () => {
    running = await startEmulator({ faults: { dropRate: 1 } });
    const url = `${running.apiBase}dmp/custom_audience/list/?advertiser_id=${ADV1}`;
    await expect(fetch(url, { headers: { 'Access-Token': OPERATOR } })).rejects.toThrow();
    running.emulator.setFaults({});
    const res = await fetch(url, { headers: { 'Access-Token': OPERATOR } });
    expect(((await res.json()) as { code: number }).code).toBe(0);
  });
});
