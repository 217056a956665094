import type { Command } from 'commander';
import type { Destination } from '../config/index.js';
import { builtInDestinations } from '../destinations/index.js';
import {
  addControlOptions,
  addSettingsOptions,
  emit,
  fields,
  settingsFromFlags,
  table,
  withControl,
  type ControlContext,
} from './control-runtime.js';
import { showReport } from './connection-report.js';
import { registerDestinationEdits } from './destinations-edit.js';

/** The plugin ids the help names: the built-in destinations'. */
const PLUGIN_CHOICES = builtInDestinations.map((d) => d.id);

function showDestination(d: Destination): string {
  return fields([
    ['id', d.id],
    ['name', d.name],
    ['plugin', d.plugin],
    ['credential', d.credentialId],
    ['description', d.description || null],
    ['settings', d.settings],
    ['business users', d.businessUserAccess],
    ['campaigns', d.availableToCampaigns],
    ['tested', d.lastTestedAt],
  ]);
}

export { showReport };

/** `destinations list`. */
export async function destinationsList(
  ctx: ControlContext,
  opts: { plugin?: string | undefined; json?: boolean },
): Promise<void> {
  // The control plane resolves the plugin (an alias names its destination) through its registry.
  const all = await ctx.api.destinations.list(opts.plugin ? { plugin: opts.plugin } : {});
  emit(ctx, opts.json, all, () =>
    table(all, [
      ['id', 'ID'],
      ['name', 'NAME'],
      ['plugin', 'PLUGIN'],
      ['businessUserAccess', 'BUSINESS USERS'],
      ['availableToCampaigns', 'CAMPAIGNS'],
      ['lastTestedAt', 'TESTED'],
    ]),
  );
}

/** `destinations show <id>`. */
export async function destinationsShow(
  ctx: ControlContext,
  id: string,
  opts: { json?: boolean },
): Promise<void> {
  const destination = await ctx.api.destinations.get(id);
  emit(ctx, opts.json, destination, () => showDestination(destination));
}

/** Options of `destinations create`. */
export interface DestinationCreateOptions extends Record<string, unknown> {
  plugin: string;
  name: string;
  credential: string;
  description?: string;
  businessUsers?: boolean;
  campaigns?: boolean;
  json?: boolean;
}

/** `destinations create`: refused with the reason when its connection test fails. */
export async function destinationsCreate(
  ctx: ControlContext,
  opts: DestinationCreateOptions,
): Promise<Destination> {
  const saved = await ctx.api.destinations.create({
    plugin: opts.plugin,
    name: opts.name,
    credentialId: opts.credential,
    ...(opts.description !== undefined ? { description: opts.description } : {}),
    businessUserAccess: opts.businessUsers === true,
    availableToCampaigns: opts.campaigns === true,
    settings: settingsFromFlags(opts),
  });
  const answer = { destination: saved.saved, connection: saved.connection };
  emit(ctx, opts.json, answer, () =>
    [
      `Destination ${saved.saved.id} created.`,
      ...(saved.connection ? [showReport(saved.connection)] : []),
    ].join('\n'),
  );
  return saved.saved;
}

/** `destinations test <id>`: exit code 3 when the test fails. */
export async function destinationsTest(
  ctx: ControlContext,
  id: string,
  opts: { json?: boolean },
): Promise<void> {
  const report = await ctx.api.destinations.test(id);
  emit(ctx, opts.json, report, () => showReport(report));
  if (!report.ok) process.exitCode = 3;
}

/** `ttads destinations list|show|create|update|delete|test`, on the store or a running server (`--server`). */
export function registerDestinationsCommand(program: Command): void {
  const cmd = program
    .command('destinations')
    .description('Destinations: where data is sent (plugin + credential)');
  addControlOptions(
    cmd
      .command('list')
      .description('List destinations')
      .option('--plugin <plugin>', `only one plugin: ${PLUGIN_CHOICES.join(', ')}`),
  ).action((opts: Record<string, unknown>) =>
    withControl(opts, (ctx) =>
      destinationsList(ctx, { plugin: opts.plugin as string | undefined, json: opts.json === true }),
    ),
  );
  addControlOptions(cmd.command('show <id>').description('One destination')).action(
    (id: string, opts: Record<string, unknown>) =>
      withControl(opts, (ctx) => destinationsShow(ctx, id, opts)),
  );
  addControlOptions(
    addSettingsOptions(
      cmd
        .command('create')
        .description('Create a destination; its connection is tested first and a failure refuses it')
        .requiredOption('--plugin <plugin>', PLUGIN_CHOICES.join(' or '))
        .requiredOption('--name <name>', 'name of the destination')
        .requiredOption('--credential <id>', 'the authorized credential to send with')
        .option('--description <text>', 'what the destination is for')
        .option('--business-users', 'open it to business users')
        .option('--campaigns', 'make it available to campaigns (custom audiences only)'),
    ),
  ).action((opts: Record<string, unknown>) =>
    withControl(opts, async (ctx) => {
      await destinationsCreate(ctx, opts as DestinationCreateOptions);
    }),
  );
  registerDestinationEdits(cmd);
  addControlOptions(cmd.command('test <id>').description('Test the connection of a destination now')).action(
    (id: string, opts: Record<string, unknown>) =>
      withControl(opts, (ctx) => destinationsTest(ctx, id, opts)),
  );
}
