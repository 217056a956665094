/**
 * Test doubles for the TikTok client: a scripted fetch and a fake clock. Kept out of `*.test.ts` so that
 * several test files share them; no production code imports this module.
 */

/** One request the fake fetch received. */
export interface RecordedCall {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: unknown;
  /** Fake-clock time at which the request was sent. */
  at: number;
  signal: AbortSignal | undefined;
}

/** What the fake fetch answers: a JSON or text body, a thrown error, or a function of the call. */
export type FakeAnswer =
  | { status?: number; json: unknown }
  | { status?: number; text: string; contentType?: string }
  | { throw: unknown }
  | { hang: true };

export type Script = FakeAnswer[] | ((call: RecordedCall, index: number) => FakeAnswer | Promise<FakeAnswer>);

/** A successful (or any-code) TikTok envelope. */
export function ok(data: unknown = {}, code = 0, message = 'OK'): FakeAnswer {
  return { json: { code, message, request_id: `req-${code}`, data } };
}

/** A TikTok error envelope (HTTP 200, as TikTok answers). */
export function fail(code: number, message = `error ${code}`, status = 200): FakeAnswer {
  return { status, json: { code, message, request_id: `req-${code}`, data: {} } };
}

export const GATEWAY_PAGE = '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>';

/** An undici-like connection reset. */
export function connectionReset(): FakeAnswer {
  const cause = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
  return { throw: new TypeError('fetch failed', { cause }) };
}

/** A connection TikTok refused: the request was never written. */
export function connectionRefused(): FakeAnswer {
  const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), { code: 'ECONNREFUSED' });
  return { throw: new TypeError('fetch failed', { cause }) };
}

/** Time stands still until someone sleeps; sleeping advances it. */
export function fakeClock(start = 1_000_000) {
  let time = start;
  const slept: number[] = [];
  return {
    now: () => time,
    sleep: (ms: number) => {
      slept.push(ms);
      time += ms;
      return Promise.resolve();
    },
    advance: (ms: number) => {
      time += ms;
    },
    slept,
  };
}

function headersOf(init: RequestInit | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  new Headers(init?.headers).forEach((value, key) => {
    out[key] = value;
  });
  return out;
}

/** A `fetch` that records each call and answers from the script; a list is consumed in order. */
export function scriptedFetch(script: Script, now: () => number = Date.now) {
  const calls: RecordedCall[] = [];
  const fetchFn = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const raw = init?.body;
    const text =
      typeof raw === 'string'
        ? raw
        : raw instanceof Uint8Array
          ? Buffer.from(raw).toString('utf8')
          : undefined;
    const body = text === undefined ? undefined : (JSON.parse(text) as unknown);
    const call: RecordedCall = {
      url: new URL(input instanceof Request ? input.url : input),
      method: init?.method ?? 'GET',
      headers: headersOf(init),
      body,
      at: now(),
      signal: init?.signal ?? undefined,
    };
    const index = calls.push(call) - 1;
    const answer = typeof script === 'function' ? await script(call, index) : script[index];
    if (!answer) throw new Error(`unscripted request #${index + 1}: ${call.method} ${call.url.pathname}`);
    if ('throw' in answer) throw answer.throw;
    if ('hang' in answer) {
      return new Promise<Response>((_, reject) => {
        call.signal?.addEventListener('abort', () => reject(call.signal?.reason as Error));
      });
    }
    if ('json' in answer) {
      return new Response(JSON.stringify(answer.json), {
        status: answer.status ?? 200,
        headers: { 'content-type': 'application/json' },
      });
    }
    return new Response(answer.text, {
      status: answer.status ?? 200,
      headers: { 'content-type': answer.contentType ?? 'text/html' },
    });
  };
  return { fetch: fetchFn, calls };
}
