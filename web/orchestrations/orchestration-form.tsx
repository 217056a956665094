// #/orchestrations/new and #/orchestrations/<id>/edit: the orchestration's fields, checked here for what the
// browser can check (cron shape, JSON) and by the server for the rest, each message next to its field.
import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { ErrorBanner, Field, Loading, Page, useLoad } from '../components/ui';
import { navigate } from '../router';
import { formErrors } from './form-errors';
import { JsonField, SOURCE_HELP, ScheduleFields, jsonText, parseJsonObject } from './form-fields';
import { loadTargets } from './lookups';
import { Preview, type PreviewRequest } from './preview';
import { browserTimeZone, cronProblem } from './schedule';
import type { Orchestration } from './types';

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

const OPTIONS_HELP: Record<string, string> = {
  tiktok_custom_audiences:
    'How the source is read: {"mode": "mirror" | "add-only", "defaultRegion": "US", "batchSize": 10000, ' +
    '"columns": {"email": "Email Address"}}. Empty: the defaults.',
  tiktok_offline_events:
    'How the source is read: {"defaultRegion": "US", "timeZone": "America/New_York", "fixedEvent": ' +
    '"CompletePayment", "limitedDataUse": false, "testEventCode": "TEST123"}. Empty: the defaults.',
};

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
  const p: Record<string, string> = {};
  if (!v.name.trim()) p.name = 'give it a name';
  if (!v.sourceQuery.trim()) p.sourceQuery = 'the source query is empty';
  if (!v.destinationId) p.destinationId = 'choose a destination';
  if (!v.templateId) p.templateId = 'choose a data template of the destination';
  const cron = cronProblem(v.cron);
  if (cron) p['schedule.cron'] = cron;
  for (const k of ['options', 'overrides'] as const) {
    const e = parseJsonObject(v[k]).error;
    if (e) p[k] = e;
  }
  return p;
}

/** The create (no `existing`) or edit form of an orchestration; goes to its page once saved. */
export function OrchestrationForm({ existing }: { existing?: Orchestration }) {
  const targets = useLoad(() => loadTargets(), []);
  const [v, setV] = useState(() => initial(existing));
  const [checked, setChecked] = useState(false);
  const [local, setLocal] = useState<Record<string, string>>({});
  const [error, setError] = useState<Error | undefined>();
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<PreviewRequest | undefined>();
  // Each click fetches again, even for the same request (the file may have changed).
  const [previews, setPreviews] = useState(0);
  const set = <K extends keyof Values>(k: K, value: Values[K]) => setV((old) => ({ ...old, [k]: value }));
  const server = formErrors(error, FIELD_KEYS, { schedule: 'schedule.cron' });
  const err = (k: string) => local[k] ?? server.fields[k];

  const destination = targets.data?.destinations.find((d) => d.id === v.destinationId);
  const templates = targets.data?.templates.filter((t) => t.destinationId === v.destinationId) ?? [];

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setChecked(true);
    const problems = localProblems(v);
    setLocal(problems);
    if (Object.keys(problems).length > 0) return;
    const body = {
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
    setBusy(true);
    setError(undefined);
    const saved = existing
      ? api<Orchestration>('PATCH', `/api/orchestrations/${existing.id}`, body)
      : api<Orchestration>('POST', '/api/orchestrations', body);
    saved.then(
      (o) => navigate(`/orchestrations/${o.id}`),
      (e: unknown) => {
        setError(e instanceof Error ? e : new Error(String(e)));
        setBusy(false);
      },
    );
  };

  const showPreview = () => {
    setPreviews((n) => n + 1);
    const options = parseJsonObject(v.options);
    setChecked(true);
    setPreview({
      sourceQuery: v.sourceQuery,
      templateId: v.templateId,
      options: options.value ?? {},
      overrides: parseJsonObject(v.overrides).value ?? {},
    });
  };

  return (
    <Page title={existing ? `Edit ${existing.name}` : 'New orchestration'}>
      <ErrorBanner error={targets.error} />
      {targets.loading && !targets.data ? <Loading what="destinations and templates" /> : null}
      <form className="card" onSubmit={submit} noValidate>
        <Field label="Name" htmlFor="orc-name" error={err('name')}>
          <input id="orc-name" value={v.name} onChange={(e) => set('name', e.target.value)} />
        </Field>
        <Field
          label="Description"
          htmlFor="orc-description"
          help="What it is for."
          error={err('description')}
        >
          <input
            id="orc-description"
            value={v.description}
            onChange={(e) => set('description', e.target.value)}
          />
        </Field>
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
          cron={v.cron}
          timezone={v.timezone}
          onCron={(c) => set('cron', c)}
          onTimezone={(z) => set('timezone', z)}
          emptyMeaning='runs only on demand, with "Run now"'
          cronError={err('schedule.cron')}
          timezoneError={err('schedule.timezone')}
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
          help={OPTIONS_HELP[destination?.plugin ?? ''] ?? OPTIONS_HELP.tiktok_custom_audiences ?? ''}
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
            'this orchestration, e.g. {"eventSetId": "7654321098765432109"}. Empty: none.'
          }
          value={v.overrides}
          onChange={(t) => set('overrides', t)}
          serverError={server.fields.overrides}
          checked={checked}
        />
        <ErrorBanner error={server.rest} />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            {existing ? 'Save orchestration' : 'Create orchestration'}
          </button>
          <button
            type="button"
            onClick={showPreview}
            disabled={!v.sourceQuery.trim() || !v.templateId || Boolean(parseJsonObject(v.options).error)}
          >
            Preview
          </button>
          <button
            type="button"
            onClick={() => navigate(existing ? `/orchestrations/${existing.id}` : '/orchestrations')}
          >
            Cancel
          </button>
        </div>
      </form>
      {preview ? <Preview key={previews} request={preview} /> : null}
    </Page>
  );
}
