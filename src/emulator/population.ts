import type { HexHashSet } from './hash-set.js';
import type { IdType, PopulationOptions } from './types.js';

/** Decides how many members of an audience are TikTok users (its `cover_num`). */
export interface Population {
  /**
   * Matched members of one audience. Members are stored per id type, not per row, so the emulator
   * cannot tell which email and phone belong to one person; it takes the largest per-type count,
   * which equals the number of matched people when rows carry the same people under every type and
   * never exceeds the number of rows sent.
   */
  cover(members: ReadonlyMap<IdType, HexHashSet>): number;
}

/**
 * Builds the population: explicit hashed lists when given, otherwise a `matchRate` share of all hashes,
 * decided by the hash itself (its first 8 hex digits read as a number below matchRate x 2^32), so the
 * same member always gets the same answer and nothing has to be stored for millions of people.
 */
export function createPopulation(lists: PopulationOptions | undefined, matchRate = 1): Population {
  if (lists) return listPopulation(lists);
  const threshold = Math.max(0, Math.min(1, matchRate)) * 2 ** 32;
  const accept = (prefix: number): boolean => prefix < threshold;
  return {
    cover(members) {
      let best = 0;
      for (const set of members.values()) best = Math.max(best, set.countByPrefix(accept));
      return best;
    },
  };
}

function listPopulation(lists: PopulationOptions): Population {
  const hashes = (values: string[] | undefined): Set<string> =>
    new Set((values ?? []).map((v) => v.trim().toLowerCase()).filter((v) => /^[0-9a-f]+$/.test(v)));
  const byKind = {
    EMAIL: hashes(lists.emails),
    PHONE: hashes(lists.phones),
    IDFA: hashes(lists.idfas),
    AAID: hashes(lists.aaids),
  };
  return {
    cover(members) {
      let best = 0;
      for (const [type, set] of members) {
        const users = byKind[type.split('_')[0] as keyof typeof byKind];
        let n = 0;
        for (const hash of users) if (hash.length === set.hexLength && set.has(hash)) n++;
        best = Math.max(best, n);
      }
      return best;
    },
  };
}
