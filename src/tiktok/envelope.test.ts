import { describe, expect, it } from 'vitest';
import { readEnvelope } from './envelope.js';
import { InvalidCredentials, InvalidRequest, RateLimited, Transient } from './errors.js';
import { GATEWAY_PAGE } from './scripted-fetch.test-support.js';

const endpoint = 'advertiser/info/';
const json = (value: unknown) => JSON.stringify(value);

describe('readEnvelope', () => {
  it('returns data for code 0', () => {
    const out = readEnvelope({
      status: 200,
      endpoint,
      body: json({ code: 0, message: 'OK', request_id: 'abc', data: { list: [1] } }),
    });
    expect(out).toEqual({
      ok: true,
      result: { data: { list: [1] }, code: 0, message: 'OK', requestId: 'abc', partial: false },
    });
  });

  it('surfaces 20001 partial success as data with partial set', () => {
    const out = readEnvelope({
      status: 200,
      endpoint,
      body: json({ code: 20001, message: 'partial', data: { x: 1 } }),
    });
    expect(out.ok && out.result.partial).toBe(true);
    expect(out.ok && out.result.data).toEqual({ x: 1 });
  });

  it('gives an empty object when data is missing', () => {
    const out = readEnvelope({ status: 200, endpoint, body: json({ code: 0, message: 'OK' }) });
    expect(out.ok && out.result.data).toEqual({});
  });

  it('turns a non-zero code into the typed error, keeping request id and endpoint', () => {
    const out = readEnvelope({
      status: 200,
      endpoint,
      body: json({ code: 40105, message: 'token revoked', request_id: 'r9', data: {} }),
    });
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.error).toBeInstanceOf(InvalidCredentials);
    expect(out.error).toMatchObject({ tiktokCode: 40105, requestId: 'r9', endpoint, tiktokStatus: 200 });
  });

  it('accepts a code written as a string', () => {
    const out = readEnvelope({ status: 200, endpoint, body: json({ code: '40100', message: 'qps' }) });
    expect(!out.ok && out.error).toBeInstanceOf(RateLimited);
  });

  it('treats an HTML page with HTTP 200 as a transient gateway failure', () => {
    const out = readEnvelope({ status: 200, endpoint, body: GATEWAY_PAGE });
    expect(!out.ok && out.error).toBeInstanceOf(Transient);
    expect(!out.ok && out.error.reason).toBe('non_json');
    expect(!out.ok && out.error.tiktokCode).toBeNull();
  });

  it('treats HTTP 5xx as transient, HTML or envelope', () => {
    const html = readEnvelope({ status: 503, endpoint, body: GATEWAY_PAGE });
    expect(!html.ok && html.error).toBeInstanceOf(Transient);
    expect(!html.ok && html.error).toMatchObject({ httpStatus: 503, reason: 'http_status' });
    const env = readEnvelope({ status: 500, endpoint, body: json({ code: 40002, message: 'x' }) });
    expect(!env.ok && env.error).toBeInstanceOf(Transient);
  });

  it('classifies a 4xx answer without an envelope by its status', () => {
    const out = readEnvelope({ status: 404, endpoint, body: 'Not Found' });
    expect(!out.ok && out.error).toBeInstanceOf(InvalidRequest);
    const throttled = readEnvelope({ status: 429, endpoint, body: '' });
    expect(!throttled.ok && throttled.error).toBeInstanceOf(RateLimited);
  });

  it('does not treat a JSON body without a numeric code as an envelope', () => {
    const out = readEnvelope({ status: 200, endpoint, body: json({ error: 'gateway' }) });
    expect(!out.ok && out.error).toBeInstanceOf(Transient);
  });

  it('blanks secrets TikTok echoes in its message', () => {
    const out = readEnvelope({
      status: 200,
      endpoint,
      body: json({ code: 40105, message: 'Access token tok-secret-1 is invalid' }),
      secrets: ['tok-secret-1'],
    });
    expect(!out.ok && out.error.message).not.toContain('tok-secret-1');
    expect(!out.ok && JSON.stringify(out.error)).not.toContain('tok-secret-1');
  });
});
