import { existsSync, readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import type { Logger } from '../logger.js';
import type { EmulatorState, StateSnapshot } from './state.js';

const SAVE_DELAY_MS = 200;

/**
 * Optional JSON persistence: loads the file at start, then saves a short while after changes (batched,
 * written to a temporary file then renamed so a crash never leaves half a file). Members are written as
 * hex lists, so this suits demos and small audiences, not tens of millions of members.
 */
export class Persister {
  private timer: NodeJS.Timeout | undefined;
  private saving: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly state: () => EmulatorState,
    private readonly logger?: Logger,
  ) {}

  /** Restores the saved state when the file exists; returns whether it did. */
  load(): boolean {
    if (!existsSync(this.file)) return false;
    const snapshot = JSON.parse(readFileSync(this.file, 'utf8')) as StateSnapshot;
    if (snapshot.version !== 1) throw new Error(`emulator state file ${this.file} has an unknown version`);
    this.state().restore(snapshot);
    return true;
  }

  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, SAVE_DELAY_MS);
    this.timer.unref();
  }

  /** Writes the current state now (after any save already running). */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.saving = this.saving.then(async () => {
      const tmp = `${this.file}.tmp`;
      try {
        await writeFile(tmp, JSON.stringify(this.state().snapshot()));
        await rename(tmp, this.file);
      } catch (err) {
        this.logger?.error({ err: (err as Error).message, file: this.file }, 'emulator state not saved');
      }
    });
    return this.saving;
  }
}
