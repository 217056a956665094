import { describe, expect, it } from 'vitest';
import { parseEventSettings } from './settings.js';

describe('event settings', () => {
  it('accepts the minimum and fills the clock skew default', () => {
    expect(parseEventSettings({ defaultRegion: 'us' })).toEqual({
      defaultRegion: 'US',
      clockSkewSeconds: 300,
    });
  });

  it('accepts every setting', () => {
    const all = {
      eventSetId: '7654321098765432109',
      eventSource: 'web',
      fixedEvent: 'CompletePayment',
      defaultRegion: 'GB',
      timeZone: 'Europe/London',
      limitedDataUse: true,
      pixelCode: 'CPIXEL123',
      testEventCode: 'TEST42',
      clockSkewSeconds: 60,
    };
    expect(parseEventSettings(all)).toEqual(all);
  });

  it.each([
    [{}, 'defaultRegion'],
    [{ defaultRegion: 'USA' }, 'defaultRegion'],
    [{ defaultRegion: 'XX' }, 'defaultRegion'],
    [{ defaultRegion: 'US', eventSetId: 'abc' }, 'eventSetId'],
    [{ defaultRegion: 'US', eventSource: 'app' }, 'eventSource'],
    [{ defaultRegion: 'US', fixedEvent: 'Buy' }, 'fixedEvent'],
    [{ defaultRegion: 'US', timeZone: 'Mars/Base' }, 'timeZone'],
    [{ defaultRegion: 'US', eventSource: 'web' }, 'pixelCode'],
    [{ defaultRegion: 'US', clockSkewSeconds: -1 }, 'clockSkewSeconds'],
    [{ defaultRegion: 'US', limitedDataUse: 'yes' }, 'limitedDataUse'],
  ])('rejects %j at %s', (input, path) => {
    expect(() => parseEventSettings(input)).toThrow(path);
  });
});
