// #/campaigns/new and #/campaigns/<id>/edit: a campaign's segment, template, ID types, schedule and control
// group; the browser checks what it can (cron shape, percent, JSON), the server the rest, next to each field.
// No field takes a query or a file: the segment (defined by an admin) says who is sent.
import { Field, useLoad } from '../components/ui';
import { JsonField, NameFields, ScheduleFields, jsonText, parseJsonObject } from './form-fields';
import { ControlGroupFields } from './control-group-fields';
import { IdTypesField } from './id-types-field';
import { campaignSegments, campaignTemplates } from './campaign-lookups';
import { RunnableFormPage } from './runnable-form-page';
import { browserTimeZone } from './schedule';
import type { Campaign } from './types';
import { nameAndScheduleProblems, useRunnableForm } from './use-runnable-form';

const FIELD_KEYS = [
  'name',
  'description',
  'segmentId',
  'templateId',
  'idTypes',
  'audienceName',
  'schedule.cron',
  'schedule.timezone',
  'controlGroupPercent',
  'controlGroupSeed',
  'controlGroupKey',
  'options',
];

function initial(c?: Campaign) {
  return {
    name: c?.name ?? '',
    description: c?.description ?? '',
    segmentId: c?.segmentId ?? '',
    templateId: c?.templateId ?? '',
    // None ticked: the segment's default types (else EMAIL and PHONE).
    idTypes: c?.idTypes ?? ([] as string[]),
    audienceName: c?.audienceName ?? '',
    cron: c?.schedule?.cron ?? '',
    timezone: c?.schedule?.timezone ?? browserTimeZone(),
    controlGroupPercent: String(c?.controlGroupPercent ?? 0),
    controlGroupSeed: c?.controlGroupSeed ?? '',
    controlGroupKey: c?.controlGroupKey ?? '',
    options: jsonText(c?.options),
  };
}

type Values = ReturnType<typeof initial>;

/** What the browser can tell before sending: required fields, the cron's shape, the percent, JSON that parses. */
function localProblems(v: Values): Record<string, string> {
  const p = nameAndScheduleProblems(v);
  if (!v.segmentId) p.segmentId = 'choose a segment';
  if (!v.templateId) p.templateId = 'choose a data template';
  const pct = Number(v.controlGroupPercent);
  if (v.controlGroupPercent.trim() === '' || !Number.isFinite(pct) || pct < 0 || pct > 50) {
    p.controlGroupPercent = 'a percentage from 0 to 50, e.g. 10 or 12.5';
  }
  const options = parseJsonObject(v.options).error;
  if (options) p.options = options;
  return p;
}

/**
 * What a save sends: empty texts become null (the template's audience name, no schedule, the default key), no
 * ID type ticked becomes null (the segment's).
 */
function body(v: Values) {
  return {
    name: v.name,
    description: v.description,
    segmentId: v.segmentId,
    templateId: v.templateId,
    idTypes: v.idTypes.length > 0 ? v.idTypes : null,
    audienceName: v.audienceName.trim() || null,
    schedule: v.cron.trim() ? { cron: v.cron.trim(), timezone: v.timezone } : null,
    controlGroupPercent: Number(v.controlGroupPercent),
    ...(v.controlGroupSeed.trim() ? { controlGroupSeed: v.controlGroupSeed.trim() } : {}),
    controlGroupKey: v.controlGroupKey.trim() || null,
    options: parseJsonObject(v.options).value,
  };
}

/** The create (no `existing`) or edit form of a campaign; goes to its page once saved. */
export function CampaignForm({ existing }: { existing?: Campaign }) {
  const templates = useLoad(async () => {
    const [offered, segments] = await Promise.all([campaignTemplates(), campaignSegments()]);
    return { offered, segments };
  }, []);
  const { v, set, checked, err, server, controls } = useRunnableForm({
    collection: 'campaigns',
    existingId: existing?.id,
    initial: () => initial(existing),
    fieldKeys: FIELD_KEYS,
    problems: localProblems,
    body,
    preview: (v) => ({
      segmentId: v.segmentId,
      templateId: v.templateId,
      options: parseJsonObject(v.options).value ?? {},
      ...(v.idTypes.length > 0 ? { overrides: { userIdTypes: v.idTypes } } : {}),
    }),
  });
  const offered = templates.data?.offered ?? [];
  const segments = templates.data?.segments ?? [];
  const segment = segments.find((s) => s.id === v.segmentId);
  // An edited campaign keeps its segment in the list even when it is not in the caller's list.
  const segmentChoices =
    existing && !segments.some((s) => s.id === existing.segmentId)
      ? [{ id: existing.segmentId, name: existing.segmentId }, ...segments]
      : segments;
  // An edited campaign keeps its template in the list even when it is no longer offered.
  const choices =
    existing && !offered.some((t) => t.id === existing.templateId)
      ? [{ id: existing.templateId, name: existing.templateId }, ...offered]
      : offered;

  return (
    <RunnableFormPage
      title={existing ? `Edit ${existing.name}` : 'New campaign'}
      form={controls}
      lookups={templates}
      lookupsWhat="segments and data templates"
      submitLabel={existing ? 'Save campaign' : 'Create campaign'}
      previewDisabled={!v.segmentId || !v.templateId || Boolean(parseJsonObject(v.options).error)}
    >
      <NameFields idPrefix="cmp" values={v} set={set} err={err} />
      <Field
        label="Segment"
        htmlFor="cmp-segment"
        help={
          templates.data && segments.length === 0
            ? 'No segment is open to you yet: an admin defines segments and opens them to business users.'
            : segment?.description || 'The customers sent: a segment an admin defined.'
        }
        error={err('segmentId')}
      >
        <select id="cmp-segment" value={v.segmentId} onChange={(e) => set('segmentId', e.target.value)}>
          <option value="">Choose a segment</option>
          {segmentChoices.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </Field>
      <Field
        label="Data template"
        htmlFor="cmp-template"
        help={
          templates.data && offered.length === 0
            ? 'No data template is offered to campaigns yet: an admin makes a custom-audience template available to campaigns.'
            : 'Custom-audience data templates offered to campaigns; the campaign sends to their destination.'
        }
        error={err('templateId')}
      >
        <select id="cmp-template" value={v.templateId} onChange={(e) => set('templateId', e.target.value)}>
          <option value="">Choose a data template</option>
          {choices.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
      </Field>
      <IdTypesField
        value={v.idTypes}
        onChange={(t) => set('idTypes', t)}
        error={err('idTypes')}
        help={`The identifiers sent, hashed. None ticked: the segment's (${
          segment?.idTypes?.join(', ') ?? 'EMAIL, PHONE'
        }). AAID and IDFA are mobile advertising IDs.`}
      />
      <Field
        label="Audience name"
        htmlFor="cmp-audience-name"
        help="Name of the custom audience in TikTok for this campaign. Empty: the data template's."
        error={err('audienceName')}
      >
        <input
          id="cmp-audience-name"
          value={v.audienceName}
          onChange={(e) => set('audienceName', e.target.value)}
        />
      </Field>
      <ScheduleFields
        idPrefix="cmp"
        values={v}
        set={set}
        err={err}
        emptyMeaning='a one-time campaign, sent once with "Run now"'
        checked={checked}
      />
      <ControlGroupFields
        percent={v.controlGroupPercent}
        seed={v.controlGroupSeed}
        keyColumn={v.controlGroupKey}
        onChange={(k, value) => set(k, value)}
        err={err}
      />
      <JsonField
        id="cmp-options"
        label="Run options (JSON)"
        help='How the audience is read: {"mode": "mirror" | "add-only", "defaultRegion": "US", "batchSize": 10000}. Empty: the defaults.'
        value={v.options}
        onChange={(t) => set('options', t)}
        serverError={server.fields.options}
        checked={checked}
      />
    </RunnableFormPage>
  );
}
