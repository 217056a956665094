import {
  campaignOffer,
  describeUnresolved,
  getDestination,
  getTemplate,
  resolveSettings,
  type DataTemplate,
  type Destination,
  type FieldIssue,
  type PartialSettings,
  type PluginId,
  type SettingLayer,
} from '../config/index.js';
import type { DestinationRegistry } from '../destinations/index.js';
import type { JsonObject, SettingsResolver } from '../jobs/index.js';
import type { Queryable } from '../store/store.js';
import { getCampaign, type Campaign } from './campaigns-repo.js';
import type { ControlGroupSpec } from './control-group.js';
import { campaignOverrides } from './campaigns.js';
import { getOrchestration, type Orchestration } from './orchestrations-repo.js';
import { getSegment, segmentSettings, withSegmentColumns } from './segments.js';

/**
 * The settings snapshot of one run, stored as the workflow's `settings` and re-resolved by Resolve: the
 * configuration as it is at that moment. Ids and settings only, never a secret (the credential is named by
 * id and its token read when the step runs).
 */
export interface RunSettings {
  kind: 'orchestration' | 'campaign';
  orchestrationId?: string;
  campaignId?: string;
  /** A campaign's segment, whose source this is (business users are shown the segment, never the source). */
  segmentId?: string;
  plugin: PluginId;
  destinationId: string;
  templateId: string;
  credentialId: string;
  /** The source as `--source` takes it. */
  source: string;
  /** Resolved settings (complete when `problems` is empty) and the layer each came from. */
  settings: PartialSettings;
  sources: Record<string, SettingLayer>;
  missing: string[];
  invalid: FieldIssue[];
  /** Why the run cannot go ahead as configured (missing settings, template withdrawn from campaigns...). */
  problems: string[];
  options: Record<string, unknown>;
  skipUnchanged: boolean;
  controlGroup?: ControlGroupSpec;
}

function snapshot(
  plugins: DestinationRegistry,
  base: Pick<RunSettings, 'kind' | 'source' | 'options' | 'skipUnchanged'> &
    Partial<Pick<RunSettings, 'orchestrationId' | 'campaignId' | 'segmentId' | 'controlGroup'>>,
  destination: Destination,
  template: DataTemplate,
  overrides: PartialSettings,
  extraProblems: string[] = [],
  segment?: PartialSettings,
): RunSettings {
  const resolved = resolveSettings(
    plugins.plugin(destination.plugin),
    destination,
    template,
    overrides,
    segment,
  );
  const problems = [...extraProblems];
  if (!resolved.ok) problems.push(describeUnresolved(resolved));
  return {
    ...base,
    plugin: destination.plugin,
    destinationId: destination.id,
    templateId: template.id,
    credentialId: destination.credentialId,
    settings: resolved.settings,
    sources: resolved.sources,
    missing: resolved.ok ? [] : resolved.missing,
    invalid: resolved.ok ? [] : resolved.invalid,
    problems,
  };
}

/** The run settings of an orchestration as configured now. @throws RunnableNotFound, NotFoundError */
export async function orchestrationRunSettings(
  db: Queryable,
  plugins: DestinationRegistry,
  orchestration: Orchestration | string,
): Promise<RunSettings> {
  const o = typeof orchestration === 'string' ? await getOrchestration(db, orchestration) : orchestration;
  const destination = await getDestination(db, o.destinationId);
  const template = await getTemplate(db, o.templateId);
  return snapshot(
    plugins,
    {
      kind: 'orchestration',
      orchestrationId: o.id,
      source: o.sourceQuery,
      options: o.options,
      skipUnchanged: o.skipUnchanged,
    },
    destination,
    template,
    o.overrides,
  );
}

/**
 * The run settings of a campaign as configured now: its segment's source, column mapping and default id types
 * as they are now, control group included. @throws RunnableNotFound, NotFoundError
 */
export async function campaignRunSettings(
  db: Queryable,
  plugins: DestinationRegistry,
  campaign: Campaign | string,
): Promise<RunSettings> {
  const c = typeof campaign === 'string' ? await getCampaign(db, campaign) : campaign;
  const segment = await getSegment(db, c.segmentId);
  const template = await getTemplate(db, c.templateId);
  const destination = await getDestination(db, template.destinationId);
  const offer = campaignOffer(plugins, destination, template);
  return snapshot(
    plugins,
    {
      kind: 'campaign',
      campaignId: c.id,
      segmentId: segment.id,
      source: segment.sourceQuery,
      options: withSegmentColumns(c.options, segment),
      skipUnchanged: false,
      controlGroup: {
        percent: c.controlGroupPercent,
        seed: c.controlGroupSeed,
        keyColumn: c.controlGroupKey,
      },
    },
    destination,
    template,
    campaignOverrides(c),
    offer.offered ? [] : [`the data template is no longer offered to campaigns: ${offer.reasons.join('; ')}`],
    segmentSettings(segment),
  );
}

/** The snapshot as stored in a workflow (JSON). */
export function toJsonSettings(settings: RunSettings): JsonObject {
  return JSON.parse(JSON.stringify(settings)) as JsonObject;
}

/** Reads a stored snapshot back. @throws Error when the workflow was not made by this module */
export function readRunSettings(json: JsonObject): RunSettings {
  const s = json as unknown as Partial<RunSettings>;
  if ((s.kind !== 'orchestration' && s.kind !== 'campaign') || !s.plugin || !s.credentialId || !s.source) {
    throw new Error('the workflow settings are not those of an orchestration or campaign run');
  }
  return s as RunSettings;
}

/**
 * The engine's settings hook: re-resolves the snapshot of an orchestration or campaign workflow from the
 * configuration as it is now (called by Resolve, and at creation when no settings are given). Other
 * workflows keep their settings.
 */
export function runSettingsResolver(db: Queryable, plugins: DestinationRegistry): SettingsResolver {
  return async (workflow) => {
    const { orchestrationId, campaignId } = workflow.subject;
    if (typeof orchestrationId === 'string')
      return toJsonSettings(await orchestrationRunSettings(db, plugins, orchestrationId));
    if (typeof campaignId === 'string')
      return toJsonSettings(await campaignRunSettings(db, plugins, campaignId));
    return workflow.settings;
  };
}
