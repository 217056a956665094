import type { Command } from 'commander';
import type { Campaign, CampaignPatch } from '../orchestrations/index.js';
import { registerRunnableCommand, runnableActions, type RunnableCommandSpec } from './runnable-command.js';
import { campaignUpdateFlags, campaignPatch } from './runnable-edit.js';
import { jsonOption } from './workflow-run.js';

const idTypesText = (c: Pick<Campaign, 'idTypes'>): string => c.idTypes?.join(',') ?? 'segment default';

/** Options of `campaigns create`. */
export interface CampaignCreateOptions {
  name: string;
  segment: string;
  template: string;
  description?: string | undefined;
  idTypes?: string | undefined;
  audienceName?: string | undefined;
  controlGroup?: string | undefined;
  controlSeed?: string | undefined;
  controlKey?: string | undefined;
  options?: string | undefined;
}

/**
 * `campaigns`: a segment sent to a template offered to campaigns (refused naming `templateId` otherwise).
 * Queries are the segments' (`ttads segments create`).
 */
const CAMPAIGN_COMMAND: RunnableCommandSpec<Campaign, CampaignCreateOptions, CampaignPatch> = {
  command: 'campaigns',
  noun: 'Campaign',
  texts: {
    command: 'Campaigns: a segment sent to a data template offered to campaigns',
    list: 'List campaigns',
    show: 'One campaign',
    create: 'Create a campaign on a data template offered to campaigns',
    run: 'Send now; on the embedded store it runs here to the end and prints the outcome',
  },
  unscheduled: 'one time',
  columns: [
    ['id', 'ID'],
    ['name', 'NAME'],
    ['segmentId', 'SEGMENT'],
    ['templateId', 'TEMPLATE'],
    ['types', 'ID TYPES'],
    ['controlGroupPercent', 'CONTROL %'],
    ['when', 'SCHEDULE'],
  ],
  listed: (c) => ({ types: idTypesText(c) }),
  shown: (c, schedule) => [
    ['id', c.id],
    ['name', c.name],
    ['description', c.description || null],
    ['segment', c.segmentId],
    ['template', c.templateId],
    ['id types', idTypesText(c)],
    ['audience name', c.audienceName],
    ['schedule', schedule],
    ['control group', `${c.controlGroupPercent}% (seed ${c.controlGroupSeed})`],
    ['control key', c.controlGroupKey],
  ],
  createFlags: (cmd) =>
    cmd
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
  input: (opts, schedule) => {
    const options = jsonOption('--options', opts.options);
    const percent = opts.controlGroup === undefined ? undefined : Number(opts.controlGroup);
    return {
      name: opts.name,
      segmentId: opts.segment,
      templateId: opts.template,
      schedule,
      ...(opts.description !== undefined ? { description: opts.description } : {}),
      ...(opts.idTypes ? { idTypes: opts.idTypes.split(',').map((t) => t.trim().toUpperCase()) } : {}),
      ...(opts.audienceName !== undefined ? { audienceName: opts.audienceName } : {}),
      ...(percent !== undefined ? { controlGroupPercent: percent } : {}),
      ...(opts.controlSeed !== undefined ? { controlGroupSeed: opts.controlSeed } : {}),
      ...(opts.controlKey !== undefined ? { controlGroupKey: opts.controlKey } : {}),
      ...(options ? { options } : {}),
    };
  },
  updateFlags: campaignUpdateFlags,
  patch: campaignPatch,
  api: (api) => api.campaigns,
};

/**
 * `campaigns list`, `show <id>`, `create`, `run <id>` (a one-time campaign is sent once), `update <id>` and
 * `delete <id>`.
 */
export const {
  list: campaignsList,
  show: campaignsShow,
  create: campaignsCreate,
  run: campaignsRun,
  update: campaignsUpdate,
  delete: campaignsDelete,
} = runnableActions(CAMPAIGN_COMMAND);

/** `ttads campaigns list|show|create|run|update|delete`, on the store or a running server (`--server`). */
export function registerCampaignsCommand(program: Command): void {
  registerRunnableCommand(program, CAMPAIGN_COMMAND);
}
