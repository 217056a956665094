import { useCallback, useMemo, useState } from 'react';
import { api } from '../api';
import type { Answer } from '../api/types';
import { ErrorBanner, Loading, Notice, Page, useLoad } from '../components/ui';
import type { AuthorizationLink, Credential, PluginsAnswer } from '../forms/api-types';
import { LinkBox, useApprovalWait } from '../forms/credential-link';
import { CredentialTable, type CredentialActions } from '../forms/credential-table';
import { SchemaForm } from '../forms/schema-form';
import type { JsonSchema } from '../forms/schema-values';
import type { PageProps } from './page-props';

const path = (c: Credential, action = '') => `/api/credentials/${encodeURIComponent(c.id)}${action}`;

/** The create schema made into the edit one: every field optional, the secret kept unless replaced. */
function patchSchema(schema: JsonSchema): JsonSchema {
  const props = schema.properties ?? {};
  return {
    ...schema,
    required: [],
    properties: {
      ...props,
      appId: { ...props.appId, description: 'Changing the app ID needs a new authorization.' },
      appSecret: { ...props.appSecret, description: 'Leave empty to keep the current secret.' },
    },
  };
}

/** Credentials (admins): TikTok app authorizations, created here and approved in TikTok through a link. */
export function CredentialsPage({ role }: PageProps) {
  const creds = useLoad(() => api<Answer<'/api/credentials'>>('GET', '/api/credentials'), []);
  const plugins = useLoad(() => api<PluginsAnswer>('GET', '/api/plugins'), []);
  const [form, setForm] = useState<'new' | Credential | undefined>();
  const [link, setLink] = useState<{ link: AuthorizationLink; name: string } | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const [error, setError] = useState<Error | undefined>();
  const list = creds.data?.credentials;
  const { reload } = creds;

  const onApproved = useCallback((c: Credential | undefined) => {
    if (!c) setNotice('Stopped waiting after 10 minutes without an approval; make a new link to try again.');
    else if (c.status === 'authorized') {
      setNotice(`Credential ${c.name} authorized (${c.advertisers.length} advertisers).`);
      setLink(undefined);
    } else
      setNotice(`Credential ${c.name} is now ${c.status}${c.statusReason ? `: ${c.statusReason}` : ''}.`);
  }, []);
  const wait = useApprovalWait(list, reload, onApproved);

  const actions: CredentialActions = useMemo(() => {
    const start = () => {
      setError(undefined);
      setNotice(undefined);
    };
    const open = (c: Credential, made: AuthorizationLink) => {
      const tab = window.open(made.url, '_blank');
      // The TikTok page has no business with this window.
      if (tab) tab.opener = null;
      else setNotice('Your browser blocked the new tab: open the authorization link below instead.');
      setLink({ link: made, name: c.name });
      wait.start(c);
    };
    return {
      connect: async (c) => {
        start();
        open(c, await api<AuthorizationLink>('POST', path(c, '/authorization-link')));
      },
      reauthorize: async (c) => {
        start();
        open(c, await api<AuthorizationLink>('POST', path(c, '/reauthorize')));
      },
      copyLink: async (c) => {
        start();
        const made = await api<AuthorizationLink>('POST', path(c, '/authorization-link'));
        setLink({ link: made, name: c.name });
        wait.start(c);
        try {
          await navigator.clipboard.writeText(made.url);
          setNotice(`Authorization link for ${c.name} copied: send it to the TikTok account holder.`);
        } catch {
          setNotice(
            `Copy the authorization link for ${c.name} below and send it to the TikTok account holder.`,
          );
        }
      },
      check: async (c) => {
        start();
        const now = await api<Credential>('POST', path(c, '/check'));
        await reload();
        const reason = now.statusReason ? `: ${now.statusReason}` : '';
        const advertisers = now.status === 'authorized' ? ` (${now.advertisers.length} advertisers)` : '';
        setNotice(`Credential ${now.name} checked: ${now.status}${advertisers}${reason}.`);
      },
      edit: (c) => setForm(c),
      remove: async (c) => {
        start();
        if (!window.confirm(`Delete credential ${c.name}? Destinations can no longer use it.`)) return;
        await api('DELETE', path(c));
        if (wait.waitingFor === c.id) wait.stop();
        await reload();
        setNotice(`Credential ${c.name} deleted.`);
      },
      onError: setError,
    };
  }, [reload, wait]);

  if (role !== 'admin') return <Page title="Credentials">Only admins manage credentials.</Page>;
  const schema = plugins.data?.credentialSchema;
  const editSchema = useMemo(() => (schema ? patchSchema(schema) : undefined), [schema]);
  const editing = form && form !== 'new' ? form : undefined;
  return (
    <Page
      title="Credentials"
      actions={
        <button type="button" className="primary" onClick={() => setForm('new')} disabled={form === 'new'}>
          New credential
        </button>
      }
    >
      <p className="muted">
        A credential is a TikTok for Business developer app and the authorization a TikTok account holder
        gives it. Create one with the app&apos;s ID and secret, then <em>Connect TikTok</em> (or copy the link
        for the person who holds the TikTok account). Tokens and secrets never leave the server.
      </p>
      <ErrorBanner error={creds.error ?? plugins.error ?? error} />
      {notice ? <Notice>{notice}</Notice> : null}
      {wait.waitingFor ? (
        <Notice>
          Waiting for the TikTok account holder to approve…{' '}
          <button type="button" className="plain" onClick={wait.stop}>
            Stop waiting
          </button>
        </Notice>
      ) : null}
      {link ? <LinkBox link={link.link} name={link.name} onClose={() => setLink(undefined)} /> : null}
      {form === 'new' && schema ? (
        <section aria-label="New credential">
          <h2>New credential</h2>
          <SchemaForm
            schema={schema}
            idPrefix="cred-new"
            submitLabel="Create credential"
            onCancel={() => setForm(undefined)}
            onSubmit={async (body) => {
              const made = await api<Credential>('POST', '/api/credentials', body);
              setForm(undefined);
              await reload();
              setNotice(`Credential ${made.name} created: now connect it to TikTok.`);
            }}
          />
        </section>
      ) : null}
      {editing && editSchema ? (
        <section aria-label={`Edit ${editing.name}`}>
          <h2>Edit {editing.name}</h2>
          <SchemaForm
            key={editing.id}
            schema={editSchema}
            idPrefix="cred-edit"
            existing={{ name: editing.name, appId: editing.appId }}
            submitLabel="Save credential"
            onCancel={() => setForm(undefined)}
            onSubmit={async (body) => {
              const saved = await api<Credential>('PATCH', path(editing), body);
              setForm(undefined);
              await reload();
              setNotice(`Credential ${saved.name} saved.`);
            }}
          />
        </section>
      ) : null}
      {list ? (
        <CredentialTable credentials={list} waitingFor={wait.waitingFor} actions={actions} />
      ) : creds.loading ? (
        <Loading what="credentials" />
      ) : null}
    </Page>
  );
}
