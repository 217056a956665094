// #/orchestrations: every orchestration with where it sends, when it runs and how its last run went.
import { api } from '../api';
import type { Answer } from '../api/types';
import { formatNumber, useLoad } from '../components/ui';
import { href } from '../router';
import { lastRuns, loadTargets, nameOf } from './lookups';
import { LastRunCell, RunnableList } from './runnable-list';
import { scheduleText } from './schedule';

async function load() {
  const [{ orchestrations }, targets, last] = await Promise.all([
    api<Answer<'/api/orchestrations'>>('GET', '/api/orchestrations'),
    loadTargets(),
    lastRuns('orchestration'),
  ]);
  return { orchestrations, ...targets, last };
}

/** The list of orchestrations with a "New orchestration" button. */
export function OrchestrationList() {
  const { data, error, loading } = useLoad(load, []);
  return (
    <RunnableList
      title="Orchestrations"
      newLabel="New orchestration"
      newPath="/orchestrations/new"
      what="orchestrations"
      error={error}
      loading={loading}
      empty="No orchestration yet: create one to send a query to a destination."
      head={
        <>
          <th>Name</th>
          <th>Destination</th>
          <th>Data template</th>
          <th>Schedule</th>
          <th>Last run</th>
          <th className="num">Skipped runs</th>
        </>
      }
      rows={data?.orchestrations.map((o) => (
        <tr key={o.id}>
          <td>
            <a href={href(`/orchestrations/${o.id}`)}>{o.name}</a>
          </td>
          <td>{nameOf(data.destinations, o.destinationId)}</td>
          <td>{nameOf(data.templates, o.templateId)}</td>
          <td className="mono">{scheduleText(o.schedule)}</td>
          <LastRunCell last={data.last.get(o.id)} />
          <td className="num">{formatNumber(o.skippedRuns)}</td>
        </tr>
      ))}
    />
  );
}
