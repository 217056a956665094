// `#/destinations/<id>`: a destination's settings, its data templates, and (admins) Edit, Test connection,
// Delete. Business users see what the destination view gives them (never its credential) and no buttons.

import { useState, type ReactNode } from 'react';
import { api, type Role } from '../api';
import type { Answer } from '../api/types';
import { ActionButton, ErrorBanner, Facts, Loading, Notice, Page, useLoad, When } from '../components/ui';
import { href, navigate } from '../router';
import type { ConnectionReport, Destination, PluginsAnswer } from './api-types';
import { pluginLabel, settingsFacts } from './api-types';
import { ConnectionResult, yesNo } from './connection-report';

/** The destination page; `flash` is `created` or `saved` after the forms. */
export function DestinationDetail(props: { id: string; role: Role; flash: string | null }) {
  const { id, role } = props;
  const admin = role === 'admin';
  const url = `/api/destinations/${encodeURIComponent(id)}`;
  const dst = useLoad(() => api<Destination>('GET', url), [url]);
  const plugins = useLoad(() => api<PluginsAnswer>('GET', '/api/plugins'), []);
  const templates = useLoad(() => api<Answer<'/api/templates'>>('GET', '/api/templates'), []);
  // Business users may not list credentials (and the view hides the credential from them anyway).
  const creds = useLoad(
    () => (admin ? api<Answer<'/api/credentials'>>('GET', '/api/credentials') : Promise.resolve(undefined)),
    [admin],
  );
  const [report, setReport] = useState<ConnectionReport | undefined>();
  const [error, setError] = useState<Error | undefined>();

  const d = dst.data;
  if (!d) {
    return (
      <Page title="Destination">
        <ErrorBanner error={dst.error} />
        {dst.loading ? <Loading what="the destination" /> : null}
      </Page>
    );
  }
  const plugin = plugins.data?.plugins.find((p) => p.id === d.plugin);
  const credential = creds.data?.credentials.find((c) => c.id === d.credentialId);
  const own = templates.data?.templates.filter((t) => t.destinationId === d.id) ?? [];
  const settings = settingsFacts(d.settings, plugin);

  const credentialText = credential ? `${credential.name} (${credential.status})` : (d.credentialId ?? '—');
  const facts: [string, ReactNode][] = [
    ['Plugin', pluginLabel(plugins.data?.plugins, d.plugin)],
    ...(admin ? [['Credential', credentialText] as [string, ReactNode]] : []),
    ['Business users', yesNo(d.businessUserAccess)],
    ['Campaigns', yesNo(d.availableToCampaigns)],
    ['Last tested', <When key="t" at={d.lastTestedAt} />],
    ['Updated', <When key="u" at={d.updatedAt} />],
  ];

  const actions = admin ? (
    <>
      <button type="button" className="plain" onClick={() => navigate(`/destinations/${d.id}/edit`)}>
        Edit
      </button>
      <ActionButton
        kind="primary"
        onError={setError}
        onClick={async () => {
          setError(undefined);
          setReport(await api<ConnectionReport>('POST', `${url}/test`));
          await dst.reload();
        }}
      >
        Test connection
      </ActionButton>
      <ActionButton
        kind="danger"
        onError={setError}
        onClick={async () => {
          if (!window.confirm(`Delete destination ${d.name}?`)) return;
          await api('DELETE', url);
          navigate('/destinations');
        }}
      >
        Delete
      </ActionButton>
    </>
  ) : null;

  return (
    <Page title={d.name} actions={actions}>
      <p>
        <a href={href('/destinations')}>All destinations</a>
      </p>
      {props.flash === 'created' ? (
        <Notice>Destination {d.name} created; its connection test passed.</Notice>
      ) : null}
      {props.flash === 'saved' ? <Notice>Destination {d.name} saved.</Notice> : null}
      <ErrorBanner error={error} />
      {report ? <ConnectionResult report={report} /> : null}
      <div className="card">
        {d.description ? <p>{d.description}</p> : null}
        <Facts items={facts} />
      </div>
      <h2>Settings</h2>
      <div className="card">
        {settings.length ? (
          <Facts items={settings} />
        ) : (
          <p className="muted">No settings here: its data templates (or orchestrations) give them.</p>
        )}
      </div>
      <h2>Data templates</h2>
      {own.length ? (
        <ul>
          {own.map((t) => (
            <li key={t.id}>
              <a href={href(`/templates/${t.id}`)}>{t.name}</a>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No data template uses this destination yet.</p>
      )}
      {admin ? (
        <p>
          <a href={href(`/templates/new?destination=${encodeURIComponent(d.id)}`)}>
            New data template for it
          </a>
        </p>
      ) : null}
    </Page>
  );
}
