import { randomInt } from 'node:crypto';

/** Audience ids start with 74, like the other well-known emulator ids (apps 70.., advertisers 72..). */
const AUDIENCE_ID_PREFIX = 74n * 10n ** 17n;
/** Ids one instance can mint before its counter reaches the next instance slot (100,000). */
const IDS_PER_SLOT = 10n ** 5n;
/** Random instance slots: 74 + 12 random digits + a 5-digit counter keeps ids at 19 digits. */
const INSTANCE_SLOTS = 10 ** 12;

/**
 * The first audience id of a new emulator instance. Each instance starts in a random slot so that two
 * emulators (or one emulator before and after a reset) never hand out the same id: a client that kept
 * the id of an audience from another emulator must not find it again on this one, as on TikTok, where
 * ids are never reused.
 */
export function randomFirstAudienceId(): bigint {
  return AUDIENCE_ID_PREFIX + BigInt(randomInt(INSTANCE_SLOTS)) * IDS_PER_SLOT + 1n;
}

/** Hands out audience ids: 19-digit numeric strings, increasing, never repeated within an instance. */
export class IdMint {
  private next: bigint;

  constructor(first: bigint = randomFirstAudienceId()) {
    this.next = first;
  }

  /** A new id. */
  mint(): string {
    return String(this.next++);
  }

  /** Makes sure an id given from outside (seed, state file) is never minted later. */
  observe(id: string): void {
    if (/^\d+$/.test(id) && BigInt(id) >= this.next) this.next = BigInt(id) + 1n;
  }

  /** The id `mint()` would return next, as persistence stores it. */
  peek(): string {
    return String(this.next);
  }

  /** Continues from a stored `peek()`, as the instance that stored it would have. */
  resume(next: string): void {
    if (!/^\d{19}$/.test(next)) throw new Error(`invalid next audience id ${next}`);
    this.next = BigInt(next);
  }
}
