import { HexHashSet } from './hash-set.js';
import type { IdMint } from './ids.js';
import type { Population } from './population.js';
import type { IdType } from './types.js';
import { hexLengthOf } from './validation.js';

/** One validated cell of a mapping row: a hashed id and the audiences it goes to or leaves. */
export interface MappingCell {
  id: string;
  audience_ids: string[];
}

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

  /** Adds or removes members; rows must already be validated (ids well-formed, audiences existing). */
  applyMapping(
    action: 'add' | 'delete',
    schema: IdType[],
    rows: readonly (readonly (MappingCell | null)[])[],
    now: number,
  ): void {
    const sets = new Map<string, HexHashSet>();
    const touched = new Set<AudienceRecord>();
    const setFor = (audienceId: string, type: IdType): HexHashSet => {
      const key = `${audienceId}/${type}`;
      let set = sets.get(key);
      if (!set) {
        const record = this.byId.get(audienceId)!;
        touched.add(record);
        set = record.members.get(type);
        if (!set) {
          set = new HexHashSet(hexLengthOf(type));
          record.members.set(type, set);
        }
        sets.set(key, set);
      }
      return set;
    };
    for (const row of rows) {
      for (let j = 0; j < schema.length; j++) {
        const cell = row[j];
        if (!cell) continue;
        for (const audienceId of cell.audience_ids) {
          const set = setFor(audienceId, schema[j]!);
          if (action === 'add') set.add(cell.id);
          else set.delete(cell.id);
        }
      }
    }
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
