import { describe, expect, it } from 'vitest';
import { classifyStepError } from '../../jobs/index.js';
import { errorFromCode } from '../../tiktok/index.js';
import { DestinationFailure } from '../errors.js';
import { tiktokCustomAudiences } from './index.js';

const tiktok = (code: number) =>
  errorFromCode({
    code,
    message: `said ${code}`,
    endpoint: 'dmp/custom_audience/create/',
    requestId: 'req-1',
  });

describe('the failure rules of custom audiences', () => {
  it('turns TikTok 40011 (audience limit) into the maximum_audience_limit action the engine honours', () => {
    const failure = tiktokCustomAudiences.failureAction?.(tiktok(40011));
    expect(failure).toMatchObject({ action: 'maximum_audience_limit' });
    expect(failure?.detail).toMatch(/code 40011, request id req-1/);
    const classified = classifyStepError(new DestinationFailure(failure!, tiktok(40011)), {
      step: 'sync_audience',
      failures: 1,
      retryBudget: 3,
    });
    expect(classified).toMatchObject({
      kind: 'action',
      action: { type: 'maximum_audience_limit', step: 'sync_audience', error: { code: 40011 } },
    });
  });

  it('leaves other errors to the engine', () => {
    expect(tiktokCustomAudiences.failureAction?.(tiktok(40002))).toBeUndefined();
    expect(tiktokCustomAudiences.failureAction?.(new Error('bug'))).toBeUndefined();
  });
});
