// #/segments/new and #/segments/<id>/edit (admins): a segment's name and description (what business users
// see), its source, column mapping, default ID types and whether business users may pick it. "Preview" reads
// the typed source through a data template offered to campaigns.
import { useState } from 'react';
import { Field, useLoad } from '../components/ui';
import { campaignTemplates } from '../orchestrations/campaign-lookups';
import { JsonField, NameFields, SOURCE_HELP, jsonText, parseJsonObject } from '../orchestrations/form-fields';
import { IdTypesField } from '../orchestrations/id-types-field';
import { RunnableFormPage } from '../orchestrations/runnable-form-page';
import type { Segment } from '../orchestrations/types';
import { useRunnableForm } from '../orchestrations/use-runnable-form';
import { TemplateSelect } from './template-select';

const FIELD_KEYS = ['name', 'description', 'sourceQuery', 'columns', 'idTypes', 'openToBusinessUsers'];

function initial(s?: Segment) {
  return {
    name: s?.name ?? '',
    description: s?.description ?? '',
    sourceQuery: s?.sourceQuery ?? '',
    columns: jsonText(s?.columns),
    // None ticked: campaigns send EMAIL and PHONE.
    idTypes: s?.idTypes ?? ([] as string[]),
    openToBusinessUsers: s?.openToBusinessUsers ?? false,
  };
}

type Values = ReturnType<typeof initial>;

/** What the browser can tell before sending: a name, a source, a mapping that parses. */
function localProblems(v: Values): Record<string, string> {
  const p: Record<string, string> = {};
  if (!v.name.trim()) p.name = 'give it a name';
  if (!v.sourceQuery.trim()) p.sourceQuery = 'the source query is empty';
  const columns = parseJsonObject(v.columns).error;
  if (columns) p.columns = columns;
  return p;
}

function body(v: Values) {
  return {
    name: v.name,
    description: v.description,
    sourceQuery: v.sourceQuery,
    columns: parseJsonObject(v.columns).value,
    idTypes: v.idTypes.length > 0 ? v.idTypes : null,
    openToBusinessUsers: v.openToBusinessUsers,
  };
}

/** The create (no `existing`) or edit form of a segment; goes to its page once saved. */
export function SegmentForm({ existing }: { existing?: Segment }) {
  const templates = useLoad(() => campaignTemplates(), []);
  const [templateId, setTemplateId] = useState('');
  const { v, set, checked, err, server, controls } = useRunnableForm({
    collection: 'segments',
    existingId: existing?.id,
    initial: () => initial(existing),
    fieldKeys: FIELD_KEYS,
    problems: localProblems,
    body,
    preview: (v) => ({
      sourceQuery: v.sourceQuery,
      templateId,
      options: { columns: parseJsonObject(v.columns).value ?? {} },
      ...(v.idTypes.length > 0 ? { overrides: { userIdTypes: v.idTypes } } : {}),
    }),
  });
  return (
    <RunnableFormPage
      title={existing ? `Edit ${existing.name}` : 'New segment'}
      form={controls}
      lookups={templates}
      lookupsWhat="data templates"
      submitLabel={existing ? 'Save segment' : 'Create segment'}
      previewDisabled={!v.sourceQuery.trim() || !templateId || Boolean(parseJsonObject(v.columns).error)}
    >
      <NameFields idPrefix="seg" values={v} set={set} err={err} />
      <Field
        label="Source"
        htmlFor="seg-source"
        help={`Who is in the segment. ${SOURCE_HELP} Business users never see it.`}
        error={err('sourceQuery')}
      >
        <textarea
          id="seg-source"
          value={v.sourceQuery}
          spellCheck={false}
          placeholder="SELECT email, phone FROM '/data/lapsed-buyers.parquet'"
          onChange={(e) => set('sourceQuery', e.target.value)}
        />
      </Field>
      <JsonField
        id="seg-columns"
        label="Column mapping (JSON)"
        help='The source column of an identifier when its name is not a usual one, e.g. {"email": "E-mail Address", "phone": "Mobile"}. Empty: found by name.'
        value={v.columns}
        onChange={(t) => set('columns', t)}
        serverError={server.fields.columns}
        checked={checked}
      />
      <IdTypesField
        value={v.idTypes}
        onChange={(t) => set('idTypes', t)}
        error={err('idTypes')}
        help="What its campaigns send unless they choose: none ticked means EMAIL and PHONE."
      />
      <div className="field">
        <label className="checkbox" htmlFor="seg-open">
          <input
            id="seg-open"
            type="checkbox"
            checked={v.openToBusinessUsers}
            onChange={(e) => set('openToBusinessUsers', e.target.checked)}
          />
          Open to business users
        </label>
        <p className="help">
          They see its name and description, preview it (hashes and reasons only) and pick it for campaigns.
        </p>
      </div>
      <TemplateSelect
        id="seg-preview-template"
        help="A data template offered to campaigns, for the preview only (not saved)."
        templates={templates.data ?? []}
        value={templateId}
        onChange={setTemplateId}
      />
    </RunnableFormPage>
  );
}
