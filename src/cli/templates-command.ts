import type { Command } from 'commander';
import {
  campaignOffer,
  createTemplate,
  getDestination,
  listDestinations,
  listTemplates,
  type DataTemplate,
} from '../config/index.js';
import {
  addControlOptions,
  addSettingsOptions,
  emit,
  settingsFromFlags,
  table,
  withControl,
  type ControlContext,
} from './control-runtime.js';
import { showReport } from './destinations-command.js';

/** `templates list`: with whether each is offered to campaigns. */
export async function templatesList(
  ctx: ControlContext,
  opts: { destination?: string | undefined; json?: boolean },
): Promise<void> {
  const destinations = opts.destination
    ? [await getDestination(ctx.control.db, opts.destination)]
    : await listDestinations(ctx.control.db);
  const rows: (DataTemplate & {
    destinationName: string;
    campaignOffer: ReturnType<typeof campaignOffer>;
  })[] = [];
  for (const destination of destinations) {
    for (const template of await listTemplates(ctx.control.db, { destinationId: destination.id })) {
      const offer = campaignOffer(ctx.control.plugins, destination, template);
      rows.push({ ...template, destinationName: destination.name, campaignOffer: offer });
    }
  }
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
): Promise<DataTemplate> {
  const saved = await createTemplate(ctx.control, {
    destinationId: opts.destination,
    name: opts.name,
    ...(opts.description !== undefined ? { description: opts.description } : {}),
    businessUserAccess: opts.businessUsers === true,
    availableToCampaigns: opts.campaigns === true,
    settings: settingsFromFlags(opts),
  });
  emit(ctx, opts.json, saved, () =>
    [
      `Data template ${saved.template.id} created.`,
      ...(saved.connection ? [showReport(saved.connection)] : []),
    ].join('\n'),
  );
  return saved.template;
}

/** `ttads templates list|create`, on the store directly. */
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
}
