// The API objects the credentials, destinations and data templates pages show, as generated from
// GET /openapi.json, and what GET /api/plugins gives the forms. No secret is ever part of these: the API never
// returns one.

import type { Schema } from '../api/types';
import { titleFromKey, type FieldHints, type JsonSchema } from './schema-values';

export type CredentialStatus = Schema<'CredentialStatus'>;

export type Credential = Schema<'Credential'>;

/** The answer of POST /api/credentials/:id/authorization-link (and of reauthorize). */
export type AuthorizationLink = Schema<'AuthorizationLink'>;

export type Destination = Schema<'Destination'>;

/** A connection test: each check (credential, token, advertisers, role, event set) and the verdict. */
export type ConnectionReport = Schema<'ConnectionReport'>;

export type Template = Schema<'Template'>;

/**
 * A plugin as GET /api/plugins answers it. Its JSON Schemas are open objects in the API's own schema (a JSON
 * Schema is any object); the forms read them as the part of JSON Schema they understand.
 */
export type Plugin = Omit<
  Schema<'Plugin'>,
  'fields' | 'settingsSchema' | 'destinationSchema' | 'templateSchema' | 'runOptionsSchema'
> & {
  fields: (Schema<'Plugin'>['fields'][number] & { schema: JsonSchema })[];
  settingsSchema: JsonSchema;
  destinationSchema: JsonSchema;
  templateSchema: JsonSchema;
  runOptionsSchema: JsonSchema;
};

/** GET /api/plugins, with the credential form's schema for admins. */
export type PluginsAnswer = Omit<Schema<'Plugins'>, 'plugins' | 'credentialSchema'> & {
  plugins: Plugin[];
  credentialSchema?: JsonSchema;
};

function defaultText(value: unknown): string {
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/**
 * Help texts of a plugin's settings for a form: the plugin's own help (from the user docs) rather than the
 * schema description, with the default applied when the setting is left empty everywhere.
 */
export function settingsHelp(plugin: Plugin): FieldHints['help'] {
  return Object.fromEntries(
    plugin.fields.map((f) => {
      const fallback = plugin.defaults[f.key];
      const suffix = fallback === undefined ? '' : ` Default when not set: ${defaultText(fallback)}.`;
      return [`settings.${f.key}`, `${f.help}${suffix}`];
    }),
  );
}

/** A plugin's label by id (the id itself when the plugin is unknown). */
export function pluginLabel(plugins: Plugin[] | undefined, id: string): string {
  return plugins?.find((p) => p.id === id)?.label ?? id;
}

/** Settings as label/value pairs for a details view. */
export function settingsFacts(
  settings: Record<string, unknown>,
  plugin: Plugin | undefined,
): [string, string][] {
  const order = plugin?.fields.map((f) => f.key) ?? Object.keys(settings);
  const keys = [
    ...order.filter((k) => k in settings),
    ...Object.keys(settings).filter((k) => !order.includes(k)),
  ];
  return keys.map((k) => [titleFromKey(k), defaultText(settings[k])]);
}
