import { describe, expect, it } from 'vitest';
import { issuesOf } from './api';

describe('issuesOf', () => {
  it('keeps zod paths and turns dotted control-plane paths into field paths without the request part', () => {
    expect(
      issuesOf([
        { path: ['settings', 'advertiserId'], message: 'Invalid string' },
        { path: 'body.overrides.advertiserId', message: 'is needed' },
        { path: 'query.limit', message: 'too big' },
        { path: '', message: 'no field' },
        { nothing: true },
      ]),
    ).toEqual([
      { path: ['settings', 'advertiserId'], message: 'Invalid string' },
      { path: ['overrides', 'advertiserId'], message: 'is needed' },
      { path: ['limit'], message: 'too big' },
    ]);
  });

  it('finds no issues in details that are not a list', () => {
    expect(issuesOf({ code: 'conflict', field: 'body.name' })).toEqual([]);
    expect(issuesOf(undefined)).toEqual([]);
  });
});
