// The API objects the credentials, destinations and data templates pages show (see /openapi.json), and
// what GET /api/plugins gives the forms. No secret is ever part of these: the API never returns one.

import { titleFromKey, type FieldHints, type JsonSchema } from './schema-values';

export type CredentialStatus = 'pending' | 'authorized' | 'invalid';

export interface Credential {
  id: string;
  name: string;
  appId: string;
  hasAppSecret: boolean;
  hasAccessToken: boolean;
  status: CredentialStatus;
  statusReason: string | null;
  advertisers: { advertiserId: string; name: string; canWrite: boolean | null }[];
  authorizedAt: string | null;
  lastCheckedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The answer of POST /api/credentials/:id/authorization-link (and of reauthorize). */
export interface AuthorizationLink {
  /** Revokes the link: DELETE /api/credentials/{credentialId}/authorization-links/{linkId}. */
  linkId: string;
  credentialId: string;
  url: string;
  expiresAt: string;
  redirectUri: string;
}

export interface Destination {
  id: string;
  name: string;
  description: string;
  plugin: string;
  /** Admins only. */
  credentialId?: string;
  settings: Record<string, unknown>;
  businessUserAccess: boolean;
  availableToCampaigns: boolean;
  lastTestedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A connection test: each check (credential, token, advertisers, role, event set) and the verdict. */
export interface ConnectionReport {
  ok: boolean;
  problem?: string;
  message?: string;
  checks: { check: string; status: string; detail: string }[];
  testedAt: string;
}

export interface Template {
  id: string;
  destinationId: string;
  plugin: string;
  name: string;
  description: string;
  settings: Record<string, unknown>;
  businessUserAccess: boolean;
  availableToCampaigns: boolean;
  campaignOffer: { offered: boolean; reasons: string[] };
  createdAt: string;
  updatedAt: string;
}

export interface Plugin {
  id: string;
  label: string;
  description: string;
  campaigns: boolean;
  defaults: Record<string, unknown>;
  requiredSettings: string[];
  fields: { key: string; help: string; schema: JsonSchema }[];
  settingsSchema: JsonSchema;
  destinationSchema: JsonSchema;
  templateSchema: JsonSchema;
  /** Former ids, still accepted on input. */
  aliases: string[];
  runOptionsSchema: JsonSchema;
  /** The run options in one line, with an example. */
  runOptionsHelp: string;
  /** The workflow steps a run takes after its settings are resolved. */
  steps: string[];
  report: {
    /** The kind of run the engine records (a run's `kind`). */
    runKind: string;
    /** The setting naming what a run sends to (its report's subject). */
    targetSetting: string | null;
    fields: { key: string; label: string }[];
  };
}

export interface PluginsAnswer {
  plugins: Plugin[];
  credentialSchema: JsonSchema;
}

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
