import { unknownPlugin, type PluginLookup } from '../config/index.js';
import type { DestinationSpec } from './types.js';

/**
 * The destinations of this process, built once at start-up (`src/cli/runtime.ts`) and passed down: the only
 * place that turns a plugin id (or a former id, an alias) into what a destination declares.
 */
export class DestinationRegistry implements PluginLookup {
  private readonly byId = new Map<string, DestinationSpec>();
  private readonly all: readonly DestinationSpec[];

  /** @throws Error when two destinations claim one id or alias */
  constructor(destinations: readonly DestinationSpec[]) {
    this.all = [...destinations];
    for (const d of destinations) {
      for (const id of [d.id, ...(d.aliases ?? [])]) {
        if (this.byId.has(id)) throw new Error(`two destinations are registered as ${id}`);
        this.byId.set(id, d);
      }
    }
  }

  /** The destination of an id or alias, or undefined. */
  find(id: string): DestinationSpec | undefined {
    return this.byId.get(id);
  }

  /** The destination of an id or alias. @throws ValidationError naming the `plugin` field */
  plugin(id: string): DestinationSpec {
    const found = this.byId.get(id);
    if (!found) throw unknownPlugin(this.ids());
    return found;
  }

  /** Every destination, in registration order. */
  plugins(): readonly DestinationSpec[] {
    return this.all;
  }

  /** Every current id (aliases aside). */
  ids(): string[] {
    return this.all.map((d) => d.id);
  }

  /** The current id of an id or alias (an unknown one unchanged): what the store holds. */
  canonical(id: string): string {
    return this.byId.get(id)?.id ?? id;
  }

  /** The destination whose runs the engine records under `runKind`. */
  byRunKind(runKind: string): DestinationSpec | undefined {
    return this.all.find((d) => d.report.runKind === runKind);
  }
}
