// The recent workflows of an orchestration or a campaign, each linked to its workflow page.
import { ErrorBanner, Loading, StatusBadge, When, useLoad } from '../components/ui';
import { href } from '../router';
import { workflowsOf } from './lookups';

/** A table of the workflows whose subject names this orchestration or campaign. */
export function RecentWorkflows(props: {
  kind: 'orchestration' | 'campaign';
  subjectKey: 'orchestrationId' | 'campaignId';
  id: string;
}) {
  const { data, error, loading } = useLoad(
    () => workflowsOf(props.kind, props.subjectKey, props.id),
    [props.kind, props.subjectKey, props.id],
  );
  return (
    <section>
      <h2>Recent workflows</h2>
      <ErrorBanner error={error} />
      {loading && !data ? <Loading what="workflows" /> : null}
      {data && data.length === 0 ? <p className="muted">It has not run yet.</p> : null}
      {data && data.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th>Workflow</th>
              <th>Status</th>
              <th>Trigger</th>
              <th>Started</th>
              <th>Finished</th>
            </tr>
          </thead>
          <tbody>
            {data.slice(0, 20).map((w) => (
              <tr key={w.id}>
                <td>
                  <a href={href(`/workflows/${w.id}`)} className="mono">
                    {w.id.slice(0, 8)}
                  </a>
                </td>
                <td>
                  <StatusBadge status={w.status} />
                </td>
                <td>{typeof w.input?.trigger === 'string' ? w.input.trigger : '—'}</td>
                <td>
                  <When at={w.createdAt} />
                </td>
                <td>
                  <When at={w.finishedAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
