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
