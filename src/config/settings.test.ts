import { describe, expect, it } from 'vitest';
import { InvalidSettingError, resolveSettings } from './settings.js';

describe('resolveSettings', () => {
  it('uses defaults when nothing is given', () => {
    const s = resolveSettings({}, {}, {});
    expect(s.apiUrl).toBe('https://business-api.tiktok.com');
    expect(s.dataDir).toBe('./.ttads');
    expect(s.databaseUrl).toBeUndefined();
  });

  it('orders flag over env over file', () => {
    const file = { apiUrl: 'http://file.example', rps: 3 };
    const env = { TIKTOK_API_URL: 'http://env.example', TTADS_RPS: '7' };
    expect(resolveSettings({}, env, file).apiUrl).toBe('http://env.example');
    expect(resolveSettings({}, env, file).rps).toBe(7);
    expect(resolveSettings({ apiUrl: 'http://flag.example' }, env, file).apiUrl).toBe('http://flag.example');
    expect(resolveSettings({}, {}, file).rps).toBe(3);
  });

  it('ignores empty environment values', () => {
    expect(resolveSettings({}, { DATABASE_URL: '' }, {}).databaseUrl).toBeUndefined();
  });

  it('names the bad setting and where it came from', () => {
    expect(() => resolveSettings({}, { TTADS_RPS: 'fast' }, {})).toThrow(InvalidSettingError);
    expect(() => resolveSettings({}, { TTADS_RPS: 'fast' }, {})).toThrow(/rps \(from env TTADS_RPS\)/);
    expect(() => resolveSettings({ apiUrl: 'not a url' }, {}, {})).toThrow(/apiUrl \(from flag\)/);
  });
});

describe('sourceRoots', () => {
  it('is unset by default (sources are not confined)', () => {
    expect(resolveSettings({}, {}, {}).sourceRoots).toBeUndefined();
    expect(resolveSettings({}, { TTADS_SOURCE_ROOTS: '' }, {}).sourceRoots).toBeUndefined();
  });

  it('reads a PATH-like list from the environment and a JSON list from the config file', () => {
    const env = { TTADS_SOURCE_ROOTS: '/data/exports::/srv/crm/' };
    expect(resolveSettings({}, env, {}).sourceRoots).toEqual(['/data/exports', '/srv/crm/']);
    expect(resolveSettings({}, {}, { sourceRoots: ['/data/exports'] }).sourceRoots).toEqual([
      '/data/exports',
    ]);
  });

  it('refuses a root that is or holds the data directory, which keeps the secret key', () => {
    const env = { TTADS_SOURCE_ROOTS: '/srv/crm:/srv' };
    expect(() => resolveSettings({ dataDir: '/srv/ttads' }, env, {})).toThrow(
      /sourceRoots: \/srv contains the data directory \/srv\/ttads/,
    );
    expect(() => resolveSettings({ dataDir: '/srv/crm' }, { TTADS_SOURCE_ROOTS: '/srv/crm/' }, {})).toThrow(
      /contains the data directory/,
    );
    // A sibling whose name merely starts the same is not a parent.
    expect(
      resolveSettings({ dataDir: '/srv/crm-ttads' }, { TTADS_SOURCE_ROOTS: '/srv/crm' }, {}).sourceRoots,
    ).toEqual(['/srv/crm']);
  });

  it('refuses a relative directory, naming the setting', () => {
    expect(() => resolveSettings({}, { TTADS_SOURCE_ROOTS: '/data:exports' }, {})).toThrow(
      /sourceRoots \(from env TTADS_SOURCE_ROOTS\): each directory must be an absolute path/,
    );
  });
});

describe('TikTok quota settings', () => {
  it('takes a tier and explicit limits from the environment, and an outage budget', () => {
    const s = resolveSettings(
      {},
      {
        TTADS_TIKTOK_TIER: 'sandbox',
        TTADS_TIKTOK_QPM: '20',
        TTADS_TIKTOK_OUTAGE_MAX_MS: '1000',
        TTADS_TIKTOK_LISTING_WAIT_MS: '5000',
      },
    );
    expect(s).toMatchObject({
      tiktokTier: 'sandbox',
      tiktokQpm: 20,
      tiktokOutageMaxMs: 1000,
      tiktokListingWaitMs: 5000,
    });
    expect(resolveSettings({}, {})).toMatchObject({
      tiktokTier: 'basic',
      tiktokOutageMaxMs: 600_000,
      tiktokListingWaitMs: 180_000,
      tiktokSuspensionMs: 300_000,
    });
    expect(resolveSettings({}, { TTADS_TIKTOK_SUSPENSION_MS: '2000' }).tiktokSuspensionMs).toBe(2000);
    expect(() => resolveSettings({}, { TTADS_TIKTOK_TIER: 'gold' })).toThrow(/TTADS_TIKTOK_TIER/);
  });
});
