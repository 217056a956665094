import { EXIT_CODE_OF_KIND, TtadsError, type ErrorKind } from '../errors.js';
import { CliError, usageError } from './cli-errors.js';

/** The URL of a running `ttads serve` the control commands talk to, when `--server` is not given. */
export const SERVER_ENV = 'TTADS_SERVER';
/** The API key sent to that server; read from the environment only, so it never lands in shell history. */
export const API_KEY_ENV = 'TTADS_API_KEY';

/** A running server and the key to call it with. */
export interface ServerTarget {
  url: string;
  apiKey: string;
}

/**
 * The server named by `--server` or TTADS_SERVER, with the key of TTADS_API_KEY; undefined when neither names
 * one (the command opens the store itself).
 * @throws CliError when the URL is not http(s), or when no API key is set.
 */
export function serverTarget(
  opts: Record<string, unknown>,
  env: NodeJS.ProcessEnv = process.env,
): ServerTarget | undefined {
  const given = typeof opts.server === 'string' ? opts.server : env[SERVER_ENV];
  if (!given) return undefined;
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw usageError(`--server must be the URL of a running \`ttads serve\`, got ${given}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw usageError(`--server must be an http:// or https:// URL, got ${given}`);
  }
  const apiKey = env[API_KEY_ENV]?.trim();
  if (!apiKey) {
    throw new CliError(`--server needs an API key: set ${API_KEY_ENV} (it is never taken as a flag).`, {
      code: 'api_key_missing',
      kind: 'fix_credentials',
      hint:
        `An admin creates one on the web app's API keys page, or with \`ttads apikey create\`; then ` +
        `\`export ${API_KEY_ENV}=ttads_…\` (read it from a file or a secret manager rather than typing it).`,
    });
  }
  return { url: url.toString().replace(/\/+$/, ''), apiKey };
}

const KIND_OF_STATUS: Readonly<Record<number, ErrorKind>> = {
  400: 'fix_input',
  401: 'fix_credentials',
  403: 'fix_permissions',
  404: 'not_found',
  409: 'conflict',
  413: 'fix_input',
  422: 'fix_input',
  429: 'retry',
};

/** A refusal answered by the server, carrying the kind (so the exit code) its status means. */
export class ServerAnswerError extends TtadsError {
  constructor(
    readonly status: number,
    message: string,
    kind: ErrorKind,
    hint: string | undefined,
    details: unknown,
  ) {
    super(message, {
      code: `http_${status}`,
      kind,
      hint,
      ...(details !== undefined ? { details: { answer: details } } : {}),
    });
  }
}

interface ErrorBody {
  error?: string | { code?: string; message?: string };
  details?: unknown;
  reference?: string;
}

/** `body.settings.advertiserId: ...` as the CLI says it locally: `settings.advertiserId: ...`. */
function issuesText(details: unknown): string | undefined {
  if (!Array.isArray(details) || details.length === 0) return undefined;
  const lines = details.map((issue: { path?: unknown; message?: unknown }) => {
    const path = Array.isArray(issue.path)
      ? issue.path.join('.')
      : typeof issue.path === 'string'
        ? issue.path
        : '';
    return `${path.replace(/^(body|query)\.?/, '') || 'input'}: ${String(issue.message)}`;
  });
  return lines.join('; ');
}

function kindOf(status: number, details: unknown): ErrorKind {
  const named = (details as { kind?: unknown } | undefined)?.kind;
  // A TikTok refusal (502) says its own kind: reauthorize (3), fix the input (2)...
  if (status === 502 && typeof named === 'string' && named in EXIT_CODE_OF_KIND) return named as ErrorKind;
  return KIND_OF_STATUS[status] ?? (status >= 500 ? 'retry' : 'fix_input');
}

function hintOf(status: number, body: ErrorBody, server: string): string | undefined {
  if (status === 401) return `The key in ${API_KEY_ENV} is unknown or revoked on ${server}.`;
  if (status === 403) return `Use an admin API key in ${API_KEY_ENV}.`;
  if (body.reference) return `An admin finds the detail in the server log under ${body.reference}.`;
  const hint = (body.details as { hint?: unknown } | undefined)?.hint;
  return typeof hint === 'string' ? hint : undefined;
}

/** The error a failed answer stands for: the server's message (field issues as the CLI prints them). */
export function answerError(status: number, text: string, server: string): ServerAnswerError {
  let body: ErrorBody = {};
  try {
    body = JSON.parse(text) as ErrorBody;
  } catch {
    // not JSON: a proxy's page, or not a ttads server at all
  }
  const said = typeof body.error === 'string' ? body.error : body.error?.message;
  const message =
    (status === 400 ? issuesText(body.details) : undefined) ??
    said ??
    `The server at ${server} answered HTTP ${status}${text ? '' : ' with no body'}.`;
  return new ServerAnswerError(
    status,
    message,
    kindOf(status, body.details),
    hintOf(status, body, server),
    body.details,
  );
}

// Dates travel as ISO text; the commands print Date values, so they are revived by name (`createdAt`, `at`...).
const DATE_KEY = /(At|^at|Until)$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const reviveDates = (key: string, value: unknown): unknown =>
  typeof value === 'string' && DATE_KEY.test(key) && ISO.test(value) ? new Date(value) : value;

/** Calls the `/api` routes of a running server with the API key. */
export class ServerClient {
  constructor(
    readonly target: ServerTarget,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  /**
   * One request; the JSON answer with its dates revived.
   * @throws ServerAnswerError for an error answer; CliError (retry) when the server cannot be reached.
   */
  async call<T>(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    opts: { query?: Record<string, string | number | undefined>; body?: unknown } = {},
  ): Promise<T> {
    const url = new URL(`${this.target.url}${path}`);
    for (const [k, v] of Object.entries(opts.query ?? {}))
      if (v !== undefined) url.searchParams.set(k, String(v));
    let response: Response;
    try {
      response = await this.fetchImpl(url, {
        method,
        headers: {
          authorization: `Bearer ${this.target.apiKey}`,
          accept: 'application/json',
          ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
      });
    } catch (err) {
      // fetch says "fetch failed"; its cause says why (ECONNREFUSED, ENOTFOUND, a TLS problem).
      const cause = (err as { cause?: { code?: unknown; message?: unknown } }).cause;
      const why =
        typeof cause?.code === 'string'
          ? cause.code
          : typeof cause?.message === 'string'
            ? cause.message
            : (err as Error).message;
      throw new CliError(`Cannot reach the ttads server at ${this.target.url}: ${why}.`, {
        code: 'server_unreachable',
        kind: 'retry',
        hint: `Is \`ttads serve\` running there? Check --server or ${SERVER_ENV}.`,
      });
    }
    const text = await response.text();
    if (!response.ok) throw answerError(response.status, text, this.target.url);
    return JSON.parse(text, reviveDates) as T;
  }
}

/** `/api/things/<id>` with the id escaped. */
export const at = (base: string, id: string, tail = ''): string => `${base}/${encodeURIComponent(id)}${tail}`;
