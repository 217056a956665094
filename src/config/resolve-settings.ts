import type { FieldIssue } from './errors.js';
import type { DestinationPlugin, PartialSettings, PluginId } from './plugins.js';
import { toFieldIssues } from './validate.js';

/**
 * Where a resolved setting came from, lowest precedence first. `segment`: a campaign's segment (its default
 * user ID types); `orchestration`: the orchestration's or campaign's own overrides.
 */
export const SETTING_LAYERS = ['default', 'destination', 'template', 'segment', 'orchestration'] as const;
export type SettingLayer = (typeof SETTING_LAYERS)[number];

/** Something holding settings: a destination, a data template, or nothing. */
export type SettingsHolder = { settings?: PartialSettings | null | undefined } | null | undefined;

/** Resolution that succeeded: complete, validated settings and the layer each came from. */
export interface SettingsResolved<S> {
  ok: true;
  plugin: PluginId;
  settings: S;
  sources: Record<string, SettingLayer>;
}

/** Resolution that failed: which required settings no layer set, and which values are invalid. */
export interface SettingsUnresolved {
  ok: false;
  plugin: PluginId;
  /** Required keys that no layer sets, e.g. `eventSetId` ("must be given at orchestration"). */
  missing: string[];
  /** Invalid values, paths prefixed with their layer (`template.customAudienceName`). */
  invalid: FieldIssue[];
  /** What could be merged, for showing the user. */
  settings: PartialSettings;
  sources: Record<string, SettingLayer>;
}

export type SettingsResolution<S> = SettingsResolved<S> | SettingsUnresolved;

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/**
 * Resolves the settings of one run, in one place and in one order: plugin defaults, then the destination,
 * then the data template, then a campaign's segment (`segment`, last argument because only campaigns have
 * one), then the orchestration's (or campaign's) overrides; a later layer overrides an earlier one,
 * `undefined`/`null` leave it alone. Each layer is validated against the plugin's fields (unknown keys
 * refused). Pure: the result (`settings` + `sources`) is what a run records.
 */
export function resolveSettings<S extends PartialSettings = PartialSettings>(
  plugin: DestinationPlugin,
  destination: SettingsHolder,
  template: SettingsHolder,
  overrides?: PartialSettings | null,
  segment?: PartialSettings | null,
): SettingsResolution<S> {
  const layers: [SettingLayer, PartialSettings][] = [
    ['default', plugin.defaults],
    ['destination', destination?.settings ?? {}],
    ['template', template?.settings ?? {}],
    ['segment', segment ?? {}],
    ['orchestration', overrides ?? {}],
  ];
  const merged: PartialSettings = {};
  const sources: Record<string, SettingLayer> = {};
  const invalid: FieldIssue[] = [];
  for (const [layer, values] of layers) {
    for (const [key, value] of Object.entries(values)) {
      if (!isSet(value)) continue;
      const field = plugin.fields[key];
      if (!field) {
        invalid.push({ path: `${layer}.${key}`, message: `not a setting of ${plugin.label}` });
        continue;
      }
      // Field by field, so one bad value does not hide the valid ones of the same layer.
      const parsed = field.safeParse(value);
      if (!parsed.success) {
        invalid.push(...toFieldIssues(parsed.error, `${layer}.${key}`));
        continue;
      }
      merged[key] = parsed.data;
      sources[key] = layer;
    }
  }
  if (plugin.reconcile) {
    const rank = (key: string) => SETTING_LAYERS.indexOf(sources[key] ?? 'default');
    invalid.push(...plugin.reconcile(merged, sources, rank));
  }
  const missing = plugin.requiredSettings(merged).filter((key) => !isSet(merged[key]));
  if (missing.length > 0 || invalid.length > 0) {
    return { ok: false, plugin: plugin.id, missing, invalid, settings: merged, sources };
  }
  return {
    ok: true,
    plugin: plugin.id,
    settings: merged as S,
    sources,
  };
}

/** A one-line explanation of an unresolved result, for errors and workflow actions. */
export function describeUnresolved(result: SettingsUnresolved): string {
  const parts: string[] = [];
  if (result.missing.length > 0) parts.push(`missing settings: ${result.missing.join(', ')}`);
  for (const issue of result.invalid) parts.push(`${issue.path}: ${issue.message}`);
  return parts.join('; ');
}
