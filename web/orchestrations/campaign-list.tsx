// #/campaigns: the campaigns the key may see, with their template, schedule, control group and last run.
import { api } from '../api';
import { ErrorBanner, Loading, Page, StatusBadge, When, useLoad } from '../components/ui';
import { href, navigate } from '../router';
import { campaignNames } from './campaign-lookups';
import { latestBySubject, nameOf, workflowsOf } from './lookups';
import { scheduleText } from './schedule';
import type { Campaign } from './types';

async function load() {
  const [{ campaigns }, names, workflows] = await Promise.all([
    api<{ campaigns: Campaign[] }>('GET', '/api/campaigns'),
    campaignNames(),
    workflowsOf('campaign', 'campaignId').catch(() => []),
  ]);
  return { campaigns, ...names, last: latestBySubject(workflows, 'campaignId') };
}

/** The list of campaigns with a "New campaign" button (both roles may create campaigns). */
export function CampaignList() {
  const { data, error, loading } = useLoad(load, []);
  const destinationOf = (templateId: string) => {
    const template = data?.templates.find((t) => t.id === templateId);
    return template ? nameOf(data?.destinations, template.destinationId) : '—';
  };
  return (
    <Page
      title="Campaigns"
      actions={
        <button type="button" className="primary" onClick={() => navigate('/campaigns/new')}>
          New campaign
        </button>
      }
    >
      <ErrorBanner error={error} />
      {loading && !data ? <Loading what="campaigns" /> : null}
      {data && data.campaigns.length === 0 ? (
        <p className="muted">No campaign yet: create one to send an audience through a data template.</p>
      ) : null}
      {data && data.campaigns.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th>Name</th>
              <th>Data template</th>
              <th>Destination</th>
              <th>Schedule</th>
              <th className="num">Control group</th>
              <th>Last run</th>
            </tr>
          </thead>
          <tbody>
            {data.campaigns.map((c) => {
              const last = data.last.get(c.id);
              return (
                <tr key={c.id}>
                  <td>
                    <a href={href(`/campaigns/${c.id}`)}>{c.name}</a>
                  </td>
                  <td>{nameOf(data.templates, c.templateId)}</td>
                  <td>{destinationOf(c.templateId)}</td>
                  <td className="mono">{scheduleText(c.schedule, 'one time')}</td>
                  <td className="num">{c.controlGroupPercent} %</td>
                  <td>
                    {last ? (
                      <a href={href(`/workflows/${last.id}`)}>
                        <StatusBadge status={last.status} />
                      </a>
                    ) : (
                      <span className="muted">never run</span>
                    )}{' '}
                    {last ? <When at={last.finishedAt ?? last.createdAt} /> : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
    </Page>
  );
}
