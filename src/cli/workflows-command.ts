import type { Command } from 'commander';
import type { WorkflowAction, WorkflowDetails, WorkflowStatus } from '../jobs/index.js';
import {
  addControlOptions,
  emit,
  fields,
  table,
  withControl,
  type ControlContext,
} from './control-runtime.js';

const STATUSES: readonly WorkflowStatus[] = ['queued', 'running', 'succeeded', 'failed', 'action_required'];

function usage(message: string): Error {
  return Object.assign(new Error(message), { name: 'UsageError' });
}

function showAction(action: WorkflowAction): string[] {
  return [
    '',
    `Action required: ${action.title} (step ${action.step})`,
    `  ${action.whatHappened}`,
    '  Likely causes:',
    ...action.likelyCauses.map((c) => `    - ${c}`),
    '  Steps to fix:',
    ...action.stepsToFix.map((s, i) => `    ${i + 1}. ${s}`),
    ...(action.resumesAt
      ? [`  Continues by itself at ${action.resumesAt}; to continue sooner: ttads workflows resolve <id>`]
      : ['  Then: ttads workflows resolve <id>']),
  ];
}

function showWorkflow(w: WorkflowDetails): string {
  const head = fields([
    ['id', w.id],
    ['kind', w.kind],
    // A run TikTok paused continues by itself: say until when, beside the status.
    ['status', w.pause ? `${w.status} (${w.pause.message})` : w.status],
    ['step', w.currentStep],
    ['subject', w.subject],
    ['settings', w.settings],
    ['created', w.createdAt],
    ['finished', w.finishedAt],
    ['error', w.action ? null : w.error],
  ]);
  const steps = table(w.steps, [
    ['position', '#'],
    ['name', 'STEP'],
    ['status', 'STATUS'],
    ['attempts', 'ATTEMPTS'],
    ['finishedAt', 'FINISHED'],
  ]);
  const history = table(w.history, [
    ['at', 'AT'],
    ['from', 'FROM'],
    ['to', 'TO'],
    ['step', 'STEP'],
    ['note', 'NOTE'],
  ]);
  return [head, '', steps, ...(w.action ? showAction(w.action) : []), '', history].join('\n');
}

/** `workflows list`. */
export async function workflowsList(
  ctx: ControlContext,
  opts: {
    status?: string | undefined;
    kind?: string | undefined;
    limit?: string | number | undefined;
    json?: boolean;
  },
): Promise<void> {
  const statuses = opts.status?.split(',').map((s) => s.trim());
  const bad = statuses?.find((s) => !(STATUSES as readonly string[]).includes(s));
  if (bad !== undefined) throw usage(`--status: unknown status ${bad}; one of ${STATUSES.join(', ')}`);
  const limit = opts.limit === undefined ? 50 : Number(opts.limit);
  if (!Number.isInteger(limit) || limit < 1) throw usage('--limit must be a positive whole number');
  const all = await ctx.api.workflows.list({
    ...(statuses ? { status: statuses as WorkflowStatus[] } : {}),
    ...(opts.kind ? { kind: opts.kind } : {}),
    limit,
  });
  emit(ctx, opts.json, all, () =>
    table(
      all.map((w) => ({ ...w, actionType: w.action?.type })),
      [
        ['id', 'ID'],
        ['kind', 'KIND'],
        ['status', 'STATUS'],
        ['currentStep', 'STEP'],
        ['actionType', 'ACTION'],
        ['createdAt', 'CREATED'],
      ],
    ),
  );
}

/** `workflows show <id>`: steps, workflow action and history. */
export async function workflowsShow(
  ctx: ControlContext,
  id: string,
  opts: { json?: boolean },
): Promise<void> {
  const details = await ctx.api.workflows.show(id);
  emit(ctx, opts.json, details, () => showWorkflow(details));
}

/** `workflows resolve <id>`: resumes a stopped workflow from its failed step (a worker runs it). */
export async function workflowsResolve(
  ctx: ControlContext,
  id: string,
  opts: { json?: boolean },
): Promise<void> {
  const workflow = await ctx.api.workflows.resolve(id);
  emit(
    ctx,
    opts.json,
    workflow,
    () =>
      `Workflow ${id} is ${workflow.status} again; a worker resumes it from step ${workflow.currentStep ?? 'one'}.`,
  );
}

/** `ttads workflows list|show|resolve`, on the store or a running server (`--server`). */
export function registerWorkflowsCommand(program: Command): void {
  const cmd = program
    .command('workflows')
    .description('Workflows: every run, its steps and workflow actions');
  addControlOptions(
    cmd
      .command('list')
      .description('List workflows, newest first')
      .option('--status <statuses>', `comma-separated: ${STATUSES.join(', ')}`)
      .option('--kind <kind>', 'only this kind')
      .option('--limit <n>', 'how many', '50'),
  ).action((opts: Record<string, unknown>) =>
    withControl(opts, (ctx) =>
      workflowsList(ctx, {
        status: opts.status as string | undefined,
        kind: opts.kind as string | undefined,
        limit: opts.limit as string | undefined,
        json: opts.json === true,
      }),
    ),
  );
  addControlOptions(cmd.command('show <id>').description('One workflow: steps, action, history')).action(
    (id: string, opts: Record<string, unknown>) => withControl(opts, (ctx) => workflowsShow(ctx, id, opts)),
  );
  addControlOptions(
    cmd
      .command('resolve <id>')
      .description('Resume a stopped workflow from its failed step, with the current configuration'),
  ).action((id: string, opts: Record<string, unknown>) =>
    withControl(opts, (ctx) => workflowsResolve(ctx, id, opts)),
  );
}
