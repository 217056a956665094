import { describe, expect, it } from 'vitest';
import { TtadsError } from '../errors.js';
import {
  AdvertiserNotFound,
  AppInvalid,
  AppNotAllowlisted,
  MissingScope,
  quotaWindowOf,
  classify,
  errorFromCode,
  InvalidCredentials,
  InvalidRequest,
  isRetryable,
  MissingPermission,
  parseErrorIndex,
  RateLimited,
  redactSecrets,
  TikTokApiError,
  Transient,
} from './errors.js';

const TABLE: [string, number[], new (...args: never[]) => TikTokApiError][] = [
  ['rate limited', [40100, 40132, 61000], RateLimited],
  ['transient', [50000, 50002, 51000, 51021, 52999, 60001, 40201, 40202, 40700], Transient],
  ['invalid credentials', [40101, 40102, 40104, 40105, 40110], InvalidCredentials],
  ['app invalid (fix input, not reauthorize)', [40103, 40106, 40107, 40113, 40114], AppInvalid],
  ['app not allowlisted', [40117, 40118, 40125], AppNotAllowlisted],
  ['missing scope', [40130], MissingScope],
  ['missing permission', [40001, 40003, 40301], MissingPermission],
  ['advertiser not found', [40300], AdvertiserNotFound],
  ['invalid request', [40000, 40002, 40007, 40011, 40050, 40061, 40062], InvalidRequest],
];

describe('classify', () => {
  for (const [label, codes, Class] of TABLE) {
    it(`maps ${codes.join(', ')} to ${label}`, () => {
      for (const code of codes) {
        const err = errorFromCode({ code, message: 'm', endpoint: 'x/' });
        expect(err, String(code)).toBeInstanceOf(Class);
        expect(err.tiktokCode).toBe(code);
      }
    });
  }

  it('lets HTTP 5xx win over whatever code the body holds', () => {
    expect(classify(40105, 502)).toBe('transient');
    expect(classify(null, 503)).toBe('transient');
  });

  it('falls back to the HTTP status when there is no failure code', () => {
    expect(classify(null, 429)).toBe('rate_limited');
    expect(classify(null, 408)).toBe('transient');
    expect(classify(null, 401)).toBe('invalid_credentials');
    expect(classify(0, 403)).toBe('missing_permission');
    expect(classify(undefined, 404)).toBe('invalid_request');
  });

  it('prefers the envelope code over a 4xx status', () => {
    expect(classify(40100, 400)).toBe('rate_limited');
    expect(classify(40300, 404)).toBe('advertiser_not_found');
  });

  it('calls unexpected codes unknown and keeps them out of retries', () => {
    expect(classify(12345)).toBe('unknown');
    const err = errorFromCode({ code: 12345, message: 'odd', endpoint: 'x/' });
    expect(err.constructor).toBe(TikTokApiError);
    expect(isRetryable(err)).toBe(false);
    expect(err.remedy).toBe('investigate');
  });
});

describe('error guidance', () => {
  it('says what to do for each kind', () => {
    const make = (code: number) => errorFromCode({ code, message: 'm', endpoint: 'x/' });
    expect(make(40100).remedy).toBe('retry');
    expect(make(50000).remedy).toBe('retry');
    expect(make(40105).remedy).toBe('reauthorize');
    expect(make(40001).remedy).toBe('fix_permissions');
    expect(make(40300).remedy).toBe('fix_configuration');
    expect(make(40002).remedy).toBe('fix_input');
    expect(make(40105).hint).toMatch(/reauthorize/i);
    expect(make(40301).hint).toMatch(/Operator/);
    expect(make(40113).remedy).toBe('fix_configuration');
    expect(make(40118).hint).toMatch(/allowlist/);
    expect(make(40130).hint).toMatch(/scope/);
  });

  it('belongs to the one family with kind, workflow action and HTTP status', () => {
    const make = (code: number | null, httpStatus?: number) =>
      errorFromCode({ code, message: 'm', endpoint: 'x/', requestId: 'r1', httpStatus });
    expect(make(40118)).toBeInstanceOf(TtadsError);
    expect(make(40118)).toMatchObject({ kind: 'fix_input', action: 'app_not_approved', httpStatus: 502 });
    expect(make(40130)).toMatchObject({
      kind: 'fix_input',
      action: 'missing_scope',
      code: 'tiktok_missing_scope',
    });
    expect(make(40106)).toMatchObject({ kind: 'fix_input', action: undefined, exitCode: 2 });
    expect(make(40105)).toMatchObject({
      kind: 'fix_credentials',
      action: 'invalid_credentials',
      exitCode: 3,
    });
    expect(make(40700)).toMatchObject({ kind: 'retry', action: undefined, httpStatus: 503, exitCode: 4 });
    expect(make(null, 503).details).toMatchObject({ kind: 'transient', code: null, requestId: 'r1' });
    expect(make(40002).message).toBe('TikTok 40002 on x/: m (request id r1)');
  });

  it('reads which quota window a 40100 names', () => {
    expect(quotaWindowOf('Too many requests: the QPS limit was reached')).toBe('second');
    expect(quotaWindowOf('App QPM limit exceeded, retry in 5 minutes')).toBe('minute');
    expect(quotaWindowOf('The daily request limit (QPD) was reached')).toBe('day');
    expect(new RateLimited({ code: 40100, message: 'QPM', endpoint: 'x/' }).window).toBe('minute');
    expect(new RateLimited({ code: 61000, message: 'daily', endpoint: 'x/' }).window).toBe('second');
  });

  it('retries only throttling and transient failures', () => {
    expect(isRetryable(new RateLimited({ code: 40100, message: '', endpoint: 'x/' }))).toBe(true);
    expect(isRetryable(new Transient({ code: null, message: '', endpoint: 'x/', reason: 'timeout' }))).toBe(
      true,
    );
    expect(isRetryable(new InvalidRequest({ code: 40002, message: '', endpoint: 'x/' }))).toBe(false);
    expect(isRetryable(new Error('plain'))).toBe(false);
    expect(isRetryable(undefined)).toBe(false);
  });

  it('carries code, message, request id and endpoint, in JSON too', () => {
    const err = errorFromCode({
      code: 40062,
      message: 'not hashed',
      requestId: 'r1',
      endpoint: 'segment/mapping/',
    });
    expect(err.name).toBe('InvalidRequest');
    expect(err.message).toBe('TikTok 40062 on segment/mapping/: not hashed (request id r1)');
    const json = JSON.parse(JSON.stringify(err)) as Record<string, unknown>;
    expect(json).toMatchObject({
      name: 'InvalidRequest',
      kind: 'invalid_request',
      code: 40062,
      message: 'not hashed',
      requestId: 'r1',
      endpoint: 'segment/mapping/',
      action: 'fix_input',
      retryable: false,
    });
  });
});

describe('parseErrorIndex', () => {
  it('finds the offending record in TikTok messages', () => {
    expect(parseErrorIndex('data[3].event_time is out of the 28 day window')).toBe(3);
    expect(parseErrorIndex('Invalid value at data[0].user.email')).toBe(0);
    expect(parseErrorIndex('batch_data[12][1].id is not a SHA256 hash')).toBe(12);
    expect(parseErrorIndex('field data [ 7 ] missing')).toBe(7);
  });

  it('returns undefined when no record is named', () => {
    expect(parseErrorIndex('advertiser_id is required')).toBeUndefined();
    expect(parseErrorIndex('metadata[2] is odd')).toBeUndefined();
  });

  it('is exposed as err.index on InvalidRequest', () => {
    const err = errorFromCode({
      code: 40002,
      message: 'data[41].event: unknown event',
      endpoint: 'event/track/',
    });
    expect(err).toBeInstanceOf(InvalidRequest);
    expect((err as InvalidRequest).index).toBe(41);
    expect((JSON.parse(JSON.stringify(err)) as { index: number }).index).toBe(41);
  });
});

describe('redactSecrets', () => {
  it('blanks every occurrence and ignores empty values', () => {
    expect(redactSecrets('token abcd1234 and abcd1234', ['abcd1234', undefined, ''])).toBe(
      'token [redacted] and [redacted]',
    );
  });
});
