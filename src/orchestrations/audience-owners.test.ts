import {
  builtInDestinations,
  DestinationRegistry,
  tiktokCustomAudiences,
  tiktokEvents,
} from '../destinations/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../store/store.js';
import { openTestStore, TEST_ENGINES } from '../store/store.test-support.js';
import {
  AudienceOwned,
  assertAudienceFree,
  audienceOf,
  claimAudience,
  getAudienceOwner,
  listAudienceOwners,
  transferAudience,
} from './audience-owners.js';
import { RunnableNotFound } from './errors.js';

const SPRING = { advertiserId: '7200000000000000001', audienceName: 'Spring sale audience' };
const ORCHESTRATION = { kind: 'orchestration', id: 'orc_1' } as const;
const CAMPAIGN = { kind: 'campaign', id: 'cmp_1' } as const;
const plugins = new DestinationRegistry(builtInDestinations);

describe.each(TEST_ENGINES)('audience owners on %s', (engine) => {
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore(engine);
  });
  afterAll(async () => {
    await store?.close();
  });

  it('gives a free audience to the first runnable that claims it, and refuses every other one', async () => {
    await assertAudienceFree(store, SPRING, CAMPAIGN);
    // Two first syncs at once: exactly one wins.
    const claims = await Promise.allSettled([
      claimAudience(store, SPRING, ORCHESTRATION),
      claimAudience(store, SPRING, CAMPAIGN),
    ]);
    expect(claims.filter((c) => c.status === 'fulfilled')).toHaveLength(1);
    const owner = await getAudienceOwner(store, SPRING);
    const loser = owner?.owner.kind === 'orchestration' ? CAMPAIGN : ORCHESTRATION;
    await claimAudience(store, SPRING, owner!.owner);
    await expect(claimAudience(store, SPRING, loser)).rejects.toBeInstanceOf(AudienceOwned);
    const refused = await assertAudienceFree(store, SPRING, loser, 'audienceName').catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 409, field: 'audienceName' });
    expect((refused as Error).message).toMatch(/belongs to .* which synced it first; .*hand it over/);
    // Another name, or the same name under another advertiser, is another audience.
    await claimAudience(store, { ...SPRING, audienceName: 'Spring sale audience 2' }, loser);
    await claimAudience(store, { ...SPRING, advertiserId: '7200000000000000002' }, loser);
    expect(await listAudienceOwners(store, { advertiserId: SPRING.advertiserId })).toHaveLength(2);
    expect((await listAudienceOwners(store))[0]).toMatchObject({ ...SPRING, ownerName: null });
  });

  it('hands an audience over only to an orchestration or campaign that exists', async () => {
    await expect(
      transferAudience(store, SPRING, { kind: 'campaign', id: 'cmp_nope' }),
    ).rejects.toBeInstanceOf(RunnableNotFound);
  });

  it('knows the audience of custom-audience settings only', () => {
    expect(
      audienceOf(plugins, tiktokCustomAudiences.id, {
        advertiserId: SPRING.advertiserId,
        customAudienceName: SPRING.audienceName,
      }),
    ).toEqual(SPRING);
    expect(audienceOf(plugins, tiktokEvents.id, { advertiserId: SPRING.advertiserId })).toBeUndefined();
  });
});
