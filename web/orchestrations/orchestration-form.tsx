// #/orchestrations/new and #/orchestrations/<id>/edit: the orchestration's fields, checked here for what the
// browser can check (cron shape, JSON) and by the server for the rest, each message next to its field.
import { api } from '../api';
import { Field, useLoad } from '../components/ui';
import type { PluginsAnswer } from '../forms/api-types';
import { JsonField, NameFields, SOURCE_HELP, ScheduleFields, jsonText, parseJsonObject } from './form-fields';
import { loadTargets } from './lookups';
import { RunnableFormPage } from './runnable-form-page';
import { browserTimeZone } from './schedule';
import type { Orchestration } from './types';
import { nameAndScheduleProblems, useRunnableForm } from './use-runnable-form';

const FIELD_KEYS = [
  'name',
  'description',
  'sourceQuery',
  'destinationId',
  'templateId',
  'schedule.cron',
  'schedule.timezone',
  'skipUnchanged',
  'options',
  'overrides',
];

/** Until a destination is chosen: its plugin tells its own options (GET /api/plugins). */
const OPTIONS_HELP =
  'How the source is read (JSON); choose a destination to see its options. Empty: the defaults.';

function initial(o?: Orchestration) {
  return {
    name: o?.name ?? '',
    description: o?.description ?? '',
    sourceQuery: o?.sourceQuery ?? '',
    destinationId: o?.destinationId ?? '',
    templateId: o?.templateId ?? '',
    cron: o?.schedule?.cron ?? '',
    timezone: o?.schedule?.timezone ?? browserTimeZone(),
    skipUnchanged: o?.skipUnchanged ?? false,
    options: jsonText(o?.options),
    overrides: jsonText(o?.overrides),
  };
}

type Values = ReturnType<typeof initial>;

/** What the browser can tell before sending: required fields, the cron's shape, JSON that parses. */
function localProblems(v: Values): Record<string, string> {
  const p = nameAndScheduleProblems(v);
  if (!v.sourceQuery.trim()) p.sourceQuery = 'the source query is empty';
  if (!v.destinationId) p.destinationId = 'choose a destination';
  if (!v.templateId) p.templateId = 'choose a data template of the destination';
  for (const k of ['options', 'overrides'] as const) {
    const e = parseJsonObject(v[k]).error;
    if (e) p[k] = e;
  }
  return p;
}

/** What a save sends: an empty cron means no schedule (on demand). */
function body(v: Values) {
  return {
    name: v.name,
    description: v.description,
    sourceQuery: v.sourceQuery,
    destinationId: v.destinationId,
    templateId: v.templateId,
    schedule: v.cron.trim() ? { cron: v.cron.trim(), timezone: v.timezone } : null,
    skipUnchanged: v.skipUnchanged,
    options: parseJsonObject(v.options).value,
    overrides: parseJsonObject(v.overrides).value,
  };
}

/** The create (no `existing`) or edit form of an orchestration; goes to its page once saved. */
export function OrchestrationForm({ existing }: { existing?: Orchestration }) {
  const targets = useLoad(() => loadTargets(), []);
  const plugins = useLoad(() => api<PluginsAnswer>('GET', '/api/plugins'), []);
  const { v, setV, set, checked, err, server, controls } = useRunnableForm({
    collection: 'orchestrations',
    existingId: existing?.id,
    initial: () => initial(existing),
    fieldKeys: FIELD_KEYS,
    problems: localProblems,
    body,
    preview: (v) => ({
      sourceQuery: v.sourceQuery,
      templateId: v.templateId,
      options: parseJsonObject(v.options).value ?? {},
      overrides: parseJsonObject(v.overrides).value ?? {},
    }),
  });
  const destination = targets.data?.destinations.find((d) => d.id === v.destinationId);
  const plugin = plugins.data?.plugins.find((p) => p.id === destination?.plugin);
  const templates = targets.data?.templates.filter((t) => t.destinationId === v.destinationId) ?? [];

  return (
    <RunnableFormPage
      title={existing ? `Edit ${existing.name}` : 'New orchestration'}
      form={controls}
      lookups={targets}
      lookupsWhat="destinations and templates"
      submitLabel={existing ? 'Save orchestration' : 'Create orchestration'}
      previewDisabled={!v.sourceQuery.trim() || !v.templateId || Boolean(parseJsonObject(v.options).error)}
    >
      <NameFields idPrefix="orc" values={v} set={set} err={err} />
      <Field label="Source query" htmlFor="orc-source" help={SOURCE_HELP} error={err('sourceQuery')}>
        <textarea
          id="orc-source"
          value={v.sourceQuery}
          spellCheck={false}
          placeholder="/data/customers.csv  or  SELECT email, phone FROM '/data/customers.parquet'"
          onChange={(e) => set('sourceQuery', e.target.value)}
        />
      </Field>
      <Field label="Destination" htmlFor="orc-destination" error={err('destinationId')}>
        <select
          id="orc-destination"
          value={v.destinationId}
          onChange={(e) => setV((old) => ({ ...old, destinationId: e.target.value, templateId: '' }))}
        >
          <option value="">Choose a destination</option>
          {targets.data?.destinations.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>
      </Field>
      <Field
        label="Data template"
        htmlFor="orc-template"
        help={v.destinationId && templates.length === 0 ? 'This destination has no data template yet.' : ''}
        error={err('templateId')}
      >
        <select id="orc-template" value={v.templateId} onChange={(e) => set('templateId', e.target.value)}>
          <option value="">
            {v.destinationId ? 'Choose a data template' : 'Choose a destination first'}
          </option>
          {templates.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
      </Field>
      <ScheduleFields
        idPrefix="orc"
        values={v}
        set={set}
        err={err}
        emptyMeaning='runs only on demand, with "Run now"'
        checked={checked}
      />
      <Field
        label="Skip when unchanged"
        htmlFor="orc-skip"
        help="Skip a scheduled run when the source has not changed since the last successful run (files: size and modification time; queries: row count and a hash of the result)."
        error={err('skipUnchanged')}
      >
        <span className="checkbox">
          <input
            id="orc-skip"
            type="checkbox"
            checked={v.skipUnchanged}
            onChange={(e) => set('skipUnchanged', e.target.checked)}
          />
          {v.skipUnchanged ? 'skipped when unchanged' : 'runs every time'}
        </span>
      </Field>
      <JsonField
        id="orc-options"
        label="Run options (JSON)"
        help={plugin?.runOptionsHelp ?? OPTIONS_HELP}
        value={v.options}
        onChange={(t) => set('options', t)}
        serverError={server.fields.options}
        checked={checked}
      />
      <JsonField
        id="orc-overrides"
        label="Overrides (JSON)"
        help={
          "Settings of the destination plugin that replace the data template's and the destination's for " +
          'this orchestration, e.g. {"eventSetId": "7654321098765432109"}, or for web events the pixel code: ' +
          '{"eventSource": "web", "eventSetId": "CEMULATORPIXEL0000001"}. Empty: none.'
        }
        value={v.overrides}
        onChange={(t) => set('overrides', t)}
        serverError={server.fields.overrides}
        checked={checked}
      />
    </RunnableFormPage>
  );
}
