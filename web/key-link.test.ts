import { describe, expect, it } from 'vitest';
import { keyFromFragment, linkSignIn } from './key-link';

describe('a key in the address', () => {
  it('is read from #key=, decoded', () => {
    expect(keyFromFragment('#key=ttads_abc%2Bdef')).toBe('ttads_abc+def');
    expect(keyFromFragment('#/runs')).toBeUndefined();
    expect(keyFromFragment('#key=')).toBeUndefined();
    expect(keyFromFragment('#key=%E0%A4%A')).toBeUndefined();
  });

  it('signs in only after the person confirms, except on the demo page', () => {
    expect(linkSignIn('#key=ttads_x', false)).toEqual({ key: 'ttads_x', confirm: true });
    expect(linkSignIn('#key=ttads_x', true)).toEqual({ key: 'ttads_x', confirm: false });
    expect(linkSignIn('#/campaigns', false)).toBeUndefined();
  });
});
