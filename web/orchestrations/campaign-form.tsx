// #/campaigns/new and #/campaigns/<id>/edit: a campaign's audience, template, ID types, schedule and control
// group; the browser checks what it can (cron shape, percent, JSON), the server the rest, next to each field.
import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { ErrorBanner, Field, Loading, Page, useLoad } from '../components/ui';
import { navigate } from '../router';
import { formErrors } from './form-errors';
import { JsonField, SOURCE_HELP, ScheduleFields, jsonText, parseJsonObject } from './form-fields';
import { ControlGroupFields } from './control-group-fields';
import { IdTypesField } from './id-types-field';
import { campaignTemplates } from './campaign-lookups';
import { Preview, type PreviewRequest } from './preview';
import { browserTimeZone, cronProblem } from './schedule';
import type { Campaign } from './types';

const FIELD_KEYS = [
  'name',
  'description',
  'audienceQuery',
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
    audienceQuery: c?.audienceQuery ?? '',
    templateId: c?.templateId ?? '',
    idTypes: c?.idTypes ?? ['EMAIL', 'PHONE'],
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

function localProblems(v: Values): Record<string, string> {
  const p: Record<string, string> = {};
  if (!v.name.trim()) p.name = 'give it a name';
  if (!v.audienceQuery.trim()) p.audienceQuery = 'the audience query is empty';
  if (!v.templateId) p.templateId = 'choose a data template';
  if (v.idTypes.length === 0) p.idTypes = 'choose at least one user ID type';
  const cron = cronProblem(v.cron);
  if (cron) p['schedule.cron'] = cron;
  const pct = Number(v.controlGroupPercent);
  if (v.controlGroupPercent.trim() === '' || !Number.isFinite(pct) || pct < 0 || pct > 50) {
    p.controlGroupPercent = 'a percentage from 0 to 50, e.g. 10 or 12.5';
  }
  const options = parseJsonObject(v.options).error;
  if (options) p.options = options;
  return p;
}

/** The create (no `existing`) or edit form of a campaign; goes to its page once saved. */
export function CampaignForm({ existing }: { existing?: Campaign }) {
  const templates = useLoad(() => campaignTemplates(), []);
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
  const offered = templates.data ?? [];
  // An edited campaign keeps its template in the list even when it is no longer offered.
  const choices =
    existing && !offered.some((t) => t.id === existing.templateId)
      ? [{ id: existing.templateId, name: existing.templateId }, ...offered]
      : offered;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setChecked(true);
    const problems = localProblems(v);
    setLocal(problems);
    if (Object.keys(problems).length > 0) return;
    const body = {
      name: v.name,
      description: v.description,
      audienceQuery: v.audienceQuery,
      templateId: v.templateId,
      idTypes: v.idTypes,
      audienceName: v.audienceName.trim() || null,
      schedule: v.cron.trim() ? { cron: v.cron.trim(), timezone: v.timezone } : null,
      controlGroupPercent: Number(v.controlGroupPercent),
      ...(v.controlGroupSeed.trim() ? { controlGroupSeed: v.controlGroupSeed.trim() } : {}),
      controlGroupKey: v.controlGroupKey.trim() || null,
      options: parseJsonObject(v.options).value,
    };
    setBusy(true);
    setError(undefined);
    const saved = existing
      ? api<Campaign>('PATCH', `/api/campaigns/${existing.id}`, body)
      : api<Campaign>('POST', '/api/campaigns', body);
    saved.then(
      (c) => navigate(`/campaigns/${c.id}`),
      (e: unknown) => {
        setError(e instanceof Error ? e : new Error(String(e)));
        setBusy(false);
      },
    );
  };

  const showPreview = () => {
    setPreviews((n) => n + 1);
    setChecked(true);
    const options = parseJsonObject(v.options).value ?? {};
    setPreview({
      sourceQuery: v.audienceQuery,
      templateId: v.templateId,
      options,
      overrides: { userIdTypes: v.idTypes },
    });
  };

  return (
    <Page title={existing ? `Edit ${existing.name}` : 'New campaign'}>
      <ErrorBanner error={templates.error} />
      {templates.loading && !templates.data ? <Loading what="data templates" /> : null}
      <form className="card" onSubmit={submit} noValidate>
        <Field label="Name" htmlFor="cmp-name" error={err('name')}>
          <input id="cmp-name" value={v.name} onChange={(e) => set('name', e.target.value)} />
        </Field>
        <Field
          label="Description"
          htmlFor="cmp-description"
          help="What it is for."
          error={err('description')}
        >
          <input
            id="cmp-description"
            value={v.description}
            onChange={(e) => set('description', e.target.value)}
          />
        </Field>
        <Field
          label="Audience query"
          htmlFor="cmp-audience"
          help={`The customers sent. ${SOURCE_HELP}`}
          error={err('audienceQuery')}
        >
          <textarea
            id="cmp-audience"
            value={v.audienceQuery}
            spellCheck={false}
            placeholder="SELECT email, phone FROM '/data/lapsed-buyers.parquet'"
            onChange={(e) => set('audienceQuery', e.target.value)}
          />
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
        <IdTypesField value={v.idTypes} onChange={(t) => set('idTypes', t)} error={err('idTypes')} />
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
          cron={v.cron}
          timezone={v.timezone}
          onCron={(c) => set('cron', c)}
          onTimezone={(z) => set('timezone', z)}
          emptyMeaning='a one-time campaign, sent once with "Run now"'
          cronError={err('schedule.cron')}
          timezoneError={err('schedule.timezone')}
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
          help='How the audience is read: {"mode": "mirror" | "add-only", "defaultRegion": "US", "batchSize": 10000, "columns": {"email": "Email Address"}}. Empty: the defaults.'
          value={v.options}
          onChange={(t) => set('options', t)}
          serverError={server.fields.options}
          checked={checked}
        />
        <ErrorBanner error={server.rest} />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            {existing ? 'Save campaign' : 'Create campaign'}
          </button>
          <button
            type="button"
            onClick={showPreview}
            disabled={!v.audienceQuery.trim() || !v.templateId || Boolean(parseJsonObject(v.options).error)}
          >
            Preview
          </button>
          <button
            type="button"
            onClick={() => navigate(existing ? `/campaigns/${existing.id}` : '/campaigns')}
          >
            Cancel
          </button>
        </div>
      </form>
      {preview ? <Preview key={previews} request={preview} /> : null}
    </Page>
  );
}
