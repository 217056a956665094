/**
 * Shared fixtures of the events tests: a real emulator, a real client, CSV files in a temp directory.
 * No production module imports this file.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  EMULATOR_DEFAULTS,
  startEmulator,
  type EmulatorOptions,
  type RunningEmulator,
} from '../emulator/index.js';
import { silentLogger } from '../logger.js';
import { createTikTokClient } from '../tiktok/index.js';
import { csvQuote } from '../sources/index.js';

export const EVENT_SET_ID = EMULATOR_DEFAULTS.eventSet.event_set_id;
export const PIXEL_CODE = EMULATOR_DEFAULTS.pixel.pixel_code;
export const OPERATOR_TOKEN = EMULATOR_DEFAULTS.tokens.operator;

/** An emulator on a free port, without rate limit unless asked. */
export function startTestEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ port: 0, rateLimitRps: 0, logger: silentLogger(), ...opts });
}

/** A client of the emulator with quick retries. */
export function testClient(url: string, accessToken: string = OPERATOR_TOKEN) {
  return createTikTokClient({
    baseUrl: url,
    accessToken,
    rps: 0,
    concurrency: 4,
    retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20, rateLimitDelayMs: 5 },
  });
}

export async function tempDir(): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'ttads-events-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** Writes rows as a CSV with the given header; missing cells are empty. */
export async function writeCsv(
  path: string,
  header: readonly string[],
  rows: readonly Record<string, string>[],
) {
  const lines = [header.join(','), ...rows.map((row) => header.map((h) => csvQuote(row[h] ?? '')).join(','))];
  await writeFile(path, `${lines.join('\n')}\n`);
}

/** An ISO timestamp `days` before now (UTC, whole seconds). */
export function daysAgo(days: number, now = Date.now()): string {
  return new Date(now - days * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export interface EmulatedEvent {
  event_source: string;
  event_source_id: string;
  test_event_code?: string;
  event: string;
  event_id?: string;
  event_time: number;
  user: Record<string, unknown>;
  properties: Record<string, unknown>;
  limited_data_use?: boolean;
}

/** The events the emulator stored (de-duplicated as TikTok does). */
export async function emulatorEvents(url: string): Promise<EmulatedEvent[]> {
  const res = await fetch(`${url}/_emulator/events`);
  return ((await res.json()) as { events: EmulatedEvent[] }).events;
}

/** Events received in accepted requests, duplicates included. */
export async function eventsReceived(url: string): Promise<number> {
  const res = await fetch(`${url}/_emulator/stats`);
  return ((await res.json()) as { events_received: number }).events_received;
}

/** Forces the next answers of event/track/ (envelope codes, 'http:503' or 'drop'). */
export async function forceAnswers(url: string, codes: (number | string)[]): Promise<void> {
  await fetch(`${url}/_emulator/next-errors`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ codes, path: 'event/track/' }),
  });
}
