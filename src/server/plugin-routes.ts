import { z } from 'zod';
import {
  credentialInputSchema,
  destinationSchemas,
  PLUGIN_IDS,
  PLUGINS,
  templateSchemas,
  type DestinationPlugin,
} from '../config/index.js';
import { route, type RouteSpec } from './routes.js';
import { nameApiSchema } from './openapi.js';

/** JSON Schema (2020-12) of what a form sends, without the `$schema` line. */
export function formSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return rest;
}

/** A plugin as the web app needs it to generate its forms. */
export function describePlugin(plugin: DestinationPlugin) {
  return {
    id: plugin.id,
    label: plugin.label,
    description: plugin.description,
    campaigns: plugin.campaigns,
    defaults: plugin.defaults,
    /** Settings a run needs with the defaults (offline events: the pixel code instead for web events). */
    requiredSettings: plugin.requiredSettings({ ...plugin.defaults }),
    fields: Object.entries(plugin.fields).map(([key, field]) => ({
      key,
      help: field.description ?? '',
      schema: formSchema(field),
    })),
    settingsSchema: formSchema(plugin.partialSchema),
    destinationSchema: formSchema(destinationSchemas[plugin.id]),
    templateSchema: formSchema(templateSchemas[plugin.id]),
  };
}

const pluginView = z.object({
  id: z.enum(PLUGIN_IDS),
  label: z.string(),
  description: z.string(),
  campaigns: z.boolean().describe('Whether its templates may be offered to campaigns'),
  defaults: z.record(z.string(), z.unknown()),
  requiredSettings: z.array(z.string()),
  fields: z.array(
    z.object({
      key: z.string(),
      help: z.string(),
      schema: z.record(z.string(), z.unknown()).describe('JSON Schema of the field'),
    }),
  ),
  settingsSchema: z.record(z.string(), z.unknown()),
  destinationSchema: z.record(z.string(), z.unknown()),
  templateSchema: z.record(z.string(), z.unknown()),
});
nameApiSchema(pluginView, 'Plugin');

const pluginsView = z.object({
  plugins: z.array(pluginView),
  credentialSchema: z
    .record(z.string(), z.unknown())
    .optional()
    .describe('JSON Schema of a new credential (admins only)'),
});
nameApiSchema(pluginsView, 'Plugins');

/** The destination plugins with their field schemas and help texts, for generated forms. */
export function pluginRoutes(): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/api/plugins',
      summary: 'Destination plugins with JSON Schemas and help texts of their settings (for forms)',
      tag: 'plugins',
      roles: ['admin', 'business_user'],
      response: pluginsView,
      handler: ({ caller }) =>
        Promise.resolve({
          plugins: PLUGIN_IDS.map((id) => describePlugin(PLUGINS[id])),
          // Only admins manage credentials; business users get no credential form.
          ...(caller?.role === 'admin' ? { credentialSchema: formSchema(credentialInputSchema) } : {}),
        }),
    }),
  ];
}
