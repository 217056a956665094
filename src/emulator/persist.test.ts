import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEmulator, type Emulator } from './app.js';
import { startEmulator } from './server.js';
import { ADV1, call, createAudience, D, sha, testClock } from './emulator.test-support.js';

const clock = testClock();

async function addMembers(e: Emulator, audienceId: string, values: string[]): Promise<void> {
  const r = await call(e, 'POST', 'segment/mapping/', {
    body: {
      advertiser_ids: [ADV1],
      action: 'add',
      id_schema: ['EMAIL_SHA256'],
      batch_data: values.map((v) => [{ id: sha(v), audience_ids: [audienceId] }]),
    },
  });
  expect(r.code).toBe(0);
}

async function trackPurchase(e: Emulator, eventId: string): Promise<void> {
  const r = await call(e, 'POST', 'event/track/', {
    body: {
      event_source: 'offline',
      event_source_id: D.eventSet.event_set_id,
      data: [
        {
          event: 'Purchase',
          event_id: eventId,
          event_time: Math.floor(clock.now() / 1000) - 60,
          user: { email: sha('a@example.com') },
          properties: { currency: 'USD', value: 3, event_channel: 'in_store' },
        },
      ],
    },
  });
  expect(r.code).toBe(0);
}

const emails = (e: Emulator, audienceId: string): string[] =>
  [...(e.state.audiences.get(audienceId)?.members.get('EMAIL_SHA256')?.values() ?? [])].sort();

describe('emulator state file', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'emu-state-'));
    file = join(dir, 'state.json');
  });
  afterEach(async () => {
    vi.useRealTimers();
    await rm(dir, { recursive: true, force: true });
  });

  it('is written at shutdown and a restarted emulator keeps audience ids, members, events and its id counter', async () => {
    const first = await startEmulator({ persistFile: file, clock: clock.now, rateLimitRps: 0 });
    const kept = await createAudience(first.emulator, 'Kept');
    await addMembers(first.emulator, kept, ['a@x.test', 'b@x.test']);
    await trackPurchase(first.emulator, 'order-1');
    const nextOfFirst = first.emulator.state.snapshot().next_audience_id;
    await first.close();
    expect(existsSync(file)).toBe(true);
    // Written through a temporary file that is renamed into place: nothing is left beside it.
    expect(await readdir(dir)).toEqual(['state.json']);

    const second = createEmulator({ persistFile: file, clock: clock.now, rateLimitRps: 0 });
    const list = await call(second, 'GET', 'dmp/custom_audience/list/', { query: { advertiser_id: ADV1 } });
    expect(JSON.stringify(list.data)).toContain(kept);
    expect(emails(second, kept)).toEqual([sha('a@x.test'), sha('b@x.test')].sort());
    expect(second.state.events.events.map((e) => e.event_id)).toEqual(['order-1']);
    // The restored events still de-duplicate a resent event, as TikTok would.
    await trackPurchase(second, 'order-1');
    expect(second.state.events.events).toHaveLength(1);
    // The counter goes on where the first process stopped instead of starting over.
    expect(await createAudience(second, 'Next')).toBe(nextOfFirst);
  });

  it('is saved shortly after a change, without a shutdown', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const e = createEmulator({ persistFile: file, clock: clock.now });
    const id = await createAudience(e, 'Soon');
    await addMembers(e, id, ['c@x.test']);
    expect(existsSync(file)).toBe(false);
    await vi.advanceTimersByTimeAsync(1000);
    vi.useRealTimers();
    await vi.waitFor(() => expect(existsSync(file)).toBe(true));
    const saved = JSON.parse(await readFile(file, 'utf8')) as { audiences: { audience_id: string }[] };
    expect(saved.audiences.map((a) => a.audience_id)).toEqual([id]);
  });

  it('loads a version 1 file (no counter) and never hands out one of its ids again', async () => {
    const old = '7400000000000000001';
    await writeFile(
      file,
      JSON.stringify({
        version: 1,
        tokens: [],
        audiences: [
          {
            audience_id: old,
            name: 'Old',
            advertiser_id: ADV1,
            created_at: clock.now(),
            members: { EMAIL_SHA256: [sha('old@x.test')] },
          },
        ],
        events: [],
      }),
    );
    const e = createEmulator({ persistFile: file });
    expect(emails(e, old)).toEqual([sha('old@x.test')]);
    expect(await createAudience(e, 'New')).not.toBe(old);
  });

  it('refuses to start on a file that is not a state file, and leaves it alone', async () => {
    await writeFile(file, '{"version": 2, "tokens": "no"}');
    expect(() => createEmulator({ persistFile: file })).toThrow(/state file .* is invalid at tokens/);
    await writeFile(file, 'not json');
    expect(() => createEmulator({ persistFile: file })).toThrow(/state file .* cannot be read/);
    expect(await readFile(file, 'utf8')).toBe('not json');
  });
});
