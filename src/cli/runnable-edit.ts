import type { Command } from 'commander';
import type { WorkflowDetails, WorkflowRecord } from '../jobs/index.js';
import type { CampaignPatch, OrchestrationPatch } from '../orchestrations/index.js';
import type { RunnableApi, RunRequest } from './control-api.js';
import type { ControlContext } from './control-runtime.js';
import { jsonOption, reportRun, scheduleOption } from './workflow-run.js';

// What orchestrations and campaigns share in the CLI besides runnable-command.ts: running over a RunnableApi
// (the local store or a server), and the flags and patches of `update`.

/** `--json`, `--here` and `--wait` of a `run` command. */
export function runOptions(opts: Record<string, unknown>): RunRequest & { json: boolean } {
  return { json: opts.json === true, here: opts.here === true, wait: opts.wait === true };
}

/** Starts a run and prints its outcome (when it ran here or was waited for) or that it is queued. */
export async function runAndPrint(
  ctx: ControlContext,
  api: Pick<RunnableApi<unknown, unknown, unknown>, 'run'>,
  id: string,
  opts: RunRequest & { json?: boolean | undefined },
): Promise<WorkflowDetails | WorkflowRecord> {
  const outcome = await api.run(id, { here: opts.here, wait: opts.wait });
  reportRun(ctx, outcome, opts.json);
  return outcome.workflow;
}

const text = (opts: Record<string, unknown>, key: string): string | undefined =>
  typeof opts[key] === 'string' ? opts[key] : undefined;
const given = <K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> =>
  value === undefined ? {} : ({ [key]: value } as Record<K, V>);

/** The schedule an update sets: `--cron` (with `--timezone`), none with `dropFlag`, else unchanged. */
function scheduleChange(opts: Record<string, unknown>, dropFlag: string) {
  if (opts[dropFlag] === true) return { schedule: null };
  const schedule = scheduleOption(opts);
  return schedule ? { schedule } : {};
}

/** The patch of `orchestrations update` from its options (absent ones keep the stored values). */
export function orchestrationPatch(opts: Record<string, unknown>): OrchestrationPatch {
  return {
    ...given('name', text(opts, 'name')),
    ...given('sourceQuery', text(opts, 'source')),
    ...given('destinationId', text(opts, 'destination')),
    ...given('templateId', text(opts, 'template')),
    ...given('description', text(opts, 'description')),
    ...scheduleChange(opts, 'onDemand'),
    ...given('overrides', jsonOption('--overrides', opts.overrides)),
    ...given('options', jsonOption('--options', opts.options)),
    ...given('skipUnchanged', typeof opts.skipUnchanged === 'boolean' ? opts.skipUnchanged : undefined),
  };
}

/** The patch of `campaigns update` from its options (absent ones keep the stored values). */
export function campaignPatch(opts: Record<string, unknown>): CampaignPatch {
  const idTypes = text(opts, 'idTypes')
    ?.split(',')
    .map((t) => t.trim().toUpperCase());
  const percent = text(opts, 'controlGroup');
  return {
    ...given('name', text(opts, 'name')),
    ...given('segmentId', text(opts, 'segment')),
    ...given('templateId', text(opts, 'template')),
    ...given('description', text(opts, 'description')),
    ...given('idTypes', idTypes),
    ...given('audienceName', text(opts, 'audienceName')),
    ...scheduleChange(opts, 'oneTime'),
    ...given('controlGroupPercent', percent === undefined ? undefined : Number(percent)),
    ...given('controlGroupSeed', text(opts, 'controlSeed')),
    ...given('controlGroupKey', text(opts, 'controlKey')),
    ...given('options', jsonOption('--options', opts.options)),
  } as CampaignPatch;
}

const common = (c: Command): Command =>
  c
    .option('--name <name>', 'new name')
    .option('--template <id>', 'another data template')
    .option('--description <text>', 'what it is for')
    .option('--cron <expr>', 'run on this schedule')
    .option('--timezone <zone>', 'time zone of --cron (default UTC)')
    .option('--options <json>', 'how the source is read, as a JSON object (replaces the stored one)');

/** The flags of `orchestrations update`. */
export function orchestrationUpdateFlags(c: Command): Command {
  return common(c)
    .option('--source <source>', 'a file, DuckDB SQL over files, or pg:<query>')
    .option('--destination <id>', 'another destination')
    .option('--on-demand', 'drop the schedule')
    .option(
      '--overrides <json>',
      'settings overriding the template and destination (replaces the stored ones)',
    )
    .option('--skip-unchanged', 'skip a scheduled run when the source has not changed')
    .option('--no-skip-unchanged', 'run on schedule even when the source has not changed');
}

/** The flags of `campaigns update`. */
export function campaignUpdateFlags(c: Command): Command {
  return common(c)
    .option('--segment <id>', 'another segment')
    .option('--id-types <types>', 'comma-separated user ID types')
    .option('--audience-name <name>', 'custom audience name')
    .option('--one-time', 'drop the schedule: sent once')
    .option('--control-group <percent>', 'share held out as a control group, 0 to 50')
    .option('--control-seed <seed>', 'seed of the control group draw')
    .option('--control-key <column>', 'column identifying a person for the draw');
}
