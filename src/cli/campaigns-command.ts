import type { Command } from 'commander';
import type { WorkflowDetails, WorkflowRecord } from '../jobs/index.js';
import {
  createCampaign,
  getCampaign,
  listCampaigns,
  runCampaignNow,
  type Campaign,
} from '../orchestrations/index.js';
import {
  addControlOptions,
  emit,
  fields,
  table,
  withControl,
  type ControlContext,
} from './control-runtime.js';
import {
  jsonOption,
  runAndReport,
  runContext,
  scheduleOption,
  setRunExitCode,
  withSchedules,
  type RunContext,
} from './workflow-run.js';

const when = (c: Pick<Campaign, 'schedule'>): string =>
  c.schedule ? `${c.schedule.cron} (${c.schedule.timezone})` : 'one time';
const idTypesText = (c: Pick<Campaign, 'idTypes'>): string => c.idTypes?.join(',') ?? 'segment default';

/** `campaigns list`. */
export async function campaignsList(ctx: ControlContext, opts: { json?: boolean }): Promise<void> {
  const all = await listCampaigns(ctx.control.db);
  emit(ctx, opts.json, all, () =>
    table(
      all.map((c) => ({ ...c, when: when(c), types: idTypesText(c) })),
      [
        ['id', 'ID'],
        ['name', 'NAME'],
        ['segmentId', 'SEGMENT'],
        ['templateId', 'TEMPLATE'],
        ['types', 'ID TYPES'],
        ['controlGroupPercent', 'CONTROL %'],
        ['when', 'SCHEDULE'],
      ],
    ),
  );
}

/** `campaigns show <id>`. */
export async function campaignsShow(
  ctx: ControlContext,
  id: string,
  opts: { json?: boolean },
): Promise<void> {
  const c = await getCampaign(ctx.control.db, id);
  emit(ctx, opts.json, c, () =>
    fields([
      ['id', c.id],
      ['name', c.name],
      ['description', c.description || null],
      ['segment', c.segmentId],
      ['template', c.templateId],
      ['id types', idTypesText(c)],
      ['audience name', c.audienceName],
      ['schedule', when(c)],
      ['control group', `${c.controlGroupPercent}% (seed ${c.controlGroupSeed})`],
      ['control key', c.controlGroupKey],
    ]),
  );
}

/** Options of `campaigns create`. */
export interface CampaignCreateOptions {
  name: string;
  segment: string;
  template: string;
  description?: string | undefined;
  idTypes?: string | undefined;
  audienceName?: string | undefined;
  cron?: string | undefined;
  timezone?: string | undefined;
  controlGroup?: string | undefined;
  controlSeed?: string | undefined;
  controlKey?: string | undefined;
  options?: string | undefined;
  json?: boolean | undefined;
}

/**
 * `campaigns create`: a segment sent to a template offered to campaigns (refused naming `templateId`
 * otherwise). Queries are the segments' (`ttads segments create`).
 */
export async function campaignsCreate(ctx: RunContext, opts: CampaignCreateOptions): Promise<Campaign> {
  const schedule = scheduleOption(opts as unknown as Record<string, unknown>);
  const options = jsonOption('--options', opts.options);
  const percent = opts.controlGroup === undefined ? undefined : Number(opts.controlGroup);
  const saved = await withSchedules(ctx, schedule !== null, (deps) =>
    createCampaign(deps, {
      name: opts.name,
      segmentId: opts.segment,
      templateId: opts.template,
      schedule,
      ...(opts.description !== undefined ? { description: opts.description } : {}),
      ...(opts.idTypes
        ? { idTypes: opts.idTypes.split(',').map((t) => t.trim().toUpperCase()) as Campaign['idTypes'] }
        : {}),
      ...(opts.audienceName !== undefined ? { audienceName: opts.audienceName } : {}),
      ...(percent !== undefined ? { controlGroupPercent: percent } : {}),
      ...(opts.controlSeed !== undefined ? { controlGroupSeed: opts.controlSeed } : {}),
      ...(opts.controlKey !== undefined ? { controlGroupKey: opts.controlKey } : {}),
      ...(options ? { options } : {}),
    }),
  );
  emit(ctx, opts.json, saved, () => `Campaign ${saved.id} created (${when(saved)}).`);
  return saved;
}

/** `campaigns run <id>`: a one-time campaign is sent once. */
export function campaignsRun(
  ctx: RunContext,
  id: string,
  opts: { json?: boolean | undefined; here?: boolean | undefined },
): Promise<WorkflowDetails | WorkflowRecord> {
  return runAndReport(
    ctx,
    (engine) => runCampaignNow({ engine, db: ctx.control.db, plugins: ctx.control.plugins }, id),
    opts,
  );
}

/** `ttads campaigns list|show|create|run`, on the store directly. */
export function registerCampaignsCommand(program: Command): void {
  const cmd = program
    .command('campaigns')
    .description('Campaigns: a segment sent to a data template offered to campaigns');
  addControlOptions(cmd.command('list').description('List campaigns')).action(
    (opts: Record<string, unknown>) => withControl(opts, (ctx) => campaignsList(ctx, opts)),
  );
  addControlOptions(cmd.command('show <id>').description('One campaign')).action(
    (id: string, opts: Record<string, unknown>) => withControl(opts, (ctx) => campaignsShow(ctx, id, opts)),
  );
  addControlOptions(
    cmd
      .command('create')
      .description('Create a campaign on a data template offered to campaigns')
      .requiredOption('--name <name>', 'unique name')
      .requiredOption('--segment <id>', 'the segment sent (ttads segments list)')
      .requiredOption('--template <id>', 'a data template offered to campaigns')
      .option('--description <text>', 'what it is for')
      .option(
        '--id-types <types>',
        "comma-separated user ID types (default: the segment's, else EMAIL,PHONE)",
      )
      .option('--audience-name <name>', "custom audience name (default: the template's)")
      .option('--cron <expr>', 'recurring on this schedule (default: one time)')
      .option('--timezone <zone>', 'time zone of --cron (default UTC)')
      .option('--control-group <percent>', 'share held out as a control group, 0 to 50')
      .option('--control-seed <seed>', 'seed of the control group draw (default: random)')
      .option('--control-key <column>', 'column identifying a person for the draw')
      .option('--options <json>', 'how the audience is read, as a JSON object'),
  ).action((opts: Record<string, unknown>) =>
    withControl(opts, async (ctx) => {
      await campaignsCreate(runContext(ctx), opts as unknown as CampaignCreateOptions);
    }),
  );
  addControlOptions(
    cmd
      .command('run <id>')
      .description('Send now; on the embedded store it runs here to the end and prints the outcome')
      .option('--here', 'on PostgreSQL too, run it in this process instead of leaving it to the workers'),
  ).action((id: string, opts: Record<string, unknown>) =>
    withControl(opts, async (ctx) => {
      setRunExitCode(
        await campaignsRun(runContext(ctx), id, { json: opts.json === true, here: opts.here === true }),
      );
    }),
  );
}
