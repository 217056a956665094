import { api } from '../api';
import type { Answer } from '../api/types';
import { ErrorBanner, Loading, Page, useLoad } from '../components/ui';
import type { PluginsAnswer } from '../forms/api-types';
import { pluginLabel } from '../forms/api-types';
import { yesNo } from '../forms/connection-report';
import '../forms/forms.css';
import { TemplateDetail } from '../forms/template-detail';
import { EditTemplate, NewTemplate } from '../forms/template-form';
import { href, navigate } from '../router';
import type { PageProps } from './page-props';

/** Data templates: `#/templates` (list), `/new`, `/<id>`, `/<id>/edit`; only admins create or change. */
export function TemplatesPage({ route, role }: PageProps) {
  const [, id, sub] = route.segments;
  const flash = route.query.get('created') ? 'created' : route.query.get('saved') ? 'saved' : null;
  if (id === 'new' && role === 'admin')
    return <NewTemplate initialDestination={route.query.get('destination') ?? ''} />;
  if (id && sub === 'edit' && role === 'admin') return <EditTemplate id={id} />;
  if (id && id !== 'new') return <TemplateDetail id={id} role={role} flash={flash} />;
  return <TemplateList admin={role === 'admin'} />;
}

function TemplateList({ admin }: { admin: boolean }) {
  const tpls = useLoad(() => api<Answer<'/api/templates'>>('GET', '/api/templates'), []);
  const dsts = useLoad(() => api<Answer<'/api/destinations'>>('GET', '/api/destinations'), []);
  const plugins = useLoad(() => api<PluginsAnswer>('GET', '/api/plugins'), []);
  const destination = (id: string) => dsts.data?.destinations.find((d) => d.id === id);
  const list = tpls.data?.templates;
  return (
    <Page
      title="Data templates"
      actions={
        admin ? (
          <button type="button" className="primary" onClick={() => navigate('/templates/new')}>
            New data template
          </button>
        ) : null
      }
    >
      <p className="muted">
        A data template is what a destination sends (which custom audience, which event set): orchestrations
        and campaigns send through one.
      </p>
      <ErrorBanner error={tpls.error ?? dsts.error ?? plugins.error} />
      {!list ? (
        tpls.loading ? (
          <Loading what="data templates" />
        ) : null
      ) : list.length === 0 ? (
        <p className="muted">
          No data templates{admin ? ' yet: create one with New data template.' : ' are open to you.'}
        </p>
      ) : (
        <table className="record-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Destination</th>
              <th scope="col">Plugin</th>
              <th scope="col">Business users</th>
              <th scope="col">Campaigns</th>
            </tr>
          </thead>
          <tbody>
            {list.map((t) => {
              const d = destination(t.destinationId);
              return (
                <tr key={t.id}>
                  <th scope="row">
                    <a href={href(`/templates/${t.id}`)}>{t.name}</a>
                  </th>
                  <td>
                    {d ? (
                      <a href={href(`/destinations/${d.id}`)}>{d.name}</a>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td>{pluginLabel(plugins.data?.plugins, t.plugin)}</td>
                  <td>{yesNo(t.businessUserAccess)}</td>
                  <td title={t.campaignOffer.offered ? undefined : t.campaignOffer.reasons.join('; ')}>
                    {yesNo(t.campaignOffer.offered)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </Page>
  );
}
