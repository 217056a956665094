// `#/templates/<id>`: a data template's settings, whether campaigns are offered it (and why not), and
// (admins) Edit and Delete.

import { useState, type ReactNode } from 'react';
import { api, type Role } from '../api';
import type { Answer } from '../api/types';
import { ActionButton, ErrorBanner, Facts, Loading, Notice, Page, useLoad, When } from '../components/ui';
import { href, navigate } from '../router';
import type { PluginsAnswer, Template } from './api-types';
import { pluginLabel, settingsFacts } from './api-types';
import { yesNo } from './connection-report';

/** The data template page; `flash` is `created` or `saved` after the forms. */
export function TemplateDetail(props: { id: string; role: Role; flash: string | null }) {
  const { id, role } = props;
  const url = `/api/templates/${encodeURIComponent(id)}`;
  const tpl = useLoad(() => api<Template>('GET', url), [url]);
  const plugins = useLoad(() => api<PluginsAnswer>('GET', '/api/plugins'), []);
  const dsts = useLoad(() => api<Answer<'/api/destinations'>>('GET', '/api/destinations'), []);
  const [error, setError] = useState<Error | undefined>();

  const t = tpl.data;
  if (!t) {
    return (
      <Page title="Data template">
        <ErrorBanner error={tpl.error} />
        {tpl.loading ? <Loading what="the data template" /> : null}
      </Page>
    );
  }
  const plugin = plugins.data?.plugins.find((p) => p.id === t.plugin);
  const destination = dsts.data?.destinations.find((d) => d.id === t.destinationId);
  const settings = settingsFacts(t.settings, plugin);
  const facts: [string, ReactNode][] = [
    [
      'Destination',
      destination ? (
        <a href={href(`/destinations/${destination.id}`)}>{destination.name}</a>
      ) : (
        t.destinationId
      ),
    ],
    ['Plugin', pluginLabel(plugins.data?.plugins, t.plugin)],
    ['Business users', yesNo(t.businessUserAccess)],
    ['Campaigns', yesNo(t.campaignOffer.offered)],
    ['Updated', <When key="u" at={t.updatedAt} />],
  ];

  const actions =
    role === 'admin' ? (
      <>
        <button type="button" className="plain" onClick={() => navigate(`/templates/${t.id}/edit`)}>
          Edit
        </button>
        <ActionButton
          kind="danger"
          onError={setError}
          onClick={async () => {
            if (!window.confirm(`Delete data template ${t.name}?`)) return;
            await api('DELETE', url);
            navigate('/templates');
          }}
        >
          Delete
        </ActionButton>
      </>
    ) : null;

  return (
    <Page title={t.name} actions={actions}>
      <p>
        <a href={href('/templates')}>All data templates</a>
      </p>
      {props.flash === 'created' ? <Notice>Data template {t.name} created.</Notice> : null}
      {props.flash === 'saved' ? <Notice>Data template {t.name} saved.</Notice> : null}
      <ErrorBanner error={error} />
      <div className="card">
        {t.description ? <p>{t.description}</p> : null}
        <Facts items={facts} />
        {t.availableToCampaigns && !t.campaignOffer.offered ? (
          <p className="help">Asked to be available to campaigns, but not offered them:</p>
        ) : null}
        {!t.campaignOffer.offered && t.campaignOffer.reasons.length ? (
          <ul className="small muted">
            {t.campaignOffer.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        ) : null}
      </div>
      <h2>Settings</h2>
      <div className="card">
        {settings.length ? (
          <Facts items={settings} />
        ) : (
          <p className="muted">No settings of its own: the destination&apos;s apply.</p>
        )}
      </div>
    </Page>
  );
}
