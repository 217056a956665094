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

  it('takes the pixel code of web events as their event set id, keeping pixelCode as an alias', () => {
    const pixel = 'CEMULATORPIXEL0000001';
    expect(parseEventSettings({ defaultRegion: 'US', eventSource: 'web', eventSetId: pixel })).toMatchObject({
      eventSource: 'web',
      eventSetId: undefined,
      pixelCode: pixel,
    });
    expect(parseEventSettings({ defaultRegion: 'US', eventSource: 'web', pixelCode: pixel })).toMatchObject({
      eventSource: 'web',
      pixelCode: pixel,
    });
    // A pixel code and no offline event set, without an event source: web events.
    for (const given of [{ eventSetId: pixel }, { pixelCode: pixel }]) {
      expect(parseEventSettings({ defaultRegion: 'US', ...given })).toMatchObject({
        eventSource: 'web',
        pixelCode: pixel,
      });
    }
    // Nothing is required up front: the rows may carry the pixel code in their event_set_id.
    expect(parseEventSettings({ defaultRegion: 'US', eventSource: 'web' })).toMatchObject({
      eventSource: 'web',
    });
  });

  it.each([
    [{}, 'defaultRegion'],
    [{ defaultRegion: 'USA' }, 'defaultRegion'],
    [{ defaultRegion: 'XX' }, 'defaultRegion'],
    [{ defaultRegion: 'US', eventSetId: 'abc' }, 'eventSetId'],
    [{ defaultRegion: 'US', eventSource: 'app' }, 'eventSource'],
    [{ defaultRegion: 'US', fixedEvent: 'Buy' }, 'fixedEvent'],
    [{ defaultRegion: 'US', timeZone: 'Mars/Base' }, 'timeZone'],
    [{ defaultRegion: 'US', eventSource: 'web', eventSetId: '7654321098765432109' }, 'eventSetId'],
    [{ defaultRegion: 'US', eventSource: 'offline', eventSetId: 'CEMULATORPIXEL0000001' }, 'eventSetId'],
    [{ defaultRegion: 'US', eventSource: 'web', eventSetId: 'CPIXELA', pixelCode: 'CPIXELB' }, 'eventSetId'],
    [{ defaultRegion: 'US', pixelCode: 'cpixel123' }, 'pixelCode'],
    [{ defaultRegion: 'US', clockSkewSeconds: -1 }, 'clockSkewSeconds'],
    [{ defaultRegion: 'US', limitedDataUse: 'yes' }, 'limitedDataUse'],
  ])('rejects %j at %s', (input, path) => {
    expect(() => parseEventSettings(input)).toThrow(path);
  });
});
