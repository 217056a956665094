import { TtadsError } from '../errors.js';
import type { Command } from 'commander';
import { getAudienceOwner, type AudienceOwner, type AudienceRef } from '../orchestrations/index.js';
import type { Queryable } from '../store/store.js';
import {
  addControlOptions,
  emit,
  fields,
  table,
  withControl,
  type ControlContext,
} from './control-runtime.js';

/** A sync from the CLI refused because an orchestration or campaign owns the audience (exit code 2). */
export class AudienceOwnedError extends TtadsError {
  override name = 'AudienceOwnedError';
  constructor(message: string, hint: string) {
    super(message, { code: 'audience_owned', kind: 'conflict', hint });
  }
}

/**
 * Refuses a CLI sync (mirror or add-only) of an audience that an orchestration or campaign owns, unless the
 * user said `--take-over`: a mirror sync would replace the members its runs keep, and an add-only one would
 * add people its owner never chose. A dry run sends nothing and passes. Ownership is not changed either way.
 * @throws AudienceOwnedError
 */
export async function refuseOwnedAudience(
  db: Queryable,
  audience: AudienceRef,
  opts: { takeOver: boolean; dryRun: boolean; mode: 'mirror' | 'add-only' },
): Promise<AudienceOwner | undefined> {
  if (opts.dryRun) return undefined;
  const owner = await getAudienceOwner(db, audience);
  if (!owner || opts.takeOver) return owner;
  const who = `${owner.owner.kind} ${owner.owner.id}${owner.ownerName ? ` ("${owner.ownerName}")` : ''}`;
  const effect =
    opts.mode === 'mirror'
      ? 'a mirror sync would replace the members its runs keep'
      : 'an add-only sync would add people its runs did not choose';
  throw new AudienceOwnedError(
    `Custom audience "${audience.audienceName}" of advertiser ${audience.advertiserId} belongs to ${who}: ${effect}.`,
    'Sync another --audience-name, or pass --take-over to sync it anyway (mirror and add-only syncs of an ' +
      'owned audience are both refused without it; its owner keeps it). An admin can hand it over with ' +
      '`ttads audience transfer`.',
  );
}

const ownerRows = (owners: AudienceOwner[]) =>
  owners.map((o) => ({ ...o, ownerText: `${o.owner.kind} ${o.owner.id}`, name: o.ownerName ?? '(deleted)' }));

/** `audience owners`: every owned audience and its orchestration or campaign. */
export async function audienceOwnersList(
  ctx: ControlContext,
  opts: { advertiserId?: string | undefined; json?: boolean | undefined },
): Promise<void> {
  const owners = await ctx.api.audienceOwners.list({ advertiserId: opts.advertiserId });
  emit(ctx, opts.json, owners, () =>
    table(ownerRows(owners), [
      ['advertiserId', 'ADVERTISER'],
      ['audienceName', 'AUDIENCE'],
      ['ownerText', 'OWNER'],
      ['name', 'OWNER NAME'],
      ['claimedAt', 'SINCE'],
    ]),
  );
}

/** `audience transfer`: hands an audience over to an orchestration or campaign. */
export async function audienceTransfer(
  ctx: ControlContext,
  opts: { advertiserId: string; audienceName: string; to: string; json?: boolean | undefined },
): Promise<AudienceOwner> {
  const match = /^(orchestration|campaign):(.+)$/.exec(opts.to);
  if (!match?.[1] || !match[2]) {
    throw Object.assign(new Error('--to takes orchestration:<id> or campaign:<id>'), { name: 'UsageError' });
  }
  const owner = await ctx.api.audienceOwners.transfer(
    { advertiserId: opts.advertiserId, audienceName: opts.audienceName },
    { kind: match[1] as 'orchestration' | 'campaign', id: match[2] },
  );
  emit(ctx, opts.json, owner, () =>
    fields([
      ['audience', `"${owner.audienceName}" of advertiser ${owner.advertiserId}`],
      ['owner', `${owner.owner.kind} ${owner.owner.id}`],
      ['owner name', owner.ownerName],
    ]),
  );
  return owner;
}

/** Registers `audience owners` and `audience transfer` under the `audience` command. */
export function registerAudienceOwnerCommands(audience: Command): void {
  addControlOptions(
    audience
      .command('owners')
      .description('List owned custom audiences: the orchestration or campaign whose runs keep each')
      .option('--advertiser-id <id>', 'only the audiences of this advertiser'),
  ).action((opts: Record<string, unknown>) =>
    withControl(opts, (ctx) =>
      audienceOwnersList(ctx, {
        advertiserId: opts.advertiserId as string | undefined,
        json: opts.json === true,
      }),
    ),
  );
  addControlOptions(
    audience
      .command('transfer')
      .description('Hand a custom audience over to another orchestration or campaign (admins)')
      .requiredOption('--advertiser-id <id>', 'the advertiser the audience is found under (the first)')
      .requiredOption('--audience-name <name>', 'the exact custom audience name')
      .requiredOption('--to <kind:id>', 'the new owner: orchestration:<id> or campaign:<id>'),
  ).action((opts: Record<string, unknown>) =>
    withControl(opts, async (ctx) => {
      await audienceTransfer(ctx, {
        advertiserId: String(opts.advertiserId),
        audienceName: String(opts.audienceName),
        to: String(opts.to),
        json: opts.json === true,
      });
    }),
  );
}
