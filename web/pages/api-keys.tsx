import { useCallback, useState } from 'react';
import { api, whoAmI, storedKey } from '../api';
import type { Answer } from '../api/types';
import { ErrorBanner, Loading, Notice, Page, useLoad } from '../components/ui';
import '../forms/forms.css';
import { ApiKeyTable } from '../keys/key-table';
import '../keys/keys.css';
import { NewKeyForm, ShownOnce } from '../keys/new-key';
import type { ApiKey, CreatedApiKey } from '../keys/types';
import type { PageProps } from './page-props';

/** API keys (admins): who may use the API and this app, with which role; create (key shown once) and revoke. */
export function ApiKeysPage({ role }: PageProps) {
  const keys = useLoad(() => api<Answer<'/api/api-keys'>>('GET', '/api/api-keys'), []);
  // The key this browser signed in with: marked "(you)" and never revocable from here.
  const me = useLoad(() => whoAmI(storedKey() ?? ''), []);
  const [form, setForm] = useState(false);
  const [created, setCreated] = useState<CreatedApiKey | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const [error, setError] = useState<Error | undefined>();
  const { reload } = keys;

  const revoke = useCallback(
    async (k: ApiKey) => {
      setError(undefined);
      setNotice(undefined);
      await api('DELETE', `/api/api-keys/${encodeURIComponent(k.id)}`);
      if (created?.id === k.id) setCreated(undefined);
      await reload();
      setNotice(`API key ${k.name} revoked: requests with it are refused from now on.`);
    },
    [reload, created],
  );

  if (role !== 'admin') return <Page title="API keys">Only admins manage API keys.</Page>;
  return (
    <Page
      title="API keys"
      actions={
        <button
          type="button"
          className="primary"
          disabled={form}
          onClick={() => {
            setForm(true);
            setCreated(undefined);
            setNotice(undefined);
          }}
        >
          New API key
        </button>
      }
    >
      <p className="muted">
        An API key signs a person in to this web app, or a system in to the HTTP API, with a role. Only a hash
        of each key is stored: a key is shown once, when it is created. Revoking a key refuses its requests at
        once.
      </p>
      <ErrorBanner error={keys.error ?? error} />
      {notice ? <Notice>{notice}</Notice> : null}
      {created ? <ShownOnce created={created} onDone={() => setCreated(undefined)} /> : null}
      {form ? (
        <NewKeyForm
          onCancel={() => setForm(false)}
          onCreated={(made) => {
            setForm(false);
            setCreated(made);
            void reload();
          }}
        />
      ) : null}
      {keys.data ? (
        <ApiKeyTable
          keys={keys.data.apiKeys}
          currentId={me.data?.keyId}
          onRevoke={revoke}
          onError={setError}
        />
      ) : keys.loading ? (
        <Loading what="API keys" />
      ) : null}
    </Page>
  );
}
