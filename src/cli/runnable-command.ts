import type { Command } from 'commander';
import type { WorkflowDetails, WorkflowRecord } from '../jobs/index.js';
import type { Schedule } from '../orchestrations/index.js';
import type { ControlApi, RunnableApi, RunRequest } from './control-api.js';
import {
  addControlOptions,
  emit,
  fields,
  table,
  withControl,
  type ControlContext,
} from './control-runtime.js';
import { runAndPrint, runOptions } from './runnable-edit.js';
import { scheduleOption, setRunExitCode } from './workflow-run.js';

/** The options every `create` takes besides its kind's own. */
interface CommonCreateOptions {
  cron?: string | undefined;
  timezone?: string | undefined;
  json?: boolean | undefined;
}

/**
 * One kind of runnable (orchestration or campaign) as its command declares it: the texts, the columns and
 * fields it prints, the flags of `create` and `update` and the input and patch they make, and which part of
 * the {@link ControlApi} (the local store or a running server) does the work.
 */
export interface RunnableCommandSpec<R extends { id: string; schedule: Schedule | null }, O, P> {
  command: 'orchestrations' | 'campaigns';
  /** As a sentence starts with it: "Campaign cmp_... created". */
  noun: 'Orchestration' | 'Campaign';
  texts: Record<'command' | 'list' | 'show' | 'create' | 'run', string>;
  /** How a runnable without a schedule runs ("on demand", "one time"). */
  unscheduled: string;
  /** The columns of `list`; `when` is the schedule's text. */
  columns: readonly (readonly [string, string])[];
  /** Values of `list` computed from a runnable, besides `when`. */
  listed?(runnable: R): Record<string, unknown>;
  /** The fields `show` prints; `schedule` is the schedule's text. */
  shown(runnable: R, schedule: string): [string, unknown][];
  /** The flags of `create`, beside --cron, --timezone and the store's. */
  createFlags(cmd: Command): Command;
  /** The input of a create from its flags (the schedule is read first, then JSON flags in order). */
  input(opts: O, schedule: ReturnType<typeof scheduleOption>): Record<string, unknown>;
  /** The flags of `update`, beside the store's. */
  updateFlags(cmd: Command): Command;
  /** The patch of an update from its flags (absent ones keep the stored values). */
  patch(opts: Record<string, unknown>): P;
  /** This kind's part of the control plane. */
  api(api: ControlApi): RunnableApi<R, never, P>;
}

/** The actions of a runnable's command, callable without commander (tests, the demo). */
export interface RunnableActions<R, O> {
  list: (ctx: ControlContext, opts: { json?: boolean }) => Promise<void>;
  show: (ctx: ControlContext, id: string, opts: { json?: boolean }) => Promise<void>;
  create: (ctx: ControlContext, opts: O & CommonCreateOptions) => Promise<R>;
  /** Runs now; on the embedded store (or with `here`) to the end, or waited for (`wait`), printing the outcome. */
  run: (
    ctx: ControlContext,
    id: string,
    opts: RunRequest & { json?: boolean | undefined },
  ) => Promise<WorkflowDetails | WorkflowRecord>;
  update: (ctx: ControlContext, id: string, opts: Record<string, unknown>) => Promise<R>;
  delete: (ctx: ControlContext, id: string, opts: { json?: boolean | undefined }) => Promise<void>;
}

/** The list, show, create, run, update and delete actions of one kind, through `ctx.api`. */
export function runnableActions<R extends { id: string; schedule: Schedule | null }, O, P>(
  spec: RunnableCommandSpec<R, O, P>,
): RunnableActions<R, O> {
  const when = (r: R): string =>
    r.schedule ? `${r.schedule.cron} (${r.schedule.timezone})` : spec.unscheduled;
  return {
    list: async (ctx, opts) => {
      const all = await spec.api(ctx.api).list();
      emit(ctx, opts.json, all, () =>
        table(
          all.map((r): Record<string, unknown> => ({ ...r, when: when(r), ...spec.listed?.(r) })),
          spec.columns,
        ),
      );
    },
    show: async (ctx, id, opts) => {
      const r = await spec.api(ctx.api).get(id);
      emit(ctx, opts.json, r, () => fields(spec.shown(r, when(r))));
    },
    create: async (ctx, opts) => {
      const schedule = scheduleOption(opts as unknown as Record<string, unknown>);
      const input = spec.input(opts, schedule);
      const saved = await spec.api(ctx.api).create(input as never);
      emit(ctx, opts.json, saved, () => `${spec.noun} ${saved.id} created (${when(saved)}).`);
      return saved;
    },
    run: (ctx, id, opts) => runAndPrint(ctx, spec.api(ctx.api), id, opts),
    update: async (ctx, id, opts) => {
      const saved = await spec.api(ctx.api).update(id, spec.patch(opts));
      emit(ctx, opts.json, saved, () => `${spec.noun} ${saved.id} updated.`);
      return saved;
    },
    delete: async (ctx, id, opts) => {
      await spec.api(ctx.api).delete(id);
      emit(ctx, opts.json, { id, deleted: true }, () => `${spec.noun} ${id} deleted.`);
    },
  };
}

/** `ttads <orchestrations|campaigns> list|show|create|run|update|delete`, on the store or a server (`--server`). */
export function registerRunnableCommand<R extends { id: string; schedule: Schedule | null }, O, P>(
  program: Command,
  spec: RunnableCommandSpec<R, O, P>,
): void {
  const actions = runnableActions(spec);
  const { texts } = spec;
  const entity = spec.noun.toLowerCase();
  const cmd = program.command(spec.command).description(texts.command);
  addControlOptions(cmd.command('list').description(texts.list)).action((opts: Record<string, unknown>) =>
    withControl(opts, (ctx) => actions.list(ctx, opts)),
  );
  addControlOptions(cmd.command('show <id>').description(texts.show)).action(
    (id: string, opts: Record<string, unknown>) => withControl(opts, (ctx) => actions.show(ctx, id, opts)),
  );
  addControlOptions(spec.createFlags(cmd.command('create').description(texts.create))).action(
    (opts: Record<string, unknown>) =>
      withControl(opts, async (ctx) => {
        await actions.create(ctx, opts as O & CommonCreateOptions);
      }),
  );
  addControlOptions(
    cmd
      .command('run <id>')
      .description(texts.run)
      .option('--here', 'on PostgreSQL too, run it in this process instead of leaving it to the workers')
      .option('--wait', 'wait until the workflow stops and print its outcome (e.g. with --server)'),
  ).action((id: string, opts: Record<string, unknown>) =>
    withControl(opts, async (ctx) => {
      setRunExitCode(await actions.run(ctx, id, runOptions(opts)));
    }),
  );
  addControlOptions(
    spec.updateFlags(cmd.command('update <id>').description(`Change a ${entity}, with the checks of create`)),
  ).action((id: string, opts: Record<string, unknown>) =>
    withControl(opts, async (ctx) => {
      await actions.update(ctx, id, opts);
    }),
  );
  addControlOptions(
    cmd.command('delete <id>').description(`Delete a ${entity} and its schedule; its workflows stay`),
  ).action((id: string, opts: Record<string, unknown>) =>
    withControl(opts, (ctx) => actions.delete(ctx, id, opts)),
  );
}
