import type { Command } from 'commander';
import type { Destination, DestinationPatch } from '../config/index.js';
import { showReport } from './connection-report.js';
import {
  addControlOptions,
  addSettingsOptions,
  emit,
  settingsFromFlags,
  withControl,
  type ControlContext,
} from './control-runtime.js';

/** Options of `destinations update` (commander's names). */
export interface DestinationUpdateOptions extends Record<string, unknown> {
  name?: string;
  description?: string;
  credential?: string;
  businessUsers?: boolean;
  campaigns?: boolean;
  json?: boolean;
}

/**
 * `destinations update <id>`: the options given replace the stored values; settings flags change those
 * settings and keep the others. A new credential or new settings are tested again (a failure refuses it).
 */
export async function destinationsUpdate(
  ctx: ControlContext,
  id: string,
  opts: DestinationUpdateOptions,
): Promise<Destination> {
  const settings = settingsFromFlags(opts);
  const current = Object.keys(settings).length > 0 ? await ctx.api.destinations.get(id) : undefined;
  const patch: DestinationPatch = {
    ...(opts.name !== undefined ? { name: opts.name } : {}),
    ...(opts.description !== undefined ? { description: opts.description } : {}),
    ...(opts.credential !== undefined ? { credentialId: opts.credential } : {}),
    ...(opts.businessUsers !== undefined ? { businessUserAccess: opts.businessUsers } : {}),
    ...(opts.campaigns !== undefined ? { availableToCampaigns: opts.campaigns } : {}),
    ...(current ? { settings: { ...current.settings, ...settings } } : {}),
  };
  const saved = await ctx.api.destinations.update(id, patch);
  emit(ctx, opts.json, { destination: saved.saved, connection: saved.connection }, () =>
    [
      `Destination ${saved.saved.id} updated.`,
      ...(saved.connection ? [showReport(saved.connection)] : []),
    ].join('\n'),
  );
  return saved.saved;
}

/** `destinations delete <id>`: refused while it has data templates. */
export async function destinationsDelete(
  ctx: ControlContext,
  id: string,
  opts: { json?: boolean },
): Promise<void> {
  await ctx.api.destinations.delete(id);
  emit(ctx, opts.json, { id, deleted: true }, () => `Destination ${id} deleted.`);
}

/** Registers `destinations update` and `destinations delete`. */
export function registerDestinationEdits(cmd: Command): void {
  addControlOptions(
    addSettingsOptions(
      cmd
        .command('update <id>')
        .description('Change a destination; a new credential or new settings are tested again')
        .option('--name <name>', 'new name')
        .option('--description <text>', 'what the destination is for')
        .option('--credential <id>', 'another authorized credential')
        .option('--business-users', 'open it to business users')
        .option('--no-business-users', 'close it to business users')
        .option('--campaigns', 'make it available to campaigns')
        .option('--no-campaigns', 'no longer available to campaigns'),
    ),
  ).action((id: string, opts: Record<string, unknown>) =>
    withControl(opts, async (ctx) => {
      await destinationsUpdate(ctx, id, opts);
    }),
  );
  addControlOptions(
    cmd.command('delete <id>').description('Delete a destination that has no data templates'),
  ).action((id: string, opts: Record<string, unknown>) =>
    withControl(opts, (ctx) => destinationsDelete(ctx, id, opts)),
  );
}
