import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { ApiError } from '../api';

/** Loads data on mount (and when `deps` change); `reload` fetches again. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[] = []) {
  const [data, setData] = useState<T | undefined>();
  const [error, setError] = useState<Error | undefined>();
  const [loading, setLoading] = useState(true);
  const run = useCallback(load, deps);
  const reload = useCallback(async () => {
    setLoading(true);
    try {
      setData(await run());
      setError(undefined);
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    } finally {
      setLoading(false);
    }
  }, [run]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, loading, reload, setData };
}

/** Calls `tick` every `ms` while mounted (for pages that follow running workflows). */
export function useInterval(tick: () => void, ms: number | null): void {
  useEffect(() => {
    if (ms === null) return;
    const id = setInterval(tick, ms);
    return () => clearInterval(id);
  }, [tick, ms]);
}

/** A page: its title, the buttons beside it, and its body. */
export function Page(props: { title: string; actions?: ReactNode; children: ReactNode }) {
  return (
    <section className="page">
      <header className="page-head">
        <h1>{props.title}</h1>
        <div className="actions">{props.actions}</div>
      </header>
      {props.children}
    </section>
  );
}

/** An error from the API, in words; `role="alert"` so screen readers (and tests) find it. */
export function ErrorBanner({ error }: { error: Error | undefined | null }) {
  if (!error) return null;
  const status = error instanceof ApiError ? ` (HTTP ${error.status})` : '';
  return (
    <div className="banner error" role="alert">
      {error.message}
      {status}
    </div>
  );
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <div className="banner info" role="status">
      {children}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return <p className="muted">Loading {what}…</p>;
}

const STATUS_CLASS: Record<string, string> = {
  succeeded: 'ok',
  authorized: 'ok',
  running: 'busy',
  queued: 'busy',
  pending: 'warn',
  dry_run: 'warn',
  action_required: 'bad',
  failed: 'bad',
  invalid: 'bad',
};

/** A status as a coloured label (workflow, run or credential status). */
export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge ${STATUS_CLASS[status] ?? ''}`}>{status.replace(/_/g, ' ')}</span>;
}

/** A date-time in the browser's locale and time zone; '—' for none. */
export function When({ at }: { at: string | null | undefined }) {
  if (!at) return <span className="muted">—</span>;
  const d = new Date(at);
  return <time dateTime={at}>{d.toLocaleString()}</time>;
}

export function formatNumber(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : n.toLocaleString('en-US');
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** A button that runs an async action, disabled while it runs, reporting its error to `onError`. */
export function ActionButton(props: {
  onClick: () => Promise<unknown>;
  children: ReactNode;
  kind?: 'primary' | 'danger' | 'plain';
  onError?: (err: Error) => void;
  disabled?: boolean;
  title?: string;
}) {
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className={props.kind ?? 'plain'}
      disabled={busy || props.disabled}
      title={props.title}
      onClick={() => {
        setBusy(true);
        props
          .onClick()
          .catch((err: unknown) => props.onError?.(err instanceof Error ? err : new Error(String(err))))
          .finally(() => setBusy(false));
      }}
    >
      {props.children}
    </button>
  );
}

/** A labelled form field with its help text and the validation message next to it. */
export function Field(props: {
  label: string;
  help?: string;
  error?: string;
  children: ReactNode;
  htmlFor?: string;
}) {
  return (
    <div className={`field${props.error ? ' has-error' : ''}`}>
      <label htmlFor={props.htmlFor}>{props.label}</label>
      {props.children}
      {props.help ? <p className="help">{props.help}</p> : null}
      {props.error ? (
        <p className="field-error" role="alert">
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

/** Definition list of label/value pairs (reports, details). */
export function Facts({ items }: { items: [string, ReactNode][] }) {
  return (
    <dl className="facts">
      {items.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
