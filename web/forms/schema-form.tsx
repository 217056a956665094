// A form generated from a JSON Schema: inputs per field, checks before sending, and the API's 400 issues
// shown next to the fields they name (the rest in a banner above the buttons).

import { useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, type FieldIssue } from '../api';
import { ErrorBanner } from '../components/ui';
import './forms.css';
import { FieldInput, inputId } from './schema-inputs';
import {
  changedOnly,
  fieldsOf,
  initialRaw,
  issuesFromMessage,
  mapIssues,
  toBody,
  validate,
  type FieldHints,
  type FieldSpec,
  type JsonSchema,
  type RawValue,
  type RawValues,
} from './schema-values';

/** Props of {@link SchemaForm}. */
export interface SchemaFormProps {
  schema: JsonSchema;
  /** Prefix of the inputs' ids; unique per form on a page. */
  idPrefix: string;
  submitLabel: string;
  /** Sends the body; an {@link ApiError} it throws is shown on the form. */
  onSubmit: (body: Record<string, unknown>) => Promise<void>;
  onCancel?: () => void;
  hints?: FieldHints;
  /** The object being edited: prefills the inputs, and only what changed is sent. */
  existing?: Record<string, unknown>;
  /** Values set by the page (e.g. the destination of a template): not shown, always sent. */
  fixed?: Record<string, unknown>;
  /** Shown above the fields (e.g. the plugin's description). */
  intro?: ReactNode;
}

function issueText(issue: FieldIssue): string {
  return issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}

/** A form generated from `schema`; see {@link SchemaFormProps}. */
export function SchemaForm(props: SchemaFormProps) {
  const { schema, hints, existing, fixed, idPrefix } = props;
  const fields = useMemo(
    () => fieldsOf(schema, { ...hints, exclude: [...(hints?.exclude ?? []), ...Object.keys(fixed ?? {})] }),
    [schema, hints, fixed],
  );
  const [raw, setRaw] = useState<RawValues>(() => initialRaw(fields, existing));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<Error | undefined>();
  const [unchanged, setUnchanged] = useState(false);
  const [busy, setBusy] = useState(false);

  const set = (name: string, value: RawValue) => {
    setRaw((r) => ({ ...r, [name]: value }));
    // A field's message goes once it is edited; it comes back on the next submit if still wrong.
    setErrors((e) => {
      if (!(name in e)) return e;
      const { [name]: _gone, ...rest } = e;
      return rest;
    });
    setUnchanged(false);
  };

  const focusFirst = (names: string[]) => {
    const first = fields.flatMap((f) => [f, ...(f.children ?? [])]).find((f) => names.includes(f.name));
    if (!first) return;
    const el = document.querySelector<HTMLElement>(`[id^="${inputId(idPrefix, first.name)}"]`);
    el?.focus();
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFailure(undefined);
    const problems = validate(fields, raw);
    setErrors(problems);
    if (Object.keys(problems).length) return focusFirst(Object.keys(problems));
    let body = { ...toBody(fields, raw, existing), ...fixed };
    if (existing) {
      body = changedOnly(body, { ...toBody(fields, initialRaw(fields, existing), existing), ...fixed });
      if (Object.keys(body).length === 0) return setUnchanged(true);
    }
    setBusy(true);
    try {
      await props.onSubmit(body);
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      // A 400 lists zod issues; a 409 (name taken) names its field in the message ("body.name: ...").
      const issues =
        error instanceof ApiError
          ? error.issues.length
            ? error.issues
            : issuesFromMessage(error.message)
          : [];
      const mapped = mapIssues(issues, fields);
      setErrors(mapped.byField);
      focusFirst(Object.keys(mapped.byField));
      if (mapped.other.length) {
        setFailure(new ApiError((error as ApiError).status, mapped.other.map(issueText).join('; ')));
      } else if (!Object.keys(mapped.byField).length) setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  const render = (spec: FieldSpec): ReactNode => {
    if (spec.kind === 'const') return null;
    if (spec.kind === 'group') {
      const error = errors[spec.name];
      return (
        <fieldset key={spec.name} className="schema-group" id={inputId(idPrefix, spec.name)}>
          <legend>{spec.label}</legend>
          {spec.help ? <p className="help">{spec.help}</p> : null}
          {(spec.children ?? []).map(render)}
          {error ? (
            <p className="field-error" role="alert">
              {error}
            </p>
          ) : null}
        </fieldset>
      );
    }
    return (
      <FieldInput
        key={spec.name}
        spec={spec}
        id={inputId(idPrefix, spec.name)}
        value={raw[spec.name]}
        error={errors[spec.name]}
        onChange={(v) => set(spec.name, v)}
        disabled={busy}
      />
    );
  };

  const fieldErrors = Object.keys(errors).length;
  return (
    <form className="schema-form card" onSubmit={(e) => void submit(e)} noValidate>
      {props.intro}
      {fields.map(render)}
      <ErrorBanner error={failure} />
      <div className="form-buttons">
        <button type="submit" className="primary" disabled={busy}>
          {props.submitLabel}
        </button>
        {props.onCancel ? (
          <button type="button" className="plain" onClick={props.onCancel} disabled={busy}>
            Cancel
          </button>
        ) : null}
        {busy ? <span className="muted">Sending…</span> : null}
        {fieldErrors ? (
          <span className="form-summary">
            {fieldErrors === 1 ? 'One field needs attention.' : `${fieldErrors} fields need attention.`}
          </span>
        ) : null}
        {unchanged ? <span className="muted">Nothing changed.</span> : null}
      </div>
    </form>
  );
}
