// #/orchestrations: every orchestration with where it sends, when it runs and how its last run went.
import { api } from '../api';
import { ErrorBanner, Loading, Page, StatusBadge, When, formatNumber, useLoad } from '../components/ui';
import { href, navigate } from '../router';
import { latestBySubject, loadTargets, nameOf, workflowsOf } from './lookups';
import { scheduleText } from './schedule';
import type { Orchestration } from './types';

async function load() {
  const [{ orchestrations }, targets, workflows] = await Promise.all([
    api<{ orchestrations: Orchestration[] }>('GET', '/api/orchestrations'),
    loadTargets(),
    // The last run is a nicety: the list still shows when workflows cannot be read.
    workflowsOf('orchestration', 'orchestrationId').catch(() => []),
  ]);
  return { orchestrations, ...targets, last: latestBySubject(workflows, 'orchestrationId') };
}

/** The list of orchestrations with a "New orchestration" button. */
export function OrchestrationList() {
  const { data, error, loading } = useLoad(load, []);
  return (
    <Page
      title="Orchestrations"
      actions={
        <button type="button" className="primary" onClick={() => navigate('/orchestrations/new')}>
          New orchestration
        </button>
      }
    >
      <ErrorBanner error={error} />
      {loading && !data ? <Loading what="orchestrations" /> : null}
      {data && data.orchestrations.length === 0 ? (
        <p className="muted">No orchestration yet: create one to send a query to a destination.</p>
      ) : null}
      {data && data.orchestrations.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th>Name</th>
              <th>Destination</th>
              <th>Data template</th>
              <th>Schedule</th>
              <th>Last run</th>
              <th className="num">Skipped runs</th>
            </tr>
          </thead>
          <tbody>
            {data.orchestrations.map((o) => {
              const last = data.last.get(o.id);
              return (
                <tr key={o.id}>
                  <td>
                    <a href={href(`/orchestrations/${o.id}`)}>{o.name}</a>
                  </td>
                  <td>{nameOf(data.destinations, o.destinationId)}</td>
                  <td>{nameOf(data.templates, o.templateId)}</td>
                  <td className="mono">{scheduleText(o.schedule)}</td>
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
                  <td className="num">{formatNumber(o.skippedRuns)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
    </Page>
  );
}
