import { AudienceStore } from './audience-store.js';
import { Directory, type TokenRecord } from './directory.js';
import { EventStore, type StoredEvent } from './event-store.js';
import type { Population } from './population.js';
import { Stats } from './stats.js';
import { ID_TYPES, type EmulatorSeed, type IdType } from './types.js';
import { isHashOf } from './validation.js';

/** What persistence writes: everything a restart should keep (not auth codes, not counters). */
export interface StateSnapshot {
  version: 1;
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
    this.audiences = new AudienceStore(this.population, this.processingDelayMs);
    this.events = new EventStore();
    this.stats = new Stats();
    const now = this.clock();
    for (const a of this.seed.audiences ?? []) {
      this.audiences.create(a.advertiser_id, a.name, now, a.audience_id);
      this.loadMembers(a.audience_id, a.members ?? {}, now);
    }
  }

  snapshot(): StateSnapshot {
    return {
      version: 1,
      tokens: [...this.directory.tokens.values()].filter((t) => t.issued || t.revoked),
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
  restore(snapshot: StateSnapshot): void {
    this.reset();
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
      const rows = ids.map((id) => [{ id, audience_ids: [audienceId] }]);
      this.audiences.applyMapping('add', [type], rows, now);
    }
  }
}
