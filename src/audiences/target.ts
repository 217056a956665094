import { TikTokApiError, type TikTokClient } from '../tiktok/index.js';
import type { AudienceState, PendingCreation } from './state.js';

/** The audience a sync writes to, and whether the stored snapshot still describes it. */
export interface AudienceTarget {
  audienceId: string | null;
  created: boolean;
  /** False when the snapshot belongs to another audience (or none): start from an empty one. */
  snapshotValid: boolean;
  warnings: string[];
}

interface TargetInput {
  owner: string;
  name: string;
  state: AudienceState | undefined;
  create: boolean;
  /** Stores the id of an audience created or found by name, before anything is sent to it. */
  remember: (audienceId: string) => Promise<void>;
  /**
   * Records durably that the audience is being created, before the create request goes out; null: no create
   * is under way any more (TikTok refused it).
   */
  creating: (creation: PendingCreation | null) => Promise<void>;
  now: () => number;
}

/**
 * The audience of a sync. Once ttads created or found it, its id is stored and later runs look it up by id
 * (`dmp/custom_audience/get/`): the name serves only to find it the first time, so a name TikTok truncated
 * or a new audience TikTok does not list yet never leads to a second audience. An audience deleted in TikTok
 * is created again (unless `create` is false, for dry runs) and everyone is sent, with a warning. A create
 * is recorded before it is sent; while no id is stored for it (its answer was lost, or the run died), the
 * audience is looked for by name for up to the client's listing wait before it is created again.
 */
export async function resolveTarget(client: TikTokClient, input: TargetInput): Promise<AudienceTarget> {
  const known = input.state?.audienceId ?? null;
  if (known !== null && (await client.getAudience(input.owner, known))) {
    return { audienceId: known, created: false, snapshotValid: true, warnings: [] };
  }
  const gone =
    known === null
      ? []
      : [
          `Audience ${known} ("${input.name}") no longer exists in TikTok (deleted?): a new audience is created ` +
            'and every member is sent.',
        ];
  const pending = input.state?.creating;
  if (pending && pending.advertiserId === input.owner && pending.name === input.name) {
    // An earlier run sent a create and never heard the answer: TikTok may hold the audience, unlisted as yet.
    const made = input.create
      ? await client.findNewAudience(input.owner, input.name)
      : await client.findAudienceByName(input.owner, input.name);
    if (!made) return create(client, input, gone);
    if (input.create) await input.remember(made.audienceId);
    return {
      audienceId: made.audienceId,
      created: true,
      snapshotValid: false,
      warnings: [
        `Audience "${input.name}" (${made.audienceId}) was created by a run at ${pending.at} that never heard ` +
          "TikTok's answer: found by name, not created again.",
      ],
    };
  }
  // No audience yet, or the stored one is gone (deleted, or another TikTok account): the name finds it.
  const found = await client.findAudienceByName(input.owner, input.name);
  if (!found) return create(client, input, gone);
  if (input.create) await input.remember(found.audienceId);
  // The snapshot says what audience `known` holds; diffing another audience against it would skip
  // everyone it lists, so it is discarded and every member is sent.
  const before =
    known !== null
      ? `Audience "${input.name}" is ${found.audienceId} in TikTok, not ${known} as when ttads last synced it ` +
        `(deleted, or another TikTok account or emulator?): the snapshot of ${known} is discarded and every member is sent; `
      : `Audience "${input.name}" (${found.audienceId}) already existed and was not synced by ttads before: `;
  return {
    audienceId: found.audienceId,
    created: false,
    snapshotValid: false,
    warnings: [`${before}members added to it elsewhere are not known here and will not be removed.`],
  };
}

async function create(client: TikTokClient, input: TargetInput, warnings: string[]): Promise<AudienceTarget> {
  if (!input.create) return { audienceId: null, created: false, snapshotValid: false, warnings };
  const at = new Date(input.now()).toISOString();
  await input.creating({ advertiserId: input.owner, name: input.name, at });
  const { audienceId } = await client
    .createAudience({ advertiserId: input.owner, name: input.name })
    .catch(async (err: unknown) => {
      // TikTok refused the only attempt (audience limit, permissions...): nothing was created, nothing to look
      // for. After a retry, an earlier attempt may have been applied: the record stays.
      if (refusedAtOnce(err)) await input.creating(null);
      throw err;
    });
  await input.remember(audienceId);
  return { audienceId, created: true, snapshotValid: false, warnings };
}

function refusedAtOnce(err: unknown): boolean {
  return (
    err instanceof TikTokApiError &&
    err.attempts === 1 &&
    err.category !== 'transient' &&
    err.category !== 'unknown'
  );
}
