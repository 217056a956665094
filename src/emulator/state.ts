import { AudienceStore } from './audience-store.js';
import { Directory, type TokenRecord } from './directory.js';
import { EventStore, type StoredEvent } from './event-store.js';
import { IdMint } from './ids.js';
import type { Population } from './population.js';
import { Stats } from './stats.js';
import { ID_TYPES, type EmulatorSeed, type IdType } from './types.js';
import { batchOfIds } from './mapping-batch.js';
import { hexLengthOf, isHashOf } from './validation.js';

/**
 * What persistence writes: everything a restart should keep, including where the audience ids go on
 * (not auth codes, which live an hour, nor the request statistics).
 */
export interface StateSnapshot {
  version: 2;
  /** The next audience id to hand out; absent in version 1 files (then derived from the audiences). */
  next_audience_id?: string;
  tokens: TokenRecord[];
  audiences: {
    audience_id: string;
    name: string;
    advertiser_id: string;
    created_at: number;
    members: Partial<Record<IdType, string[]>>;
  }[];
  events: StoredEvent[];
}

/** The emulator's whole mutable world; `reset()` puts it back to the seed. */
export class EmulatorState {
  directory!: Directory;
  audiences!: AudienceStore;
  events!: EventStore;
  stats!: Stats;
  /** Survives `reset()`: one instance never hands out an audience id twice. */
  private readonly ids = new IdMint();

  constructor(
    readonly seed: EmulatorSeed,
    private readonly population: Population,
    private readonly processingDelayMs: number,
    private readonly clock: () => number,
  ) {
    this.reset();
  }

  reset(): void {
    this.directory = new Directory(this.seed);
    this.audiences = new AudienceStore(this.ids, this.population, this.processingDelayMs);
    this.events = new EventStore();
    this.stats = new Stats();
    const now = this.clock();
    for (const a of this.seed.audiences ?? []) {
      this.audiences.create(a.advertiser_id, a.name, now, a.audience_id);
      this.loadMembers(a.audience_id, a.members ?? {}, now);
    }
  }

  /** The state persistence keeps, as plain JSON-ready data. */
  snapshot(): StateSnapshot {
    return {
      version: 2,
      next_audience_id: this.ids.peek(),
      tokens: [...this.directory.tokens.values()].filter(
        (t) => t.issued || t.revoked || t.expires_at !== undefined,
      ),
      audiences: this.audiences.all().map((a) => ({
        audience_id: a.audience_id,
        name: a.name,
        advertiser_id: a.advertiser_id,
        created_at: a.created_at,
        members: Object.fromEntries([...a.members].map(([type, set]) => [type, [...set.values()]])),
      })),
      events: this.events.events,
    };
  }

  /** Replaces audiences and events with a snapshot's and re-applies its tokens over the seed's. */
  restore(snapshot: Omit<StateSnapshot, 'version'>): void {
    this.reset();
    // Restored audiences' own ids are observed as they are created, so the counter never goes back.
    if (snapshot.next_audience_id !== undefined) this.ids.resume(snapshot.next_audience_id);
    for (const t of snapshot.tokens) this.directory.tokens.set(t.access_token, { ...t });
    for (const id of this.audiences.all().map((a) => a.audience_id)) this.audiences.delete(id);
    for (const a of snapshot.audiences) {
      this.audiences.create(a.advertiser_id, a.name, a.created_at, a.audience_id);
      this.loadMembers(a.audience_id, a.members, a.created_at);
    }
    this.events.add(snapshot.events);
  }

  private loadMembers(audienceId: string, members: Partial<Record<IdType, string[]>>, now: number): void {
    for (const type of ID_TYPES) {
      const ids = (members[type] ?? []).map((v) => v.toLowerCase()).filter((v) => isHashOf(type, v));
      if (ids.length === 0) continue;
      this.audiences.applyMapping('add', batchOfIds(type, hexLengthOf(type), ids, audienceId), now);
    }
  }
}
