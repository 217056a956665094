import type { TikTokClient } from '../tiktok/index.js';
import type { AudienceState } from './state.js';

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
}

/**
 * The audience of a sync. Once ttads created or found it, its id is stored and later runs look it up by id
 * (`dmp/custom_audience/get/`): the name serves only to find it the first time, so a name TikTok truncated
 * or a new audience TikTok does not list yet never leads to a second audience. An audience deleted in TikTok
 * is created again (unless `create` is false, for dry runs) and everyone is sent, with a warning.
 */
export async function resolveTarget(client: TikTokClient, input: TargetInput): Promise<AudienceTarget> {
  const known = input.state?.audienceId ?? null;
  if (known !== null && (await client.getAudience(input.owner, known))) {
    return { audienceId: known, created: false, snapshotValid: true, warnings: [] };
  }
  // No audience yet, or the stored one is gone (deleted, or another TikTok account): the name finds it.
  const found = await client.findAudienceByName(input.owner, input.name);
  if (!found) {
    const gone =
      known === null
        ? []
        : [
            `Audience ${known} ("${input.name}") no longer exists in TikTok (deleted?): a new audience is created ` +
              'and every member is sent.',
          ];
    return create(client, input, gone);
  }
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
  const { audienceId } = await client.createAudience({ advertiserId: input.owner, name: input.name });
  await input.remember(audienceId);
  return { audienceId, created: true, snapshotValid: false, warnings };
}
