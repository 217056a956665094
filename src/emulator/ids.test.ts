import { describe, expect, it } from 'vitest';
import { createEmulator } from './app.js';
import { IdMint } from './ids.js';
import { createAudience, D } from './emulator.test-support.js';

describe('audience ids', () => {
  it('differ between two emulator instances from the first audience on', async () => {
    const a = await createAudience(createEmulator(), 'Buyers');
    const b = await createAudience(createEmulator(), 'Buyers');
    expect(a).toMatch(/^74\d{17}$/);
    expect(b).toMatch(/^74\d{17}$/);
    expect(a).not.toBe(b);
  });

  it('increase within an instance and are not handed out again after a reset', async () => {
    const e = createEmulator();
    const first = await createAudience(e, 'One');
    const second = await createAudience(e, 'Two');
    expect(BigInt(second)).toBe(BigInt(first) + 1n);
    e.reset();
    expect(await createAudience(e, 'One')).not.toBe(first);
  });

  it('never collide with a seeded audience id', async () => {
    const mint = new IdMint(7400000000000000001n);
    mint.observe('7400000000000000005');
    expect(mint.mint()).toBe('7400000000000000006');
    const seeded = createEmulator({
      seed: {
        apps: [{ app_id: D.app.app_id, secret: D.app.secret }],
        advertisers: [{ ...D.advertisers[0] }],
        users: [{ user_id: 'op', role: 'Operator', advertiser_ids: [D.advertisers[0].advertiser_id] }],
        tokens: [{ access_token: D.tokens.operator, user_id: 'op' }],
        audiences: [
          {
            audience_id: '7400000000000000001',
            name: 'Seeded',
            advertiser_id: D.advertisers[0].advertiser_id,
          },
        ],
      },
    });
    expect(await createAudience(seeded, 'New')).not.toBe('7400000000000000001');
  });
});
