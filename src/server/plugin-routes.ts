import { z } from 'zod';
import { credentialInputSchema, destinationSchema, templateSchema } from '../config/index.js';
import type { DestinationRegistry, DestinationSpec } from '../destinations/index.js';
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

/** A plugin as the web app needs it to generate its forms (the web app knows destinations from this only). */
export function describePlugin(plugin: DestinationSpec) {
  return {
    id: plugin.id,
    aliases: [...(plugin.aliases ?? [])],
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
    destinationSchema: formSchema(destinationSchema(plugin)),
    templateSchema: formSchema(templateSchema(plugin)),
    runOptionsSchema: formSchema(plugin.runOptions.schema),
    runOptionsHelp: plugin.runOptions.help,
    steps: plugin.steps.map((s) => s.name),
    report: {
      runKind: plugin.report.runKind,
      targetSetting: plugin.report.targetSetting ?? null,
      fields: plugin.report.fields.map((f) => ({ key: f.key, label: f.label })),
    },
  };
}

const pluginView = z.object({
  id: z.string(),
  aliases: z.array(z.string()).describe('Former ids, still accepted on input'),
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
  runOptionsSchema: z.record(z.string(), z.unknown()).describe('JSON Schema of the run options'),
  runOptionsHelp: z.string().describe('The run options in one line, with an example'),
  steps: z.array(z.string()).describe('The workflow steps a run takes after its settings are resolved'),
  report: z.object({
    runKind: z.string().describe('The kind of run the engine records (GET /api/runs kind)'),
    targetSetting: z
      .string()
      .nullable()
      .describe("The setting naming what a run sends to (its report's subject)"),
    fields: z
      .array(z.object({ key: z.string(), label: z.string() }))
      .describe('Counts of its reports worth showing'),
  }),
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
export function pluginRoutes(plugins: DestinationRegistry): RouteSpec[] {
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
          plugins: plugins.plugins().map(describePlugin),
          // Only admins manage credentials; business users get no credential form.
          ...(caller?.role === 'admin' ? { credentialSchema: formSchema(credentialInputSchema) } : {}),
        }),
    }),
  ];
}
