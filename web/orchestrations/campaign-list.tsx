// #/campaigns: the campaigns the key may see, with their template, schedule, control group and last run.
import { api } from '../api';
import type { Answer } from '../api/types';
import { useLoad } from '../components/ui';
import { href } from '../router';
import { campaignNames } from './campaign-lookups';
import { lastRuns, nameOf } from './lookups';
import { LastRunCell, RunnableList } from './runnable-list';
import { scheduleText } from './schedule';

async function load() {
  const [{ campaigns }, names, last] = await Promise.all([
    api<Answer<'/api/campaigns'>>('GET', '/api/campaigns'),
    campaignNames(),
    lastRuns('campaign'),
  ]);
  return { campaigns, ...names, last };
}

/** The list of campaigns with a "New campaign" button (both roles may create campaigns). */
export function CampaignList() {
  const { data, error, loading } = useLoad(load, []);
  const destinationOf = (templateId: string) => {
    const template = data?.templates.find((t) => t.id === templateId);
    return template ? nameOf(data?.destinations, template.destinationId) : '—';
  };
  return (
    <RunnableList
      title="Campaigns"
      newLabel="New campaign"
      newPath="/campaigns/new"
      what="campaigns"
      error={error}
      loading={loading}
      empty="No campaign yet: create one to send a segment through a data template."
      head={
        <>
          <th>Name</th>
          <th>Segment</th>
          <th>Data template</th>
          <th>Destination</th>
          <th>Schedule</th>
          <th className="num">Control group</th>
          <th>Last run</th>
        </>
      }
      rows={data?.campaigns.map((c) => (
        <tr key={c.id}>
          <td>
            <a href={href(`/campaigns/${c.id}`)}>{c.name}</a>
          </td>
          <td>{nameOf(data.segments, c.segmentId)}</td>
          <td>{nameOf(data.templates, c.templateId)}</td>
          <td>{destinationOf(c.templateId)}</td>
          <td className="mono">{scheduleText(c.schedule, 'one time')}</td>
          <td className="num">{c.controlGroupPercent} %</td>
          <LastRunCell last={data.last.get(c.id)} />
        </tr>
      ))}
    />
  );
}
