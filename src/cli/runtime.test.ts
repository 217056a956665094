import { describe, expect, it } from 'vitest';
import { SECRET_KEY_ENV } from '../config/secrets.js';
import { SOURCE_DATABASE_URL_ENV } from '../sources/spec.js';
import { secretKeyFromEnv, sourceDatabaseUrlFromEnv, sourceDatabaseUrlOption } from './runtime.js';

describe('the environment the faces read for the engines', () => {
  it('takes the database of pg: sources from SOURCE_DATABASE_URL, empty meaning none', () => {
    const env = { [SOURCE_DATABASE_URL_ENV]: 'postgres://u@h/db' };
    expect(sourceDatabaseUrlFromEnv(env)).toBe('postgres://u@h/db');
    expect(sourceDatabaseUrlOption(env)).toEqual({ sourceDatabaseUrl: 'postgres://u@h/db' });
    expect(sourceDatabaseUrlFromEnv({ [SOURCE_DATABASE_URL_ENV]: '' })).toBeUndefined();
    expect(sourceDatabaseUrlOption({})).toEqual({});
  });

  it('takes the key for secrets at rest from TTADS_SECRET_KEY', () => {
    expect(secretKeyFromEnv({ [SECRET_KEY_ENV]: 'a2V5' })).toBe('a2V5');
    expect(secretKeyFromEnv({})).toBeUndefined();
  });
});
