import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { describeFailure } from './output.js';
import { answerError, ServerClient, serverTarget } from './server-client.js';

describe('serverTarget', () => {
  it('takes --server over TTADS_SERVER, the key from TTADS_API_KEY only, and nothing without either', () => {
    const env = { TTADS_SERVER: 'http://env:8080', TTADS_API_KEY: 'ttads_k' };
    expect(serverTarget({ server: 'https://ttads.example.com/' }, env)).toEqual({
      url: 'https://ttads.example.com',
      apiKey: 'ttads_k',
    });
    expect(serverTarget({}, env)?.url).toBe('http://env:8080');
    expect(serverTarget({}, { TTADS_API_KEY: 'ttads_k' })).toBeUndefined();
  });

  it('refuses a missing key (exit 3) and a URL that is not http(s) (exit 2)', () => {
    const missing = (() => {
      try {
        serverTarget({ server: 'http://x:1' }, {});
        return undefined;
      } catch (err) {
        return describeFailure(err);
      }
    })();
    expect(missing?.exitCode).toBe(3);
    expect(missing?.message).toMatch(/set TTADS_API_KEY/);
    expect(() => serverTarget({ server: 'ftp://x' }, { TTADS_API_KEY: 'k' })).toThrow(
      /http:\/\/ or https:\/\//,
    );
    expect(() => serverTarget({ server: 'not a url' }, { TTADS_API_KEY: 'k' })).toThrow(/--server must be/);
  });
});

describe('answerError', () => {
  const failure = (status: number, body: unknown) =>
    describeFailure(answerError(status, typeof body === 'string' ? body : JSON.stringify(body), 'http://s'));

  it('maps statuses onto the exit codes of the README table', () => {
    expect(failure(404, { error: 'destination d does not exist' })).toMatchObject({
      exitCode: 2,
      message: 'destination d does not exist',
    });
    expect(failure(409, { error: 'in use' }).exitCode).toBe(2);
    expect(failure(401, { error: 'Unknown or revoked API key.' }).exitCode).toBe(3);
    expect(failure(403, { error: 'The business_user role cannot do this.' }).exitCode).toBe(3);
    expect(failure(429, { error: 'slow down' }).exitCode).toBe(4);
    expect(failure(503, { error: 'TikTok is unavailable' }).exitCode).toBe(4);
    const internal = failure(500, { error: 'Internal error.', reference: 'err_1' });
    expect(internal.exitCode).toBe(4);
    expect(internal.hint).toMatch(/err_1/);
    // TikTok refused (502): its kind says what to do, e.g. reauthorize.
    expect(failure(502, { error: 'token revoked', details: { kind: 'fix_credentials' } }).exitCode).toBe(3);
    expect(failure(502, 'Bad gateway').message).toBe('The server at http://s answered HTTP 502.');
  });

  it('prints field issues as the CLI does locally, without the request part', () => {
    const text = failure(400, {
      error: 'Invalid request: body.settings.advertiserId: 19 digits',
      details: [
        { path: 'body.settings.advertiserId', message: '19 digits' },
        { path: ['name'], message: 'required' },
      ],
    });
    expect(text).toMatchObject({ exitCode: 2, message: 'settings.advertiserId: 19 digits; name: required' });
  });
});

describe('ServerClient', () => {
  it('sends the key as a bearer token, revives dates and says when the server cannot be reached', async () => {
    const seen: { url: string; auth: string | null }[] = [];
    const fake: typeof fetch = (input, init) => {
      seen.push({ url: (input as URL).toString(), auth: new Headers(init?.headers).get('authorization') });
      const body = { createdAt: '2026-01-02T03:04:05.000Z', name: '2026-01-02T03:04:05.000Z' };
      return Promise.resolve(new Response(JSON.stringify(body), { status: 200 }));
    };
    const client = new ServerClient({ url: 'http://s', apiKey: 'ttads_k' }, fake);
    const answer = await client.call<{ createdAt: unknown; name: unknown }>('GET', '/api/x', {
      query: { a: 'b c', none: undefined },
    });
    expect(seen).toEqual([{ url: 'http://s/api/x?a=b+c', auth: 'Bearer ttads_k' }]);
    expect(answer.createdAt).toEqual(new Date('2026-01-02T03:04:05.000Z'));
    expect(answer.name).toBe('2026-01-02T03:04:05.000Z');

    const port = await closedPort();
    const down = new ServerClient({ url: `http://127.0.0.1:${port}`, apiKey: 'k' });
    const failed = await down.call('GET', '/api/me').then(
      () => undefined,
      (err: unknown) => describeFailure(err),
    );
    expect(failed?.exitCode).toBe(4);
    expect(failed?.message).toMatch(/Cannot reach .*ECONNREFUSED/);
  });
});

/** A port nothing listens on (one just freed). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
