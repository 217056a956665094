import { ConflictError, type PartialSettings } from '../config/index.js';
import type { DestinationRegistry } from '../destinations/index.js';
import type { Queryable } from '../store/store.js';
import { getCampaign } from './campaigns-repo.js';
import { getOrchestration } from './orchestrations-repo.js';

/** A custom audience as TikTok finds it: its exact name under the owning (first) advertiser. */
export interface AudienceRef {
  advertiserId: string;
  audienceName: string;
}

/** An orchestration or campaign: what may own an audience. */
export interface RunnableRef {
  kind: 'orchestration' | 'campaign';
  id: string;
}

/** One recorded owner. `ownerName` is null when the owner was deleted since (the audience stays owned). */
export interface AudienceOwner extends AudienceRef {
  owner: RunnableRef;
  ownerName: string | null;
  claimedAt: Date;
  updatedAt: Date;
}

/**
 * The audience belongs to another orchestration or campaign (HTTP 409). Only an admin hands an audience over;
 * the message says how. `field` names the input that chose the audience, when there is one.
 */
export class AudienceOwned extends ConflictError {
  constructor(
    readonly audience: AudienceRef,
    readonly owner: RunnableRef,
    field?: string,
  ) {
    super(
      `custom audience "${audience.audienceName}" of advertiser ${audience.advertiserId} belongs to ` +
        `${owner.kind} ${owner.id}, which synced it first; choose another audience name, or ask an admin to ` +
        'hand it over (POST /api/audience-owners/transfer, or `ttads audience transfer`)',
      field,
    );
  }
}

interface Row {
  advertiser_id: string;
  audience_name: string;
  owner_kind: RunnableRef['kind'];
  owner_id: string;
  owner_name: string | null;
  claimed_at: Date;
  updated_at: Date;
}

// The owner's name comes from whichever table its kind names; a deleted owner leaves it null.
const SELECT = `SELECT a.advertiser_id, a.audience_name, a.owner_kind, a.owner_id,
    coalesce(o.name, c.name) AS owner_name, a.claimed_at, a.updated_at
  FROM audience_owners a
  LEFT JOIN orchestrations o ON a.owner_kind = 'orchestration' AND o.id = a.owner_id
  LEFT JOIN campaigns c ON a.owner_kind = 'campaign' AND c.id = a.owner_id`;

function toOwner(row: Row): AudienceOwner {
  return {
    advertiserId: row.advertiser_id,
    audienceName: row.audience_name,
    owner: { kind: row.owner_kind, id: row.owner_id },
    ownerName: row.owner_name,
    claimedAt: row.claimed_at,
    updatedAt: row.updated_at,
  };
}

/** The audience a run of `plugin` with these resolved settings writes to; none for a plugin without audiences. */
export function audienceOf(
  plugins: DestinationRegistry,
  plugin: string,
  settings: PartialSettings,
): AudienceRef | undefined {
  return plugins.plugin(plugin).audienceOf?.(settings);
}

const same = (a: RunnableRef, b: RunnableRef): boolean => a.kind === b.kind && a.id === b.id;

/** The owner of an audience, or undefined when no orchestration or campaign has synced it yet. */
export async function getAudienceOwner(db: Queryable, ref: AudienceRef): Promise<AudienceOwner | undefined> {
  const row = await db.queryOne<Row>(`${SELECT} WHERE a.advertiser_id = $1 AND a.audience_name = $2`, [
    ref.advertiserId,
    ref.audienceName,
  ]);
  return row ? toOwner(row) : undefined;
}

/** Every owned audience, by advertiser and name; optionally only those of one advertiser. */
export async function listAudienceOwners(
  db: Queryable,
  filter: { advertiserId?: string } = {},
): Promise<AudienceOwner[]> {
  const rows = await db.query<Row>(
    `${SELECT} WHERE ($1::text IS NULL OR a.advertiser_id = $1) ORDER BY a.advertiser_id, a.audience_name`,
    [filter.advertiserId ?? null],
  );
  return rows.map(toOwner);
}

/**
 * Refuses an audience that another orchestration or campaign owns; a free audience, or one `claimant` owns,
 * passes. Checked when a runnable is saved (nothing is recorded then: ownership comes with the first sync).
 * @throws AudienceOwned
 */
export async function assertAudienceFree(
  db: Queryable,
  ref: AudienceRef,
  claimant: RunnableRef,
  field?: string,
): Promise<void> {
  const owner = await getAudienceOwner(db, ref);
  if (owner && !same(owner.owner, claimant)) throw new AudienceOwned(ref, owner.owner, field);
}

/**
 * Records `claimant` as the owner of a free audience, atomically (two first syncs at once: one wins), right
 * before its first sync sends anything; passes when `claimant` already owns it.
 * @throws AudienceOwned when another runnable owns it
 */
export async function claimAudience(db: Queryable, ref: AudienceRef, claimant: RunnableRef): Promise<void> {
  await db.query(
    `INSERT INTO audience_owners (advertiser_id, audience_name, owner_kind, owner_id)
     VALUES ($1, $2, $3, $4) ON CONFLICT (advertiser_id, audience_name) DO NOTHING`,
    [ref.advertiserId, ref.audienceName, claimant.kind, claimant.id],
  );
  await assertAudienceFree(db, ref, claimant);
}

/**
 * Hands an audience over to an existing orchestration or campaign (an admin's decision); an audience nobody
 * owned yet is given to it. Returns the new owner.
 * @throws RunnableNotFound when `to` does not exist
 */
export async function transferAudience(
  db: Queryable,
  ref: AudienceRef,
  to: RunnableRef,
): Promise<AudienceOwner> {
  // Only something that can run may own an audience: a typo must not lock the audience away.
  if (to.kind === 'orchestration') await getOrchestration(db, to.id);
  else await getCampaign(db, to.id);
  await db.query(
    `INSERT INTO audience_owners (advertiser_id, audience_name, owner_kind, owner_id)
     VALUES ($1, $2, $3, $4)
     ON CONFLICT (advertiser_id, audience_name)
     DO UPDATE SET owner_kind = EXCLUDED.owner_kind, owner_id = EXCLUDED.owner_id, updated_at = now()`,
    [ref.advertiserId, ref.audienceName, to.kind, to.id],
  );
  return (await getAudienceOwner(db, ref))!;
}
