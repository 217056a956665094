// The destination forms (admins): pick a plugin, then the form generated from its destination schema,
// the credential chosen by name. Creating or changing settings tests the connection first (422 on failure).

import { useMemo, useState } from 'react';
import { api } from '../api';
import type { Answer } from '../api/types';
import { ErrorBanner, Loading, Notice, Page, useLoad } from '../components/ui';
import { href, navigate } from '../router';
import type { Credential, Destination, Plugin, PluginsAnswer } from './api-types';
import { settingsHelp } from './api-types';
import { SchemaForm } from './schema-form';
import type { FieldHints } from './schema-values';

function useFormData() {
  const plugins = useLoad(() => api<PluginsAnswer>('GET', '/api/plugins'), []);
  const creds = useLoad(() => api<Answer<'/api/credentials'>>('GET', '/api/credentials'), []);
  return { plugins, creds, error: plugins.error ?? creds.error };
}

function hintsFor(plugin: Plugin, credentials: Credential[], exclude: string[] = []): FieldHints {
  return {
    labels: { credentialId: 'Credential' },
    choices: { credentialId: credentials.map((c) => ({ value: c.id, label: `${c.name} (${c.status})` })) },
    help: settingsHelp(plugin),
    exclude,
  };
}

const NO_CREDENTIAL = (
  <Notice>
    There is no credential yet: <a href={href('/credentials')}>create one and connect it to TikTok</a> first.
  </Notice>
);

/** `#/destinations/new`: the "Plugin" select, then that plugin's form ("Create destination"). */
export function NewDestination(props: { initialPlugin: string }) {
  const { plugins, creds, error } = useFormData();
  const [pluginId, setPluginId] = useState(props.initialPlugin);
  const plugin = plugins.data?.plugins.find((p) => p.id === pluginId);
  const credentials = creds.data?.credentials;
  const hints = useMemo(
    () => (plugin && credentials ? hintsFor(plugin, credentials) : undefined),
    [plugin, credentials],
  );
  return (
    <Page title="New destination" actions={<a href={href('/destinations')}>Back to destinations</a>}>
      <ErrorBanner error={error} />
      {!plugins.data || !credentials ? <Loading what="plugins and credentials" /> : null}
      {credentials && credentials.length === 0 ? NO_CREDENTIAL : null}
      <div className="card form-pick">
        <div className="field">
          <label htmlFor="dst-plugin">Plugin</label>
          <select id="dst-plugin" value={pluginId} onChange={(e) => setPluginId(e.target.value)}>
            <option value="">Choose…</option>
            {plugins.data?.plugins.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
          <p className="help">{plugin ? plugin.description : 'What the destination sends to TikTok.'}</p>
        </div>
      </div>
      {plugin && hints ? (
        <SchemaForm
          key={plugin.id}
          schema={plugin.destinationSchema}
          idPrefix="dst"
          hints={hints}
          submitLabel="Create destination"
          onCancel={() => navigate('/destinations')}
          onSubmit={async (body) => {
            const made = await api<Answer<'/api/destinations', 'post'>>('POST', '/api/destinations', body);
            navigate(`/destinations/${made.destination.id}?created=1`);
          }}
        />
      ) : null}
    </Page>
  );
}

/** `#/destinations/<id>/edit`: the same form, prefilled; only what changed is sent ("Save destination"). */
export function EditDestination({ id }: { id: string }) {
  const { plugins, creds, error } = useFormData();
  const dst = useLoad(() => api<Destination>('GET', `/api/destinations/${encodeURIComponent(id)}`), [id]);
  const plugin = plugins.data?.plugins.find((p) => p.id === dst.data?.plugin);
  const credentials = creds.data?.credentials;
  const hints = useMemo(
    () => (plugin && credentials ? hintsFor(plugin, credentials, ['plugin']) : undefined),
    [plugin, credentials],
  );
  const back = `/destinations/${id}`;
  return (
    <Page
      title={dst.data ? `Edit ${dst.data.name}` : 'Edit destination'}
      actions={<a href={href(back)}>Back to the destination</a>}
    >
      <ErrorBanner error={error ?? dst.error} />
      {plugin && hints && dst.data ? (
        <SchemaForm
          key={dst.data.id}
          schema={plugin.destinationSchema}
          idPrefix="dst"
          hints={hints}
          existing={dst.data}
          intro={
            <p className="help">
              {plugin.label}: changing the credential or the settings tests the connection again.
            </p>
          }
          submitLabel="Save destination"
          onCancel={() => navigate(back)}
          onSubmit={async (body) => {
            await api('PATCH', `/api/destinations/${encodeURIComponent(id)}`, body);
            navigate(`${back}?saved=1`);
          }}
        />
      ) : dst.loading || plugins.loading ? (
        <Loading what="the destination" />
      ) : null}
    </Page>
  );
}
