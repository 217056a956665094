// Names for the generated API types (schema.gen.ts, from the server's OpenAPI document): a change in the
// server's zod schemas shows up here as a type error rather than as a page reading a field that is gone.
import type { components, paths } from './schema.gen';

/** The API's named schemas (the server names them with `nameApiSchema`). */
export type ApiSchemas = components['schemas'];

/** One named schema of the API, e.g. `Schema<'Campaign'>`. */
export type Schema<Name extends keyof ApiSchemas> = ApiSchemas[Name];

type Method = 'get' | 'post' | 'patch' | 'delete';

/** The JSON a route answers with (its 200), e.g. `Answer<'/api/campaigns', 'get'>`. */
export type Answer<Path extends keyof paths, M extends Method = 'get'> = paths[Path][M] extends {
  responses: { 200: { content: { 'application/json': infer Body } } };
}
  ? Body
  : never;
