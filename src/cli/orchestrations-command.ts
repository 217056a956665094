import type { Command } from 'commander';
import type { Orchestration, OrchestrationPatch } from '../orchestrations/index.js';
import { registerRunnableCommand, runnableActions, type RunnableCommandSpec } from './runnable-command.js';
import { orchestrationUpdateFlags, orchestrationPatch } from './runnable-edit.js';
import { jsonOption } from './workflow-run.js';

/** Options of `orchestrations create`. */
export interface OrchestrationCreateOptions {
  name: string;
  source: string;
  destination: string;
  template: string;
  description?: string | undefined;
  overrides?: string | undefined;
  options?: string | undefined;
  skipUnchanged?: boolean | undefined;
}

/** `orchestrations`: a source sent to a destination through a data template, validated like the API. */
const ORCHESTRATION_COMMAND: RunnableCommandSpec<
  Orchestration,
  OrchestrationCreateOptions,
  OrchestrationPatch
> = {
  command: 'orchestrations',
  noun: 'Orchestration',
  texts: {
    command: 'Orchestrations: a source sent to a destination through a data template, on a schedule',
    list: 'List orchestrations',
    show: 'One orchestration',
    create: 'Create an orchestration; its settings must resolve',
    run: 'Run now; on the embedded store it runs here to the end and prints the outcome',
  },
  unscheduled: 'on demand',
  columns: [
    ['id', 'ID'],
    ['name', 'NAME'],
    ['destinationId', 'DESTINATION'],
    ['templateId', 'TEMPLATE'],
    ['when', 'SCHEDULE'],
    ['sourceQuery', 'SOURCE'],
  ],
  shown: (o, schedule) => [
    ['id', o.id],
    ['name', o.name],
    ['description', o.description || null],
    ['source', o.sourceQuery],
    ['destination', o.destinationId],
    ['template', o.templateId],
    ['schedule', schedule],
    ['overrides', o.overrides],
    ['options', o.options],
    ['skip unchanged', o.skipUnchanged],
    ['skipped runs', o.skippedRuns],
  ],
  createFlags: (cmd) =>
    cmd
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
  input: (opts, schedule) => {
    const overrides = jsonOption('--overrides', opts.overrides);
    const options = jsonOption('--options', opts.options);
    return {
      name: opts.name,
      sourceQuery: opts.source,
      destinationId: opts.destination,
      templateId: opts.template,
      schedule,
      ...(opts.description !== undefined ? { description: opts.description } : {}),
      ...(overrides ? { overrides } : {}),
      ...(options ? { options } : {}),
      skipUnchanged: opts.skipUnchanged === true,
    };
  },
  updateFlags: orchestrationUpdateFlags,
  patch: orchestrationPatch,
  api: (api) => api.orchestrations,
};

/** `orchestrations list`, `show <id>`, `create`, `run <id>`, `update <id>` and `delete <id>`. */
export const {
  list: orchestrationsList,
  show: orchestrationsShow,
  create: orchestrationsCreate,
  run: orchestrationsRun,
  update: orchestrationsUpdate,
  delete: orchestrationsDelete,
} = runnableActions(ORCHESTRATION_COMMAND);

/** `ttads orchestrations list|show|create|run|update|delete`, on the store or a running server (`--server`). */
export function registerOrchestrationsCommand(program: Command): void {
  registerRunnableCommand(program, ORCHESTRATION_COMMAND);
}
