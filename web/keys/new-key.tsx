// Creating an API key: the form (name and role), then the key itself, shown this once with a Copy button.

import { useState, type FormEvent } from 'react';
import { api, ApiError, type Role } from '../api';
import { ErrorBanner, Field } from '../components/ui';
import type { CreatedApiKey } from './types';

const ROLE_HELP =
  'Admins may do everything: credentials, destinations, data templates, orchestrations, runs and API keys. ' +
  'Business users see the destinations, data templates and workflows opened to them, and run campaigns.';

/** The field's message from a 400 (`body.name: ...`), to show next to that field. */
function issueFor(error: Error | undefined, field: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  return error.issues.find((i) => i.path[0] === field)?.message;
}

/** The "New API key" form; `onCreated` gets the answer, the only one that holds the key. */
export function NewKeyForm(props: { onCreated: (k: CreatedApiKey) => void; onCancel: () => void }) {
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('business_user');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    api<CreatedApiKey>('POST', '/api/api-keys', { name, role })
      .then(props.onCreated, (err: unknown) => setError(err instanceof Error ? err : new Error(String(err))))
      .finally(() => setBusy(false));
  };
  const nameError = issueFor(error, 'name');
  const roleError = issueFor(error, 'role');
  return (
    <form className="card" onSubmit={submit} aria-label="New API key">
      <h2>New API key</h2>
      <Field label="Name" htmlFor="api-key-name" help="Who or what uses the key." error={nameError}>
        <input
          id="api-key-name"
          value={name}
          maxLength={200}
          autoComplete="off"
          onChange={(e) => setName(e.target.value)}
        />
      </Field>
      <Field label="Role" htmlFor="api-key-role" help={ROLE_HELP} error={roleError}>
        <select id="api-key-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
          <option value="admin">Admin</option>
          <option value="business_user">Business user</option>
        </select>
      </Field>
      {nameError || roleError ? null : <ErrorBanner error={error} />}
      <div className="form-buttons">
        <button type="submit" className="primary" disabled={busy}>
          Create API key
        </button>
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** The new key in a read-only field with Copy: it is never shown again (only its hash is kept). */
export function ShownOnce(props: { created: CreatedApiKey; onDone: () => void }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | undefined>();
  const id = 'new-api-key';
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.created.key);
      setCopied('yes');
    } catch {
      // No clipboard (insecure origin, permission refused): the field stays selectable.
      setCopied('failed');
      document.getElementById(id)?.focus();
    }
  };
  return (
    <div className="link-box key-once" role="region" aria-label="API key created">
      <div className="field">
        <label htmlFor={id}>New API key</label>
        <div className="link-row">
          <input id={id} readOnly value={props.created.key} onFocus={(e) => e.target.select()} />
          <button type="button" className="plain" onClick={() => void copy()}>
            Copy
          </button>
          <button type="button" className="plain" onClick={props.onDone}>
            Done
          </button>
        </div>
      </div>
      <p className="key-warning" role="status">
        <strong>Copy it now: it is shown only this once.</strong> Only its hash is stored, so nobody can show
        it again; if it is lost, create a new key and revoke this one.
        {copied === 'yes' ? ' Copied to the clipboard.' : ''}
        {copied === 'failed' ? ' Could not copy: select the key and copy it yourself.' : ''}
      </p>
      <p className="help small">
        For <strong>{props.created.name}</strong>: sign in to this web app with it, or send it to the API as{' '}
        <code>Authorization: Bearer &lt;key&gt;</code>.
      </p>
    </div>
  );
}
