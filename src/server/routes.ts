import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { ApiRole } from './api-keys.js';
import { HttpError } from './http-error.js';

/** Who is calling: set by the auth middleware for every /api route. */
export interface Caller {
  keyId: string;
  role: ApiRole;
}

/** The part of the request a route takes its input from, so that an error names `body.x` or `query.x`. */
export type InputPart = 'body' | 'query';

export type AppEnv = { Variables: { caller: Caller | undefined; inputPart?: InputPart | undefined } };

export { HttpError, type HttpStatus } from './http-error.js';

/** One API route: its contract (for validation and the OpenAPI document) and its handler. */
export interface RouteSpec<Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Hono path, e.g. `/api/runs/:id`. */
  path: string;
  summary: string;
  tag: string;
  /** Roles allowed; `public` needs no API key. */
  roles: readonly ApiRole[] | 'public';
  query?: Q;
  body?: B;
  /** Schema of a successful JSON answer, for the document. */
  response?: z.ZodType;
  handler: (input: {
    c: Context<AppEnv>;
    caller: Caller | undefined;
    params: Record<string, string>;
    query: z.output<Q>;
    body: z.output<B>;
  }) => Promise<unknown>;
}

/** The `:id` path parameter (Hono always sets it on routes that declare it). */
export function idParam(params: Record<string, string>): string {
  return params.id ?? '';
}

/** Declares a route with its types inferred from its schemas. */
export function route<Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType>(
  spec: RouteSpec<Q, B>,
): RouteSpec {
  return spec;
}

function invalid(where: string, error: z.ZodError): HttpError {
  const problems = error.issues.map((i) => `${[where, ...i.path].join('.')}: ${i.message}`);
  return new HttpError(400, `Invalid request: ${problems.join('; ')}`, error.issues);
}

/**
 * Registers routes on the app: role check, query/body validation (400 naming the field), JSON answer. A
 * handler's errors are answered by the app's error handler (see `toHttpError`).
 */
export function mountRoutes(app: Hono<AppEnv>, routes: readonly RouteSpec[]): void {
  for (const spec of routes) {
    app.on(spec.method.toUpperCase(), spec.path, async (c) => {
      c.set('inputPart', spec.body ? 'body' : 'query');
      const caller = c.get('caller');
      if (spec.roles !== 'public') {
        if (!caller)
          throw new HttpError(401, 'An API key is needed: send it as "Authorization: Bearer <key>".');
        if (!spec.roles.includes(caller.role))
          throw new HttpError(403, `The ${caller.role} role cannot do this.`);
      }
      const query = spec.query
        ? spec.query.safeParse(c.req.query())
        : { success: true as const, data: undefined };
      if (!query.success) throw invalid('query', query.error);
      let body: unknown;
      if (spec.body) {
        let raw: unknown;
        try {
          raw = await c.req.json();
        } catch {
          throw new HttpError(400, 'The request body must be JSON.');
        }
        const parsed = spec.body.safeParse(raw);
        if (!parsed.success) throw invalid('body', parsed.error);
        body = parsed.data;
      }
      const result = await spec.handler({ c, caller, params: c.req.param(), query: query.data, body });
      return result instanceof Response ? result : c.json(result as object);
    });
  }
}
