import { describe, expect, it } from 'vitest';
import { EmptyAudienceRefused } from '../audiences/options.js';
import { EventsRunError } from '../events/send-events.js';
import { DailyLimitReached, errorFromCode } from '../tiktok/index.js';
import { ActionRequiredError, allRowsRejected, classifyStepError, TransientStepError } from './failure.js';

const tiktok = (code: number | null, httpStatus?: number) =>
  errorFromCode({
    code,
    message: `said ${code}`,
    endpoint: 'segment/mapping/',
    httpStatus,
    requestId: 'req-1',
  });
const at = { step: 'send', failures: 1, retryBudget: 3 };

describe('classifyStepError', () => {
  it.each([
    [40300, 'advertiser_not_found'],
    [40105, 'invalid_credentials'],
    [40102, 'invalid_credentials'],
    [40001, 'missing_advertiser_permissions'],
    [40301, 'missing_advertiser_permissions'],
  ])('maps TikTok code %i to the %s action', (code, type) => {
    const failure = classifyStepError(tiktok(code), at);
    expect(failure).toMatchObject({
      kind: 'action',
      action: { type, step: 'send', error: { code, requestId: 'req-1' } },
    });
  });

  it('retries throttling and transient errors within the budget, then asks for action', () => {
    expect(classifyStepError(tiktok(40100), at).kind).toBe('retry');
    expect(classifyStepError(tiktok(null, 503), { ...at, failures: 2 }).kind).toBe('retry');
    const spent = classifyStepError(tiktok(40100), { ...at, failures: 3 });
    expect(spent).toMatchObject({ kind: 'action', action: { type: 'tiktok_unavailable' } });
    if (spent.kind === 'action')
      expect(spent.action.whatHappened).toMatch(/3 attempts failed.*code 40100, request id req-1/);
  });

  it('says when a daily limit continues by itself, even wrapped by an engine', () => {
    const resumesAt = new Date('2030-01-02T00:00:00Z');
    const daily = new DailyLimitReached({ code: 40100, message: 'QPD', endpoint: 'event/track/' }, resumesAt);
    for (const err of [daily, new EventsRunError({} as never, daily)]) {
      expect(classifyStepError(err, at)).toMatchObject({
        kind: 'action',
        action: { type: 'tiktok_daily_limit', resumesAt: '2030-01-02T00:00:00.000Z' },
      });
    }
    expect(classifyStepError(tiktok(40105), at)).not.toHaveProperty('action.resumesAt');
  });

  it('finds the TikTok error inside an engine error', () => {
    const wrapped = new EventsRunError({} as never, tiktok(40105));
    expect(classifyStepError(wrapped, at)).toMatchObject({
      kind: 'action',
      action: { type: 'invalid_credentials' },
    });
  });

  it('fails plainly on other request errors and unexpected errors; a step can ask for a retry or an action', () => {
    expect(classifyStepError(tiktok(40002), at)).toMatchObject({ kind: 'failed', error: { code: 40002 } });
    // The audience limit is the custom audiences destination's rule (src/destinations), not the engine's.
    expect(classifyStepError(tiktok(40011), at)).toMatchObject({ kind: 'failed', error: { code: 40011 } });
    expect(classifyStepError(new TypeError('bug'), at)).toEqual({
      kind: 'failed',
      error: { name: 'TypeError', message: 'bug' },
    });
    expect(classifyStepError(new TransientStepError('db restarting'), at).kind).toBe('retry');
    expect(classifyStepError(new TransientStepError('db restarting'), { ...at, failures: 3 }).kind).toBe(
      'failed',
    );
    const input = classifyStepError(
      new ActionRequiredError('invalid_input', 'All 3 rows were rejected.', { rowsRead: 3 }),
      at,
    );
    expect(input).toMatchObject({
      kind: 'action',
      action: { type: 'invalid_input', error: { detail: { rowsRead: 3 } } },
    });
  });
});

describe('the invalid-input action', () => {
  it('names the run that rejected every row, so its rejects can be offered', () => {
    const named = classifyStepError(allRowsRejected(2, { email_invalid: 2 }, 'run-7'), at);
    expect(named).toMatchObject({
      kind: 'action',
      action: {
        type: 'invalid_input',
        error: { detail: { rowsRead: 2, rejected: { email_invalid: 2 }, runId: 'run-7' } },
      },
    });
    expect(named.kind === 'action' && named.action.whatHappened).toMatch(
      /All 2 rows were rejected \(email_invalid: 2\)/,
    );
    const refused = classifyStepError(new EmptyAudienceRefused(4, { no_identifier: 4 }, 'run-8'), at);
    expect(refused).toMatchObject({
      action: { type: 'invalid_input', error: { detail: { runId: 'run-8' } } },
    });
    // Without a run (an engine that records none), the detail has no run id.
    const bare = classifyStepError(allRowsRejected(1, { email_invalid: 1 }), at);
    expect(bare.kind === 'action' && bare.action.error?.detail).toEqual({
      rowsRead: 1,
      rejected: { email_invalid: 1 },
    });
  });
});
