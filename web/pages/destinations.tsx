import { api } from '../api';
import type { Answer } from '../api/types';
import { ErrorBanner, Loading, Page, useLoad, When } from '../components/ui';
import type { PluginsAnswer } from '../forms/api-types';
import { pluginLabel } from '../forms/api-types';
import { yesNo } from '../forms/connection-report';
import { DestinationDetail } from '../forms/destination-detail';
import { EditDestination, NewDestination } from '../forms/destination-form';
import '../forms/forms.css';
import { href, navigate } from '../router';
import type { PageProps } from './page-props';

/** Destinations: `#/destinations` (list), `/new`, `/<id>`, `/<id>/edit`; only admins create or change. */
export function DestinationsPage({ route, role }: PageProps) {
  const [, id, sub] = route.segments;
  if (id === 'new' && role === 'admin')
    return <NewDestination initialPlugin={route.query.get('plugin') ?? ''} />;
  if (id && sub === 'edit' && role === 'admin') return <EditDestination id={id} />;
  if (id && id !== 'new')
    return (
      <DestinationDetail
        id={id}
        role={role}
        flash={route.query.get('created') ? 'created' : route.query.get('saved') ? 'saved' : null}
      />
    );
  return <DestinationList role={role} />;
}

function DestinationList({ role }: { role: PageProps['role'] }) {
  const admin = role === 'admin';
  const dsts = useLoad(() => api<Answer<'/api/destinations'>>('GET', '/api/destinations'), []);
  const plugins = useLoad(() => api<PluginsAnswer>('GET', '/api/plugins'), []);
  // Only admins may list credentials; business users never see which credential a destination uses.
  const creds = useLoad(
    () => (admin ? api<Answer<'/api/credentials'>>('GET', '/api/credentials') : Promise.resolve(undefined)),
    [admin],
  );
  const credName = (cid: string | undefined) =>
    creds.data?.credentials.find((c) => c.id === cid)?.name ?? cid ?? '—';
  const list = dsts.data?.destinations;
  return (
    <Page
      title="Destinations"
      actions={
        admin ? (
          <button type="button" className="primary" onClick={() => navigate('/destinations/new')}>
            New destination
          </button>
        ) : null
      }
    >
      <p className="muted">
        A destination is where data goes in TikTok Ads Manager (custom audiences or offline events), with the
        credential that sends it and the settings its data templates share.
      </p>
      <ErrorBanner error={dsts.error ?? plugins.error ?? creds.error} />
      {!list ? (
        dsts.loading ? (
          <Loading what="destinations" />
        ) : null
      ) : list.length === 0 ? (
        <p className="muted">
          No destinations{admin ? ' yet: create one with New destination.' : ' are open to you.'}
        </p>
      ) : (
        <table className="record-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Plugin</th>
              {admin ? <th scope="col">Credential</th> : null}
              <th scope="col">Business users</th>
              <th scope="col">Campaigns</th>
              <th scope="col">Last tested</th>
            </tr>
          </thead>
          <tbody>
            {list.map((d) => (
              <tr key={d.id}>
                <th scope="row">
                  <a href={href(`/destinations/${d.id}`)}>{d.name}</a>
                </th>
                <td>{pluginLabel(plugins.data?.plugins, d.plugin)}</td>
                {admin ? <td>{credName(d.credentialId)}</td> : null}
                <td>{yesNo(d.businessUserAccess)}</td>
                <td>{yesNo(d.availableToCampaigns)}</td>
                <td className="small">
                  <When at={d.lastTestedAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}
