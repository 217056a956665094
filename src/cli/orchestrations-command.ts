import type { Command } from 'commander';
import type { WorkflowDetails, WorkflowRecord } from '../jobs/index.js';
import {
  createOrchestration,
  getOrchestration,
  listOrchestrations,
  runOrchestrationNow,
  type Orchestration,
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

const scheduleText = (o: Pick<Orchestration, 'schedule'>): string =>
  o.schedule ? `${o.schedule.cron} (${o.schedule.timezone})` : 'on demand';

/** `orchestrations list`. */
export async function orchestrationsList(ctx: ControlContext, opts: { json?: boolean }): Promise<void> {
  const all = await listOrchestrations(ctx.control.db);
  emit(ctx, opts.json, all, () =>
    table(
      all.map((o) => ({ ...o, when: scheduleText(o) })),
      [
        ['id', 'ID'],
        ['name', 'NAME'],
        ['destinationId', 'DESTINATION'],
        ['templateId', 'TEMPLATE'],
        ['when', 'SCHEDULE'],
        ['sourceQuery', 'SOURCE'],
      ],
    ),
  );
}

/** `orchestrations show <id>`. */
export async function orchestrationsShow(
  ctx: ControlContext,
  id: string,
  opts: { json?: boolean },
): Promise<void> {
  const o = await getOrchestration(ctx.control.db, id);
  emit(ctx, opts.json, o, () =>
    fields([
      ['id', o.id],
      ['name', o.name],
      ['description', o.description || null],
      ['source', o.sourceQuery],
      ['destination', o.destinationId],
      ['template', o.templateId],
      ['schedule', scheduleText(o)],
      ['overrides', o.overrides],
      ['options', o.options],
      ['skip unchanged', o.skipUnchanged],
      ['skipped runs', o.skippedRuns],
    ]),
  );
}

/** Options of `orchestrations create`. */
export interface OrchestrationCreateOptions {
  name: string;
  source: string;
  destination: string;
  template: string;
  description?: string | undefined;
  cron?: string | undefined;
  timezone?: string | undefined;
  overrides?: string | undefined;
  options?: string | undefined;
  skipUnchanged?: boolean | undefined;
  json?: boolean | undefined;
}

/** `orchestrations create`: validated like the API (a missing setting is named). */
export async function orchestrationsCreate(
  ctx: RunContext,
  opts: OrchestrationCreateOptions,
): Promise<Orchestration> {
  const schedule = scheduleOption(opts as unknown as Record<string, unknown>);
  const overrides = jsonOption('--overrides', opts.overrides);
  const options = jsonOption('--options', opts.options);
  const saved = await withSchedules(ctx, schedule !== null, (deps) =>
    createOrchestration(deps, {
      name: opts.name,
      sourceQuery: opts.source,
      destinationId: opts.destination,
      templateId: opts.template,
      schedule,
      ...(opts.description !== undefined ? { description: opts.description } : {}),
      ...(overrides ? { overrides } : {}),
      ...(options ? { options } : {}),
      skipUnchanged: opts.skipUnchanged === true,
    }),
  );
  emit(ctx, opts.json, saved, () => `Orchestration ${saved.id} created (${scheduleText(saved)}).`);
  return saved;
}

/** `orchestrations run <id>`. */
export function orchestrationsRun(
  ctx: RunContext,
  id: string,
  opts: { json?: boolean | undefined; here?: boolean | undefined },
): Promise<WorkflowDetails | WorkflowRecord> {
  return runAndReport(
    ctx,
    (engine) => runOrchestrationNow({ engine, db: ctx.control.db, plugins: ctx.control.plugins }, id),
    opts,
  );
}

/** `ttads orchestrations list|show|create|run`, on the store directly. */
export function registerOrchestrationsCommand(program: Command): void {
  const cmd = program
    .command('orchestrations')
    .description('Orchestrations: a source sent to a destination through a data template, on a schedule');
  addControlOptions(cmd.command('list').description('List orchestrations')).action(
    (opts: Record<string, unknown>) => withControl(opts, (ctx) => orchestrationsList(ctx, opts)),
  );
  addControlOptions(cmd.command('show <id>').description('One orchestration')).action(
    (id: string, opts: Record<string, unknown>) =>
      withControl(opts, (ctx) => orchestrationsShow(ctx, id, opts)),
  );
  addControlOptions(
    cmd
      .command('create')
      .description('Create an orchestration; its settings must resolve')
      .requiredOption('--name <name>', 'unique name')
      .requiredOption('--source <source>', 'a file, DuckDB SQL over files, or pg:<query>')
      .requiredOption('--destination <id>', 'the destination')
      .requiredOption('--template <id>', 'a data template of that destination')
      .option('--description <text>', 'what it is for')
      .option('--cron <expr>', 'run on this schedule, e.g. "0 6 * * *" (default: on demand)')
      .option('--timezone <zone>', 'time zone of --cron (default UTC)')
      .option('--overrides <json>', 'settings overriding the template and destination, as a JSON object')
      .option('--options <json>', 'how the source is read, as a JSON object')
      .option('--skip-unchanged', 'skip a scheduled run when the source has not changed'),
  ).action((opts: Record<string, unknown>) =>
    withControl(opts, async (ctx) => {
      await orchestrationsCreate(runContext(ctx), opts as unknown as OrchestrationCreateOptions);
    }),
  );
  addControlOptions(
    cmd
      .command('run <id>')
      .description('Run now; on the embedded store it runs here to the end and prints the outcome')
      .option('--here', 'on PostgreSQL too, run it in this process instead of leaving it to the workers'),
  ).action((id: string, opts: Record<string, unknown>) =>
    withControl(opts, async (ctx) => {
      setRunExitCode(
        await orchestrationsRun(runContext(ctx), id, { json: opts.json === true, here: opts.here === true }),
      );
    }),
  );
}
