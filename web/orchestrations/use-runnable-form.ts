// The state and actions the orchestration and campaign forms share: values, checks made here and by the
// server, saving (POST when new, PATCH when editing) then going to the saved page, and preview requests.
import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { navigate } from '../router';
import { formErrors, type FormErrors } from './form-errors';
import type { PreviewRequest } from './preview';
import { cronProblem } from './schedule';

/** What differs between the two forms. */
export interface RunnableFormSpec<V> {
  /** `orchestrations` or `campaigns`: the API path under /api and the page path under #/. */
  collection: string;
  /** The id of the object edited; none for a new one. */
  existingId?: string | undefined;
  initial: () => V;
  /** The fields that server messages are placed next to (dotted paths, e.g. `schedule.cron`). */
  fieldKeys: string[];
  /** What the browser can tell before sending, keyed by field. */
  problems: (v: V) => Record<string, string>;
  /** The request body of a save, once `problems` found nothing. */
  body: (v: V) => unknown;
  /** What "Preview" sends for the values typed so far. */
  preview: (v: V) => PreviewRequest;
}

/** The checks every orchestration and campaign shares: it has a name, and its cron (if any) has the right shape. */
export function nameAndScheduleProblems(v: { name: string; cron: string }): Record<string, string> {
  const p: Record<string, string> = {};
  if (!v.name.trim()) p.name = 'give it a name';
  const cron = cronProblem(v.cron);
  if (cron) p['schedule.cron'] = cron;
  return p;
}

/** What the page around the fields needs of the form: submit, buttons, errors no field claimed, preview. */
export interface RunnableFormControls {
  submit: (e: FormEvent) => void;
  busy: boolean;
  server: FormErrors;
  showPreview: () => void;
  cancel: () => void;
  preview: PreviewRequest | undefined;
  /** How many times "Preview" was clicked (the preview's key, so each click fetches again). */
  previews: number;
}

/** The form's values and the handlers of its fields, its submit and its "Preview" button. */
export function useRunnableForm<V extends object>(spec: RunnableFormSpec<V>) {
  const [v, setV] = useState(spec.initial);
  const [checked, setChecked] = useState(false);
  const [local, setLocal] = useState<Record<string, string>>({});
  const [error, setError] = useState<Error | undefined>();
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<PreviewRequest | undefined>();
  // Each click fetches again, even for the same request (the file may have changed).
  const [previews, setPreviews] = useState(0);
  const set = <K extends keyof V>(k: K, value: V[K]) => setV((old) => ({ ...old, [k]: value }));
  const server = formErrors(error, spec.fieldKeys, { schedule: 'schedule.cron' });
  const err = (k: string) => local[k] ?? server.fields[k];
  const { collection, existingId } = spec;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setChecked(true);
    const problems = spec.problems(v);
    setLocal(problems);
    if (Object.keys(problems).length > 0) return;
    const body = spec.body(v);
    setBusy(true);
    setError(undefined);
    const saved = existingId
      ? api<{ id: string }>('PATCH', `/api/${collection}/${existingId}`, body)
      : api<{ id: string }>('POST', `/api/${collection}`, body);
    saved.then(
      (s) => navigate(`/${collection}/${s.id}`),
      (e: unknown) => {
        setError(e instanceof Error ? e : new Error(String(e)));
        setBusy(false);
      },
    );
  };

  const showPreview = () => {
    setPreviews((n) => n + 1);
    setChecked(true);
    setPreview(spec.preview(v));
  };

  /** Back to the object's page, or to the list when it is new. */
  const cancel = () => navigate(existingId ? `/${collection}/${existingId}` : `/${collection}`);

  const controls: RunnableFormControls = { submit, busy, server, showPreview, cancel, preview, previews };
  return { v, setV, set, checked, err, server, controls };
}
