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

/**
 * Finds the audience by exact name under the owning (first) advertiser, across every page of the list, and
 * creates it through the Segment API when missing (unless `create` is false, for dry runs). Audiences are
 * never deleted. A stored snapshot is only trusted for the audience it was made for.
 */
export async function resolveTarget(
  client: TikTokClient,
  input: { owner: string; name: string; state: AudienceState | undefined; create: boolean },
): Promise<AudienceTarget> {
  const found = await client.findAudienceByName(input.owner, input.name);
  const known = input.state?.audienceId ?? null;
  if (found) {
    if (known === found.audienceId)
      return { audienceId: found.audienceId, created: false, snapshotValid: true, warnings: [] };
    // The snapshot says what audience `known` holds; diffing another audience against it would skip
    // everyone it lists, so it is discarded and every member is sent.
    const before =
      known !== null
        ? `Audience "${input.name}" is ${found.audienceId} in TikTok, not ${known} as when ttads last synced it ` +
          `(another TikTok account or emulator?): the snapshot of ${known} is discarded and every member is sent; `
        : `Audience "${input.name}" (${found.audienceId}) already existed and was not synced by ttads before: `;
    return {
      audienceId: found.audienceId,
      created: false,
      snapshotValid: false,
      warnings: [`${before}members added to it elsewhere are not known here and will not be removed.`],
    };
  }
  const warnings =
    known !== null
      ? [
          `Audience ${known} named "${input.name}" is no longer listed in TikTok; a new audience is created ` +
            'and every member is sent.',
        ]
      : [];
  if (!input.create) return { audienceId: null, created: false, snapshotValid: false, warnings };
  const { audienceId } = await client.createAudience({ advertiserId: input.owner, name: input.name });
  return { audienceId, created: true, snapshotValid: false, warnings };
}
