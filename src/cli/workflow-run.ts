import type { WorkflowDetails, WorkflowRecord } from '../jobs/index.js';
export { waitUntilStopped } from './wait-workflow.js';
import type { RunOutcome } from './control-api.js';
import { emit, type ControlContext } from './control-runtime.js';

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

/** Prints a run's outcome when it stopped (ran here, or was waited for), else that it is queued. */
export function reportRun(ctx: ControlContext, outcome: RunOutcome, json: boolean | undefined): void {
  const w = outcome.workflow;
  if (!outcome.stopped) {
    const where = ctx.api.where;
    emit(ctx, json, w, () =>
      where === 'local'
        ? `Workflow ${w.id} queued; a worker runs it (ttads worker).`
        : `Workflow ${w.id} queued on ${where.server}; its workers run it ` +
          `(ttads workflows show ${w.id} --server ${where.server}).`,
    );
    return;
  }
  emit(ctx, json, w, () => describeOutcome(w as WorkflowDetails));
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
