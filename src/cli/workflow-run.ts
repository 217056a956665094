import {
  getWorkflowDetails,
  type WorkflowDetails,
  type WorkflowEngine,
  type WorkflowRecord,
} from '../jobs/index.js';
import type { RunnableStoreDeps } from '../orchestrations/index.js';
import { createWorkflowEngine, emit, type ControlContext } from './control-runtime.js';
import type { Runtime } from './runtime.js';

/** What `orchestrations|campaigns create|run` work with: the control plane and a way to build an engine. */
export interface RunContext extends ControlContext {
  /** A started engine; `work`: it also runs workflows in this process. The caller stops it. */
  engine(opts: { work: boolean }): Promise<WorkflowEngine>;
  /** Whether the store is the embedded one, opened by this process only (so runs happen here). */
  embedded: boolean;
}

/** The run context of a CLI runtime (engines run orchestrations and campaigns). */
export function runContext(ctx: ControlContext & { runtime: Runtime }): RunContext {
  return {
    ...ctx,
    embedded: ctx.runtime.store.engine === 'pglite',
    async engine({ work }) {
      const engine = createWorkflowEngine(ctx.runtime, {
        worker: false,
        control: ctx.control,
        // A one-shot run: poll often, no periodic recovery (work() recovers once at start).
        extra: { pollingIntervalSeconds: 0.5, recoverIntervalSeconds: 0 },
      });
      await engine.start();
      if (work) await engine.work();
      return engine;
    },
  };
}

/** Saves with the engine's schedules when the entity has one, so a running server's cron knows it at once. */
export async function withSchedules<T>(
  ctx: RunContext,
  scheduled: boolean,
  fn: (deps: RunnableStoreDeps) => Promise<T>,
): Promise<T> {
  const base: RunnableStoreDeps = {
    db: ctx.control.db,
    plugins: ctx.control.plugins,
    ...(ctx.control.logger ? { logger: ctx.control.logger } : {}),
  };
  if (!scheduled) return fn(base);
  const engine = await ctx.engine({ work: false });
  try {
    return await fn({ ...base, schedules: engine.schedules });
  } finally {
    await engine.stop({ graceful: false, timeoutMs: 5000 });
  }
}

/** Polls the store until the workflow stops (succeeded, failed or action required). */
export async function waitUntilStopped(
  ctx: ControlContext,
  id: string,
  timeoutMs = 30 * 60_000,
): Promise<WorkflowDetails> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const details = await getWorkflowDetails(ctx.control.db, id);
    if (!details) throw new Error(`workflow ${id} disappeared`);
    if (!['queued', 'running'].includes(details.status)) return details;
    if (Date.now() > deadline) throw new Error(`workflow ${id} is still ${details.status}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const numbers = (output: unknown): string => {
  if (!output || typeof output !== 'object') return '';
  const picked = Object.entries(output as Record<string, unknown>)
    // Counts worth reading: zeros and timings are noise in a one-line summary.
    .filter(([k, v]) => typeof v === 'number' && v !== 0 && k !== 'durationMs')
    .slice(0, 8)
    .map(([k, v]) => `${k} ${String(v)}`);
  return picked.join(', ');
};

/** The outcome of a run as a person reads it: status, steps with their counts, the action and how to fix it. */
export function describeOutcome(w: WorkflowDetails): string {
  const lines = [`Workflow ${w.id}: ${w.status}`];
  for (const s of w.steps) {
    const counts = s.status === 'succeeded' ? numbers(s.output) : '';
    lines.push(`  ${s.name.padEnd(24)} ${s.status.padEnd(10)} ${counts}`.trimEnd());
  }
  if (w.action) {
    lines.push(
      `Action required: ${w.action.title} (step ${w.action.step})`,
      `  ${w.action.whatHappened}`,
      '  Steps to fix:',
      ...w.action.stepsToFix.map((step, i) => `    ${i + 1}. ${step}`),
      `  Then: ttads workflows resolve ${w.id}`,
    );
  } else if (w.status === 'failed' && w.error) {
    lines.push(`Error: ${typeof w.error.message === 'string' ? w.error.message : JSON.stringify(w.error)}`);
  }
  return lines.join('\n');
}

/**
 * Starts a run with `start` and, on the embedded store (or with `here`), runs it to the end in this process
 * and prints the outcome; otherwise prints that it is queued for the workers.
 */
export async function runAndReport(
  ctx: RunContext,
  start: (engine: WorkflowEngine) => Promise<WorkflowRecord>,
  opts: { json?: boolean | undefined; here?: boolean | undefined },
): Promise<WorkflowDetails | WorkflowRecord> {
  const here = ctx.embedded || opts.here === true;
  const engine = await ctx.engine({ work: here });
  try {
    const created = await start(engine);
    if (!here) {
      emit(ctx, opts.json, created, () => `Workflow ${created.id} queued; a worker runs it (ttads worker).`);
      return created;
    }
    const done = await waitUntilStopped(ctx, created.id);
    emit(ctx, opts.json, done, () => describeOutcome(done));
    return done;
  } finally {
    await engine.stop({ timeoutMs: 10_000 });
  }
}

function usage(message: string): Error {
  return Object.assign(new Error(message), { name: 'UsageError' });
}

/** Exit code 3 when a run stopped with a workflow action (like a credentials error), 1 when it failed. */
export function setRunExitCode(result: WorkflowDetails | WorkflowRecord): void {
  if (result.status === 'action_required') process.exitCode = 3;
  if (result.status === 'failed') process.exitCode = 1;
}

/** Parses a `--json`-style object option. */
export function jsonOption(name: string, text: unknown): Record<string, unknown> | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw usage(`${name} must be a JSON object`);
}

/** A `--cron`/`--timezone` pair as a schedule, or null. */
export function scheduleOption(opts: Record<string, unknown>): { cron: string; timezone?: string } | null {
  if (typeof opts.cron !== 'string') {
    if (opts.timezone !== undefined) throw usage('--timezone needs --cron');
    return null;
  }
  return { cron: opts.cron, ...(typeof opts.timezone === 'string' ? { timezone: opts.timezone } : {}) };
}
