import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTikTokClient, type TikTokClientOptions } from './client.js';
import { InvalidCredentials, InvalidRequest, RateLimited, TikTokApiError, Transient } from './errors.js';
import {
  connectionReset,
  fail,
  fakeClock,
  GATEWAY_PAGE,
  ok,
  scriptedFetch,
  type FakeAnswer,
  type Script,
} from './scripted-fetch.test-support.js';

const TOKEN = 'tok-0123456789-secret';
const ADV = '7200000000000000001';

function setup(script: Script, extra: Partial<TikTokClientOptions> = {}) {
  const clock = fakeClock();
  const fake = scriptedFetch(script, clock.now);
  const client = createTikTokClient({
    baseUrl: 'https://tiktok.test',
    accessToken: TOKEN,
    rps: 0,
    fetch: fake.fetch,
    sleep: clock.sleep,
    now: clock.now,
    random: () => 1,
    retry: {
      maxAttempts: 4,
      maxElapsedMs: 60_000,
      baseDelayMs: 100,
      maxDelayMs: 5_000,
      rateLimitDelayMs: 1_000,
    },
    ...extra,
  });
  return { client, calls: fake.calls, clock };
}

async function caught(promise: Promise<unknown>): Promise<TikTokApiError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof TikTokApiError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

describe('transport: request shape', () => {
  it('sends the token in Access-Token (no Bearer) and array query params as JSON text', async () => {
    const { client, calls } = setup([ok({ list: [] })]);
    await client.getAdvertiserInfo([ADV, '7200000000000000002']);
    const call = calls[0]!;
    expect(call.headers['access-token']).toBe(TOKEN);
    expect(call.headers.authorization).toBeUndefined();
    expect(call.method).toBe('GET');
    expect(call.url.origin + call.url.pathname).toBe('https://tiktok.test/open_api/v1.3/advertiser/info/');
    expect(call.url.searchParams.get('advertiser_ids')).toBe(`["${ADV}","7200000000000000002"]`);
  });

  it('posts a JSON body with a JSON content type', async () => {
    const { client, calls } = setup([ok({})]);
    await client.trackEvents({
      eventSource: 'offline',
      eventSourceId: 'ES1',
      data: [{ event: 'Purchase', event_time: 1 }],
    });
    expect(calls[0]!.method).toBe('POST');
    expect(calls[0]!.headers['content-type']).toBe('application/json');
    expect(calls[0]!.body).toEqual({
      event_source: 'offline',
      event_source_id: 'ES1',
      data: [{ event: 'Purchase', event_time: 1 }],
    });
  });

  it('passes a timeout signal on every request', async () => {
    const { client, calls } = setup([ok({ list: [] })]);
    await client.getAdvertiserInfo([ADV]);
    expect(calls[0]!.signal).toBeInstanceOf(AbortSignal);
  });

  it('fails without sending when no token is configured', async () => {
    const { client, calls } = setup([], { accessToken: undefined });
    const err = await caught(client.getAdvertiserInfo([ADV]));
    expect(err).toBeInstanceOf(InvalidCredentials);
    expect(calls).toHaveLength(0);
  });
});

describe('transport: bodies given as functions', () => {
  it('builds a mapping body only once the quota grants the request, and sends its bytes as JSON', async () => {
    let takes = 0;
    const quota = {
      take: () =>
        Promise.resolve(
          takes++ === 0
            ? { granted: false as const, waitMs: 500, window: 'second' as const }
            : { granted: true as const },
        ),
    };
    const { client, calls, clock } = setup([ok({})], { quota });
    const builtAt: number[] = [];
    const before = clock.now();
    await client.mapAudienceJson({
      advertiserIds: [ADV],
      action: 'add',
      idSchema: ['EMAIL_SHA256'],
      batchDataJson: () => {
        builtAt.push(clock.now());
        return new TextEncoder().encode('[[{"id":"ab","audience_ids":["1"]}]]');
      },
    });
    expect(takes).toBe(2);
    expect(builtAt).toEqual([calls[0]!.at]);
    expect(builtAt[0]! - before).toBeGreaterThanOrEqual(500);
    expect(calls[0]!.body).toEqual({
      advertiser_ids: [ADV],
      action: 'add',
      id_schema: ['EMAIL_SHA256'],
      batch_data: [[{ id: 'ab', audience_ids: ['1'] }]],
    });
  });
});

describe('transport: failures', () => {
  it('times out a request that never answers', async () => {
    const { client } = setup([{ hang: true }], { timeoutMs: 5, retry: { maxAttempts: 1 } });
    const err = await caught(client.getAdvertiserInfo([ADV]));
    expect(err).toBeInstanceOf(Transient);
    expect(err.reason).toBe('timeout');
    expect(err.tiktokCode).toBeNull();
  });

  it('maps an aborted fetch (TimeoutError) and a connection reset to Transient', async () => {
    const timeout = { throw: new DOMException('The operation timed out', 'TimeoutError') };
    const { client } = setup([timeout, connectionReset()], { retry: { maxAttempts: 2 } });
    const err = await caught(client.getAdvertiserInfo([ADV]));
    expect(err).toBeInstanceOf(Transient);
    expect(err.reason).toBe('network');
    expect(err.message).toContain('ECONNRESET');
    expect(err.attempts).toBe(2);
  });

  it('retries after a connection reset, an HTML gateway page and HTTP 503, then succeeds', async () => {
    const { client, calls, clock } = setup([
      connectionReset(),
      { text: GATEWAY_PAGE },
      { status: 503, text: GATEWAY_PAGE },
      ok({ list: [{ advertiser_id: ADV, name: 'A' }] }),
    ]);
    const info = await client.getAdvertiserInfo([ADV]);
    expect(info[0]!.name).toBe('A');
    expect(calls).toHaveLength(4);
    // random() = 1 shows the exponential caps: 100, 200, 400.
    expect(clock.slept).toEqual([100, 200, 400]);
  });

  it('waits for the next second after throttling (40100 for QPS) before retrying', async () => {
    const { client, clock } = setup([fail(40100, 'Too many requests'), ok({ list: [] })], {
      random: () => 0,
    });
    clock.advance(300);
    await client.getAdvertiserInfo([ADV]);
    expect(clock.slept).toEqual([700]);
  });

  it('uses jitter from the injected random source', async () => {
    const { client, clock } = setup([fail(50000), fail(50000), ok({ list: [] })], { random: () => 0.5 });
    await client.getAdvertiserInfo([ADV]);
    expect(clock.slept).toEqual([50, 100]);
  });

  it('gives up when the attempts are spent and says how many were made', async () => {
    const { client, calls } = setup(() => fail(50002, 'timeout'));
    const err = await caught(client.getAdvertiserInfo([ADV]));
    expect(err).toBeInstanceOf(Transient);
    expect(err.tiktokCode).toBe(50002);
    expect(err.attempts).toBe(4);
    expect(calls).toHaveLength(4);
    expect(client.stats()).toMatchObject({ requests: 4, retries: 3, failures: 1 });
  });

  it('gives up when the time budget is spent', async () => {
    const { client, calls } = setup(() => fail(40100), {
      retry: { maxAttempts: 100, maxElapsedMs: 5_000, rateLimitDelayMs: 1_000, maxDelayMs: 10_000 },
    });
    const err = await caught(client.getAdvertiserInfo([ADV]));
    expect(err).toBeInstanceOf(RateLimited);
    // Each throttled attempt waits for the next second (plus jitter): four waits fit in 5 s, a fifth would not.
    expect(calls).toHaveLength(5);
    expect(client.stats().throttled).toBe(5);
  });

  it('does not retry errors the caller must fix', async () => {
    const { client, calls } = setup([fail(40105, 'revoked'), ok()]);
    const err = await caught(client.getAdvertiserInfo([ADV]));
    expect(err).toBeInstanceOf(InvalidCredentials);
    expect(err.hint).toMatch(/reauthorize/i);
    expect(calls).toHaveLength(1);
  });

  it('classifies an HTTP 4xx answer', async () => {
    const { client } = setup([
      { status: 400, json: { code: 40002, message: 'data[2].event_time: too old' } },
    ]);
    const err = await caught(
      client.trackEvents({
        eventSource: 'web',
        eventSourceId: 'P',
        data: [{ event: 'Purchase', event_time: 1 }],
      }),
    );
    expect(err).toBeInstanceOf(InvalidRequest);
    expect((err as InvalidRequest).index).toBe(2);
    expect(err.endpoint).toBe('event/track/');
  });
});

describe('transport: secrets stay out of errors and logs', () => {
  it('never puts the token or app secret in error messages or JSON', async () => {
    const secret = 'app-secret-value-42';
    const { client } = setup([fail(40101, `bad secret ${secret} for token ${TOKEN}`)]);
    const err = await caught(client.getAuthorizedAdvertisers({ appId: '1', secret }));
    const text = `${err.message} ${JSON.stringify(err)} ${String(err.stack)}`;
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(secret);
    expect(err.endpoint).toBe('oauth2/advertiser/get/');
  });

  it('logs endpoint, code, request id and duration at debug, never the token or body', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(line) });
    const { client } = setup([fail(50000), ok({})], { logger });
    await client.trackEvents({
      eventSource: 'offline',
      eventSourceId: 'ES1',
      data: [{ event: 'Purchase', event_time: 1, user: { email: 'e'.repeat(64) } }],
    });
    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const requests = logged.filter((l) => l.msg === 'tiktok request');
    expect(requests).toHaveLength(2);
    expect(requests[0]).toMatchObject({ endpoint: 'event/track/', code: 50000, requestId: 'req-50000' });
    expect(typeof requests[1]!.durationMs).toBe('number');
    const all = lines.join('\n');
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain('e'.repeat(64));
  });
});

describe('transport: stats', () => {
  it('counts requests and retries per endpoint', async () => {
    const { client } = setup([fail(40100), ok({ list: [] }), ok({ list: [] })]);
    await client.getAdvertiserInfo([ADV]);
    await client.getAuthorizedAdvertisers({ appId: '1', secret: 's' });
    expect(client.stats()).toEqual({
      requests: 3,
      retries: 1,
      throttled: 1,
      failures: 0,
      byEndpoint: {
        'advertiser/info/': { requests: 2, retries: 1, throttled: 1, failures: 0 },
        'oauth2/advertiser/get/': { requests: 1, retries: 0, throttled: 0, failures: 0 },
      },
    });
  });
});

describe('transport: rate limit and concurrency', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('spaces requests of a client and its withToken children to rps', async () => {
    vi.useFakeTimers();
    const fake = scriptedFetch(() => ok({ list: [] }), Date.now);
    const client = createTikTokClient({
      baseUrl: 'https://tiktok.test',
      accessToken: TOKEN,
      rps: 5,
      fetch: fake.fetch,
    });
    const other = client.withToken('another-token-xyz');
    const done = Promise.all(
      Array.from({ length: 12 }, (_, i) => (i % 2 ? other : client).getAdvertiserInfo([ADV])),
    );
    await vi.runAllTimersAsync();
    await done;
    const times = fake.calls.map((c) => c.at).sort((a, b) => a - b);
    const perWindow = times.map((t) => times.filter((u) => u >= t && u < t + 1000).length);
    expect(Math.max(...perWindow)).toBe(5);
    expect(fake.calls.filter((c) => c.headers['access-token'] === 'another-token-xyz')).toHaveLength(6);
    expect(client.stats().requests).toBe(6);
    expect(other.stats().requests).toBe(6);
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const release: (() => void)[] = [];
    const script = async (): Promise<FakeAnswer> => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise<void>((resolve) => release.push(resolve));
      inFlight -= 1;
      return ok({ list: [] });
    };
    const { client } = setup(script, { concurrency: 2 });
    let finished = false;
    const all = Promise.all(Array.from({ length: 6 }, () => client.getAdvertiserInfo([ADV]))).then(() => {
      finished = true;
    });
    // Answer whatever is in flight, turn after turn, until every call has completed.
    while (!finished) {
      await new Promise((resolve) => setImmediate(resolve));
      release.splice(0).forEach((answer) => answer());
    }
    await all;
    expect(peak).toBe(2);
  });
});
