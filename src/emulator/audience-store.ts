import { HexHashSet } from './hash-set.js';
import type { IdMint } from './ids.js';
import { WORDS_PER_CELL, type MappingBatch } from './mapping-batch.js';
import type { Population } from './population.js';
import type { IdType } from './types.js';
import { hexLengthOf } from './validation.js';

export interface AudienceRecord {
  audience_id: string;
  name: string;
  advertiser_id: string;
  created_at: number;
  /** When members last changed; processing restarts from here. */
  changed_at: number;
  /** Bumped by every mapping call that touches the audience; 0 = never mapped. */
  version: number;
  members: Map<IdType, HexHashSet>;
  computed?: { version: number; cover_num: number };
  history: { at: number; action: string }[];
}

export interface AudienceStatus {
  is_valid: boolean;
  cover_num: number;
}

/** Audiences and their members, with the delayed `cover_num` computation TikTok shows. */
export class AudienceStore {
  private readonly byId = new Map<string, AudienceRecord>();

  constructor(
    /** Outlives the store (a reset makes a new store) so that an instance never reuses an id. */
    private readonly ids: IdMint,
    private readonly population: Population,
    private readonly processingDelayMs: number,
  ) {}

  create(advertiserId: string, name: string, now: number, audienceId?: string): AudienceRecord {
    const id = audienceId ?? this.ids.mint();
    if (audienceId !== undefined) this.ids.observe(audienceId);
    const record: AudienceRecord = {
      audience_id: id,
      name,
      advertiser_id: advertiserId,
      created_at: now,
      changed_at: now,
      version: 0,
      members: new Map(),
      history: [{ at: now, action: 'create' }],
    };
    this.byId.set(id, record);
    return record;
  }

  get(audienceId: string): AudienceRecord | undefined {
    return this.byId.get(audienceId);
  }

  delete(audienceId: string): boolean {
    return this.byId.delete(audienceId);
  }

  all(): AudienceRecord[] {
    return [...this.byId.values()];
  }

  /** An advertiser's audiences, newest first (as Ads Manager lists them). */
  listFor(advertiserId: string): AudienceRecord[] {
    // Insertion order is creation order, so reversing it puts the newest first.
    return this.all()
      .filter((a) => a.advertiser_id === advertiserId)
      .reverse();
  }

  countFor(advertiserId: string): number {
    let n = 0;
    for (const a of this.byId.values()) if (a.advertiser_id === advertiserId) n++;
    return n;
  }

  /** Adds or removes members; the batch must already be checked (digests decoded, audiences existing). */
  applyMapping(action: 'add' | 'delete', batch: MappingBatch, now: number): void {
    const { schema, listOf, audienceLists, words } = batch;
    const width = schema.length;
    const touched = new Set<AudienceRecord>();
    // The sets each (list, column) pair writes to, looked up once per batch rather than once per cell.
    const setsOf = audienceLists.map((ids) =>
      schema.map((type) =>
        ids.map((audienceId) => {
          const record = this.byId.get(audienceId)!;
          touched.add(record);
          let set = record.members.get(type);
          if (!set) {
            set = new HexHashSet(hexLengthOf(type));
            record.members.set(type, set);
          }
          return set;
        }),
      ),
    );
    for (let cell = 0; cell < batch.rows * width; cell++) {
      const list = listOf[cell]!;
      if (list < 0) continue;
      const offset = cell * WORDS_PER_CELL;
      for (const set of setsOf[list]![cell % width]!) {
        if (action === 'add') set.addWords(words, offset);
        else set.deleteWords(words, offset);
      }
    }
    for (const sets of setsOf) for (const column of sets) for (const set of column) set.growInBackground();
    for (const record of touched) {
      record.version++;
      record.changed_at = now;
      record.history.push({ at: now, action: action === 'add' ? 'add_users' : 'remove_users' });
    }
  }

  /**
   * Whether the audience is computed and how many members matched. It becomes valid
   * `processingDelayMs` after the last mapping change, and only once it has been mapped at least once
   * (a fresh, empty audience is not usable on TikTok either); until then the previous count shows.
   */
  status(record: AudienceRecord, now: number): AudienceStatus {
    const ready = record.version > 0 && now - record.changed_at >= this.processingDelayMs;
    if (ready && record.computed?.version !== record.version)
      record.computed = { version: record.version, cover_num: this.population.cover(record.members) };
    return { is_valid: ready, cover_num: record.computed?.cover_num ?? 0 };
  }

  memberCount(record: AudienceRecord, type: IdType): number {
    return record.members.get(type)?.size ?? 0;
  }
}
