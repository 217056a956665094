// The frame of the orchestration and campaign forms: the page, what the selects are loaded from, the
// fields (given), the errors no field claimed, the buttons (save, "Preview", "Cancel") and the preview.
import type { ReactNode } from 'react';
import { ErrorBanner, Loading, Page } from '../components/ui';
import { Preview } from './preview';
import type { RunnableFormControls } from './use-runnable-form';

/** The submit button ("Create …" or "Save …"), "Preview" and "Cancel". */
export function FormActions(props: {
  submitLabel: string;
  busy: boolean;
  onPreview: () => void;
  previewDisabled: boolean;
  onCancel: () => void;
}) {
  return (
    <div className="form-actions">
      <button type="submit" className="primary" disabled={props.busy}>
        {props.submitLabel}
      </button>
      <button type="button" onClick={props.onPreview} disabled={props.previewDisabled}>
        Preview
      </button>
      <button type="button" onClick={props.onCancel}>
        Cancel
      </button>
    </div>
  );
}

/** A form page of `useRunnableForm`; `lookups` is what fills its selects (destinations, templates). */
export function RunnableFormPage(props: {
  title: string;
  form: RunnableFormControls;
  lookups: { error: Error | undefined; loading: boolean; data: unknown };
  /** What the lookups are, for "Loading …". */
  lookupsWhat: string;
  submitLabel: string;
  previewDisabled: boolean;
  children: ReactNode;
}) {
  const { form, lookups } = props;
  return (
    <Page title={props.title}>
      <ErrorBanner error={lookups.error} />
      {lookups.loading && lookups.data === undefined ? <Loading what={props.lookupsWhat} /> : null}
      <form className="card" onSubmit={form.submit} noValidate>
        {props.children}
        <ErrorBanner error={form.server.rest} />
        <FormActions
          submitLabel={props.submitLabel}
          busy={form.busy}
          onPreview={form.showPreview}
          previewDisabled={props.previewDisabled}
          onCancel={form.cancel}
        />
      </form>
      {form.preview ? <Preview key={form.previews} request={form.preview} /> : null}
    </Page>
  );
}
