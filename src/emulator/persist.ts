import { existsSync, readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Logger } from '../logger.js';
import type { EmulatorState, StateSnapshot } from './state.js';
import { ID_TYPES } from './types.js';

/**
 * How long after a change the state is written. Changes arriving meanwhile ride along, so a long sync
 * (hundreds of mapping calls) writes the file about once a second rather than once per call.
 */
export const SAVE_DELAY_MS = 1000;

const id = z.string().min(1);

/** The state file as written by `EmulatorState.snapshot()`; version 1 files (no id counter) still load. */
const stateFileSchema = z.object({
  version: z.union([z.literal(1), z.literal(2)]),
  next_audience_id: z
    .string()
    .regex(/^\d{19}$/)
    .optional(),
  tokens: z.array(
    z.object({
      access_token: id,
      app_id: id,
      user_id: id,
      role: z.enum(['Admin', 'Operator', 'Analyst']),
      advertiser_ids: z.array(id),
      revoked: z.boolean(),
      issued: z.boolean(),
      expires_at: z.number().optional(),
    }),
  ),
  audiences: z.array(
    z.object({
      audience_id: id,
      name: z.string(),
      advertiser_id: id,
      created_at: z.number(),
      members: z.partialRecord(z.enum(ID_TYPES), z.array(z.string())),
    }),
  ),
  events: z.array(
    z.looseObject({
      event_source: z.string(),
      event_source_id: z.string(),
      event: z.string(),
      event_id: z.string().optional(),
      test_event_code: z.string().optional(),
      limited_data_use: z.boolean().optional(),
      event_time: z.number(),
      user: z.record(z.string(), z.unknown()),
      properties: z.record(z.string(), z.unknown()),
      page: z.record(z.string(), z.unknown()),
      received_at: z.number(),
    }),
  ),
});

/**
 * Reads and checks a state file.
 * @throws Error naming the file and the first problem (not JSON, unknown version, bad field).
 */
export function readStateFile(file: string): Omit<StateSnapshot, 'version'> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`emulator state file ${file} cannot be read: ${(err as Error).message}`);
  }
  const parsed = stateFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `emulator state file ${file} is invalid at ${issue?.path.join('.') || '(top)'}: ${issue?.message ?? '?'}`,
    );
  }
  return parsed.data;
}

/**
 * Optional JSON persistence: loads the file at start, then saves a short while after changes (batched,
 * written to a temporary file then renamed so a crash never leaves half a file) and once more at
 * shutdown. Members are written as hex lists, so this suits demos and audiences of up to a few hundred
 * thousand members, not tens of millions.
 */
export class Persister {
  private timer: NodeJS.Timeout | undefined;
  private saving: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly state: () => EmulatorState,
    private readonly logger?: Logger,
  ) {}

  /**
   * Restores the saved state when the file exists; returns whether it did.
   * @throws Error when the file exists but is not a valid state file (rather than overwrite it).
   */
  load(): boolean {
    if (!existsSync(this.file)) return false;
    this.state().restore(readStateFile(this.file));
    return true;
  }

  /** Saves `SAVE_DELAY_MS` from now unless a save is already due. */
  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, SAVE_DELAY_MS);
    // A pending save must not keep a process alive; shutdown calls flush() itself.
    this.timer.unref();
  }

  /** Writes the current state now (after any save already running); never rejects, logs failures. */
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
