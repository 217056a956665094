import type { Command } from 'commander';
import type { TemplateView } from './control-api.js';
import {
  addControlOptions,
  addSettingsOptions,
  emit,
  settingsFromFlags,
  table,
  withControl,
  type ControlContext,
} from './control-runtime.js';
import { showReport } from './connection-report.js';
import { registerTemplateEdits } from './templates-edit.js';

/** `templates list`: with whether each is offered to campaigns. */
export async function templatesList(
  ctx: ControlContext,
  opts: { destination?: string | undefined; json?: boolean },
): Promise<void> {
  const templates = await ctx.api.templates.list({ destinationId: opts.destination });
  const names = new Map((await ctx.api.destinations.list({})).map((d) => [d.id, d.name]));
  const rows = templates.map((t) => ({
    ...t,
    destinationName: names.get(t.destinationId) ?? t.destinationId,
  }));
  emit(ctx, opts.json, rows, () =>
    table(
      rows.map((r) => ({ ...r, offered: r.campaignOffer.offered })),
      [
        ['id', 'ID'],
        ['name', 'NAME'],
        ['destinationName', 'DESTINATION'],
        ['businessUserAccess', 'BUSINESS USERS'],
        ['offered', 'CAMPAIGNS'],
        ['settings', 'SETTINGS'],
      ],
    ),
  );
}

/** Options of `templates create`. */
export interface TemplateCreateOptions extends Record<string, unknown> {
  destination: string;
  name: string;
  description?: string;
  businessUsers?: boolean;
  campaigns?: boolean;
  json?: boolean;
}

/** `templates create`: refused when it asks for campaigns without every required setting. */
export async function templatesCreate(
  ctx: ControlContext,
  opts: TemplateCreateOptions,
): Promise<TemplateView> {
  const saved = await ctx.api.templates.create({
    destinationId: opts.destination,
    name: opts.name,
    ...(opts.description !== undefined ? { description: opts.description } : {}),
    businessUserAccess: opts.businessUsers === true,
    availableToCampaigns: opts.campaigns === true,
    settings: settingsFromFlags(opts),
  });
  emit(ctx, opts.json, { template: saved.saved, connection: saved.connection }, () =>
    [
      `Data template ${saved.saved.id} created.`,
      ...(saved.connection ? [showReport(saved.connection)] : []),
    ].join('\n'),
  );
  return saved.saved;
}

/** `ttads templates list|create|update|delete`, on the store or a running server (`--server`). */
export function registerTemplatesCommand(program: Command): void {
  const cmd = program.command('templates').description('Data templates: settings per destination');
  addControlOptions(
    cmd
      .command('list')
      .description('List data templates')
      .option('--destination <id>', 'only of this destination'),
  ).action((opts: Record<string, unknown>) =>
    withControl(opts, (ctx) =>
      templatesList(ctx, { destination: opts.destination as string | undefined, json: opts.json === true }),
    ),
  );
  addControlOptions(
    addSettingsOptions(
      cmd
        .command('create')
        .description('Create a data template that fills or overrides its destination settings')
        .requiredOption('--destination <id>', 'the destination it belongs to')
        .requiredOption('--name <name>', 'name of the template')
        .option('--description <text>', 'what the template is for')
        .option('--business-users', 'open it to business users')
        .option('--campaigns', 'offer it to campaigns (every required setting must be known)'),
    ),
  ).action((opts: Record<string, unknown>) =>
    withControl(opts, async (ctx) => {
      await templatesCreate(ctx, opts as TemplateCreateOptions);
    }),
  );
  registerTemplateEdits(cmd);
}
