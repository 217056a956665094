import type { Logger } from '../logger.js';
import type { Json, JsonObject, WorkflowRecord } from './types.js';

/** What a step is given when it runs. */
export interface StepContext {
  /** The workflow as claimed for this run. */
  workflow: WorkflowRecord;
  /** The resolved settings snapshot of this run (re-resolved by Resolve). */
  settings: JsonObject;
  /** Outputs of the steps that succeeded before this one, by step name (also from earlier runs). */
  outputs: Readonly<Record<string, Json>>;
  /** This step's execution number, 1 for the first. */
  attempt: number;
  /** Aborted when this worker lost its claim or is stopping: stop soon, the run will not be recorded. */
  signal: AbortSignal;
  logger: Logger;
}

/**
 * Runs one step (sync or async). Returns its output (JSON, stored and handed to later steps; `undefined` stores null).
 * Throws to fail: TikTok's typed errors and {@link ActionRequiredError} become workflow actions,
 * transient ones are retried within the budget. A step may run again after a crash or a retry, so it
 * must be safe to repeat (the audience and events engines resume from what TikTok acknowledged).
 */
export type StepHandler = (ctx: StepContext) => StepResult | Promise<StepResult>;

/** What a step returns. */
export type StepResult = Json | undefined | void;

/** Step handlers by name. The glue registers closures over its dependencies (store, clients...). */
export class StepRegistry {
  private readonly handlers = new Map<string, StepHandler>();

  /** Adds a step; a name can be registered once. */
  register(name: string, handler: StepHandler): this {
    if (this.handlers.has(name)) throw new Error(`step ${name} is already registered`);
    this.handlers.set(name, handler);
    return this;
  }

  get(name: string): StepHandler | undefined {
    return this.handlers.get(name);
  }

  has(name: string): boolean {
    return this.handlers.has(name);
  }

  names(): string[] {
    return [...this.handlers.keys()];
  }

  /** Throws naming the first unknown step, so a workflow that cannot run is never queued. */
  assertKnown(steps: readonly string[]): void {
    const unknown = steps.filter((s) => !this.handlers.has(s));
    if (unknown.length) throw new Error(`unknown workflow step(s): ${unknown.join(', ')}`);
  }
}
