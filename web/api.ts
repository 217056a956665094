// The only code of the web app that speaks HTTP: the ttads API on the same origin, with the API key the
// person signed in with (kept in this tab's sessionStorage, never in a cookie or in localStorage).

import type { Schema } from './api/types';

const KEY_STORAGE = 'ttads.apiKey';

/** One problem the API found in a request body: `path` names the field (e.g. ['settings', 'advertiserId']). */
export interface FieldIssue {
  path: (string | number)[];
  message: string;
}

/** An answer other than 2xx: the API's message, and the zod issues of a 400 when it sent them. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
  }
}

export function storedKey(): string | null {
  return sessionStorage.getItem(KEY_STORAGE);
}

export function storeKey(key: string | null): void {
  if (key) sessionStorage.setItem(KEY_STORAGE, key);
  else sessionStorage.removeItem(KEY_STORAGE);
}

/** A field path as the API names it: zod's array, or a dotted `body.settings.advertiserId` (request part dropped). */
function pathOf(raw: unknown): (string | number)[] | undefined {
  if (Array.isArray(raw)) return raw as (string | number)[];
  if (typeof raw !== 'string' || raw === '') return undefined;
  const parts = raw.split('.');
  return ['body', 'query'].includes(parts[0] ?? '') ? parts.slice(1) : parts;
}

/** The field issues of an error answer: 400 `details` (a list), or a 409 naming its `field`. */
export function issuesOf(details: unknown): FieldIssue[] {
  const list = Array.isArray(details) ? (details as { path?: unknown; message?: unknown }[]) : [];
  const issues: FieldIssue[] = [];
  for (const d of list) {
    const path = pathOf(d.path);
    if (path && typeof d.message === 'string') issues.push({ path, message: d.message });
  }
  return issues;
}

async function call(method: string, path: string, body?: unknown, key = storedKey()): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (key) headers.authorization = `Bearer ${key}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (res.ok) return res;
  let message = `HTTP ${res.status}`;
  let issues: FieldIssue[] = [];
  try {
    const json = (await res.json()) as { error?: string; details?: { field?: unknown } | unknown[] };
    if (json.error) message = json.error;
    issues = issuesOf(json.details);
    const field = !Array.isArray(json.details) ? pathOf(json.details?.field) : undefined;
    // A conflict names its field in `details.field` and in the message (`body.name: ...`).
    if (field) issues.push({ path: field, message: message.replace(/^[\w.]+: /, '') });
  } catch {
    // Not JSON: keep the status line.
  }
  if (res.status === 401) window.dispatchEvent(new CustomEvent('ttads:signed-out'));
  throw new ApiError(res.status, message, issues);
}

/** Calls the API and parses its JSON answer; throws {@link ApiError} on any other status. */
export async function api<T>(
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  return (await (await call(method, path, body)).json()) as T;
}

/** GETs a file (e.g. a rejects CSV) with the API key and hands it to the browser as a download. */
export async function download(path: string, filename: string): Promise<void> {
  const blob = await (await call('GET', path)).blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** What an API key may do (GET /api/me). */
export type Role = Schema<'ApiRole'>;

/** Checks a key by asking who it belongs to. */
export async function whoAmI(key: string): Promise<Schema<'Caller'>> {
  return (await (await call('GET', '/api/me', undefined, key)).json()) as Schema<'Caller'>;
}
