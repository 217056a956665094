import { z } from 'zod';
import type { TikTokClient } from '../tiktok/index.js';
import type { ConnectionCheck } from './connection-types.js';
import { ValidationError, type FieldIssue } from './errors.js';

/**
 * A destination plugin's id, e.g. the custom audiences destination's. The plugins themselves live in `src/destinations`
 * (a layer above this one): config knows a plugin only as the {@link DestinationPlugin} it is given.
 */
export type PluginId = string;

/** Settings a destination, template or orchestration may hold: any subset of the plugin's fields. */
export type PartialSettings = Record<string, unknown>;

/**
 * What a plugin checks of its own in a connection test, after the credential's token and advertisers: e.g.
 * that the event set exists. Records its checks with `add`; throws {@link ConnectionStop} to fail the test.
 */
export interface PluginConnectionCheck {
  /** The check named in the report while it runs (and when it fails). */
  check: ConnectionCheck['check'];
  run(client: TikTokClient, settings: PartialSettings, add: (c: ConnectionCheck) => void): Promise<void>;
}

/**
 * The settings side of a destination plugin, as config needs it: its fields (zod, with help text), defaults
 * and rules. `src/destinations` extends it with what a run does.
 */
export interface DestinationPlugin {
  id: PluginId;
  label: string;
  description: string;
  /** Each settings field in its complete form, with `.describe()` help text. */
  fields: Readonly<Record<string, z.ZodType>>;
  /** Any subset of the fields, unknown keys refused: what destinations, templates and overrides hold. */
  partialSchema: z.ZodObject;
  /** Values used when no layer sets them. */
  defaults: Readonly<PartialSettings>;
  /** Keys a run needs, given the merged settings. */
  requiredSettings(merged: PartialSettings): string[];
  /**
   * Makes settings merged from every layer consistent across keys (in place), e.g. the pixel code of web
   * events in `eventSetId`; returns what contradicts itself, paths prefixed with the layer.
   * @param rank the precedence of the layer a key came from (higher wins)
   */
  reconcile?(
    merged: PartialSettings,
    sources: Record<string, string>,
    rank: (key: string) => number,
  ): FieldIssue[];
  /** Whether templates of this plugin may be offered to campaigns. */
  campaigns: boolean;
  /** Why its templates are never offered to campaigns (when `campaigns` is false). */
  noCampaignsReason?: string;
  /** Settings keys TikTok can check: a template setting any of them is tested like a destination. */
  checkedKeys?: readonly string[];
  /** Its own connection check, after the token and advertisers. */
  connectionCheck?: PluginConnectionCheck;
}

/** The plugins known to this process, by id (old ids as aliases): built once at start-up and passed down. */
export interface PluginLookup {
  /** The plugin of an id or alias. @throws ValidationError naming the `plugin` field */
  plugin(id: string): DestinationPlugin;
  /** Every plugin, in the order they were registered. */
  plugins(): readonly DestinationPlugin[];
}

/** The error for an id no plugin has. */
export function unknownPlugin(known: readonly string[]): ValidationError {
  return new ValidationError([{ path: 'plugin', message: `unknown plugin; one of ${known.join(', ')}` }]);
}

/** Any subset of `fields`; `crossCheck` finds contradictions between keys of the one object. */
export function partialOf(
  fields: Record<string, z.ZodType>,
  crossCheck?: (settings: PartialSettings) => FieldIssue[],
): z.ZodObject {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, field] of Object.entries(fields)) {
    shape[key] = field.optional().describe(field.description ?? key);
  }
  const schema = z.strictObject(shape);
  if (!crossCheck) return schema;
  return schema.superRefine((settings, ctx) => {
    for (const issue of crossCheck(settings)) {
      ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path.split('.') });
    }
  });
}
