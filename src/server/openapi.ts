import { z } from 'zod';
import { TtadsError } from '../errors.js';
import type { RouteSpec } from './routes.js';

/** Named schemas of the document: `components.schemas`, by the `id` their zod schema was given. */
type Components = Record<string, unknown>;

const COMPONENT_REF = '#/components/schemas/';

/**
 * Names a schema of the API: the OpenAPI document lists it under `components.schemas` by this name and
 * refers to it wherever it is used, and the web app's generated types call it so. Registers the schema
 * object itself (zod's global registry, keeping its description), so a route file adds one line after the
 * schema it names. Names are the web app's vocabulary: keep them when a schema moves.
 */
export function nameApiSchema<T extends z.ZodType>(schema: T, name: string): T {
  z.globalRegistry.add(schema, { ...z.globalRegistry.get(schema), id: name });
  return schema;
}

/** `$ref: '#/$defs/X'` (zod's, for a schema with `.meta({ id: 'X' })`) pointed at the document's component. */
function toComponentRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toComponentRefs);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [
      key,
      key === '$ref' && typeof v === 'string' ? v.replace(/^#\/\$defs\//, COMPONENT_REF) : toComponentRefs(v),
    ]),
  );
}

/**
 * JSON Schema of a zod schema; the schemas named with `.meta({ id })` in it are moved to `components` and
 * referenced, so that a client generator (the web app's `npm run gen:api-types`) gives them stable names.
 */
function jsonSchema(schema: z.ZodType, components: Components): unknown {
  const {
    $schema: _ignored,
    $defs,
    ...rest
  } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  for (const [name, def] of Object.entries(($defs ?? {}) as Record<string, unknown>)) {
    const named = toComponentRefs(def);
    if (name in components && JSON.stringify(components[name]) !== JSON.stringify(named))
      throw new TtadsError(`Two different API schemas are both named ${name}.`, {
        code: 'api_schema_name_clash',
        kind: 'internal',
        hint: 'Give each schema named with .meta({ id }) one definition, or another name.',
      });
    components[name] = named;
  }
  return toComponentRefs(rest);
}

function queryParameters(schema: z.ZodType, components: Components): unknown[] {
  const json = jsonSchema(schema, components) as {
    properties?: Record<string, unknown>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    schema: s,
  }));
}

function operation(spec: RouteSpec, components: Components): Record<string, unknown> {
  const params = [...spec.path.matchAll(/:([A-Za-z_]+)/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const queryParams = spec.query ? queryParameters(spec.query, components) : [];
  const op: Record<string, unknown> = {
    summary: spec.summary,
    tags: [spec.tag],
    parameters: [...params, ...queryParams],
    responses: {
      200: {
        description: 'OK',
        ...(spec.response
          ? { content: { 'application/json': { schema: jsonSchema(spec.response, components) } } }
          : {}),
      },
      400: { description: 'Invalid request; the message names the field' },
      ...(spec.roles === 'public'
        ? {}
        : { 401: { description: 'No or unknown API key' }, 403: { description: 'Role not allowed' } }),
    },
    ...(spec.roles === 'public' ? { security: [] } : { 'x-roles': spec.roles }),
  };
  if (spec.body)
    op.requestBody = {
      required: true,
      content: { 'application/json': { schema: jsonSchema(spec.body, components) } },
    };
  return op;
}

/**
 * The OpenAPI 3.1 document of the routes, generated from the same zod schemas that validate requests. The
 * schemas given a name (`.meta({ id: 'Campaign' })`) are `components.schemas`, sorted by name.
 */
export function openApiDocument(
  routes: readonly RouteSpec[],
  info: { title: string; version: string },
): object {
  const components: Components = {};
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of routes) {
    const path = spec.path.replace(/:([A-Za-z_]+)/g, '{$1}');
    (paths[path] ??= {})[spec.method] = operation(spec, components);
  }
  const schemas = Object.fromEntries(Object.entries(components).sort(([a], [b]) => (a < b ? -1 : 1)));
  return {
    openapi: '3.1.0',
    info,
    components: { schemas, securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } } },
    security: [{ apiKey: [] }],
    paths,
  };
}
