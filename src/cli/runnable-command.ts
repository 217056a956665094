import type { Command } from 'commander';
import type { WorkflowDetails, WorkflowRecord } from '../jobs/index.js';
import type { RunnableStoreDeps, RunNowDeps, Schedule } from '../orchestrations/index.js';
import type { Queryable } from '../store/store.js';
import {
  addControlOptions,
  emit,
  fields,
  table,
  withControl,
  type ControlContext,
} from './control-runtime.js';
import {
  runAndReport,
  runContext,
  scheduleOption,
  setRunExitCode,
  withSchedules,
  type RunContext,
} from './workflow-run.js';

/** The options every `create` takes besides its kind's own. */
interface CommonCreateOptions {
  cron?: string | undefined;
  timezone?: string | undefined;
  json?: boolean | undefined;
}

/**
 * One kind of runnable (orchestration or campaign) as its command declares it: the texts, the columns and
 * fields it prints, the flags of `create` and the input they make, and the functions of src/orchestrations
 * that do the work.
 */
export interface RunnableCommandSpec<R extends { id: string; schedule: Schedule | null }, O> {
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
  list(db: Queryable): Promise<R[]>;
  get(db: Queryable, id: string): Promise<R>;
  create(deps: RunnableStoreDeps, input: never): Promise<R>;
  runNow(deps: RunNowDeps, id: string): Promise<WorkflowRecord>;
}

/** The actions of a runnable's command, callable without commander (tests, the demo). */
export interface RunnableActions<R, O> {
  list: (ctx: ControlContext, opts: { json?: boolean }) => Promise<void>;
  show: (ctx: ControlContext, id: string, opts: { json?: boolean }) => Promise<void>;
  create: (ctx: RunContext, opts: O & CommonCreateOptions) => Promise<R>;
  /** Runs now; on the embedded store (or with `here`) to the end, printing the outcome. */
  run: (
    ctx: RunContext,
    id: string,
    opts: { json?: boolean | undefined; here?: boolean | undefined },
  ) => Promise<WorkflowDetails | WorkflowRecord>;
}

/** The list, show, create and run actions of one kind, on the store directly. */
export function runnableActions<R extends { id: string; schedule: Schedule | null }, O>(
  spec: RunnableCommandSpec<R, O>,
): RunnableActions<R, O> {
  const when = (r: R): string =>
    r.schedule ? `${r.schedule.cron} (${r.schedule.timezone})` : spec.unscheduled;
  return {
    list: async (ctx, opts) => {
      const all = await spec.list(ctx.control.db);
      emit(ctx, opts.json, all, () =>
        table(
          all.map((r): Record<string, unknown> => ({ ...r, when: when(r), ...spec.listed?.(r) })),
          spec.columns,
        ),
      );
    },
    show: async (ctx, id, opts) => {
      const r = await spec.get(ctx.control.db, id);
      emit(ctx, opts.json, r, () => fields(spec.shown(r, when(r))));
    },
    create: async (ctx, opts) => {
      const schedule = scheduleOption(opts as unknown as Record<string, unknown>);
      const input = spec.input(opts, schedule);
      const saved = await withSchedules(ctx, schedule !== null, (deps) => spec.create(deps, input as never));
      emit(ctx, opts.json, saved, () => `${spec.noun} ${saved.id} created (${when(saved)}).`);
      return saved;
    },
    run: (ctx, id, opts) =>
      runAndReport(ctx, (engine) => spec.runNow({ engine, db: ctx.control.db, plugins: ctx.control.plugins }, id), opts),
  };
}

/** `ttads <orchestrations|campaigns> list|show|create|run`, on the store directly. */
export function registerRunnableCommand<R extends { id: string; schedule: Schedule | null }, O>(
  program: Command,
  spec: RunnableCommandSpec<R, O>,
): void {
  const actions = runnableActions(spec);
  const { texts } = spec;
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
        await actions.create(runContext(ctx), opts as O & CommonCreateOptions);
      }),
  );
  addControlOptions(
    cmd
      .command('run <id>')
      .description(texts.run)
      .option('--here', 'on PostgreSQL too, run it in this process instead of leaving it to the workers'),
  ).action((id: string, opts: Record<string, unknown>) =>
    withControl(opts, async (ctx) => {
      setRunExitCode(
        await actions.run(runContext(ctx), id, { json: opts.json === true, here: opts.here === true }),
      );
    }),
  );
}
