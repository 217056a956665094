/** Calls to the HTTP API as tests make them: a key, a JSON body, the answer's text and parsed JSON. */
import type { Hono } from 'hono';
import type { AppEnv } from './routes.js';

/** What one call answered; `body` is the parsed JSON, read loosely by tests as `T`. */
export interface JsonAnswer<T> {
  status: number;
  text: string;
  body: T;
}

/** Sends `method path` to `app` with the API key `key` and `body` as JSON (when given). */
export async function callApi<T>(
  app: Hono<AppEnv>,
  method: string,
  path: string,
  key: string,
  body?: unknown,
): Promise<JsonAnswer<T>> {
  const res = await app.request(path, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) as T };
}
