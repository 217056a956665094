import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../store/store.js';
import { openTestStore, TEST_ENGINES } from '../store/store.test-support.js';
import { OAuthStateExpired, OAuthStateForged, OAuthStateReused } from './errors.js';
import {
  consumeStateNonce,
  newNonce,
  signState,
  verifyState,
  type OAuthStatePayload,
} from './oauth-state.js';

const key = randomBytes(32);
const NOW = 1_700_000_000_000;
const payload = (over: Partial<OAuthStatePayload> = {}): OAuthStatePayload => ({
  credentialId: 'cred_1',
  nonce: newNonce(),
  expiresAt: NOW + 60_000,
  ...over,
});

describe('signed OAuth state', () => {
  it('verifies what it signed and is URL-safe', () => {
    const p = payload();
    const state = signState(key, p);
    expect(state).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(verifyState(key, state, NOW)).toEqual(p);
  });

  it('refuses a state signed with another key', () => {
    const state = signState(randomBytes(32), payload());
    expect(() => verifyState(key, state, NOW)).toThrow(OAuthStateForged);
  });

  it('refuses a state whose payload was edited (e.g. another credential id)', () => {
    const state = signState(key, payload());
    const [, sig] = state.split('.');
    const edited = Buffer.from(JSON.stringify({ c: 'cred_other', n: 'x', e: NOW + 60_000 })).toString(
      'base64url',
    );
    expect(() => verifyState(key, `${edited}.${sig}`, NOW)).toThrow(OAuthStateForged);
  });

  it('refuses malformed states', () => {
    for (const bad of ['', 'abc', 'a.b.c', '.sig', `${'x'.repeat(10)}.`, 'random-state-xyz']) {
      expect(() => verifyState(key, bad, NOW), bad).toThrow(OAuthStateForged);
    }
  });

  it('refuses an expired state, after checking its signature', () => {
    const state = signState(key, payload({ expiresAt: NOW }));
    expect(() => verifyState(key, state, NOW)).toThrow(OAuthStateExpired);
    expect(() => verifyState(key, state, NOW - 1)).not.toThrow();
    // A forged state that is also expired is reported as forged: expiry is only trusted once signed.
    const forged = signState(randomBytes(32), payload({ expiresAt: NOW - 5 }));
    expect(() => verifyState(key, forged, NOW)).toThrow(OAuthStateForged);
  });
});

describe.each(TEST_ENGINES)('state nonces on %s', (engine) => {
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore(engine);
  });
  afterAll(async () => {
    await store.close();
  });

  it('accepts a nonce once and refuses it after', async () => {
    const p = payload();
    await consumeStateNonce(store, p, NOW);
    await expect(consumeStateNonce(store, p, NOW + 1)).rejects.toBeInstanceOf(OAuthStateReused);
  });

  it('lets only one of two simultaneous callbacks through', async () => {
    const p = payload();
    const results = await Promise.allSettled([
      consumeStateNonce(store, p, NOW),
      consumeStateNonce(store, p, NOW),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected');
    expect(rejected?.reason).toBeInstanceOf(OAuthStateReused);
  });

  it('purges nonces of expired states', async () => {
    const old = payload({ expiresAt: NOW + 10 });
    await consumeStateNonce(store, old, NOW);
    await consumeStateNonce(store, payload({ expiresAt: NOW + 10_000 }), NOW + 20);
    const rows = await store.query<{ nonce: string }>(
      'SELECT nonce FROM oauth_state_nonces WHERE nonce = $1',
      [old.nonce],
    );
    expect(rows).toEqual([]);
  });
});
