// The runs a workflow made (`GET /api/runs?workflowId=`): each attempt of its audience or events step made
// a run of its own (a failed attempt, then the one after Resolve), each linked to its run page.

import { useId } from 'react';
import { api } from '../api';
import type { Answer } from '../api/types';
import { ErrorBanner, formatDuration, formatNumber, StatusBadge, useLoad, When } from '../components/ui';
import { href } from '../router';
import { runOrigin } from './origin';
import { runDuration, runVolumes } from './run-stats';
import { keyLabel } from './values';

/**
 * "Runs of this workflow", newest first; `version` (e.g. the workflow's last update) reloads the list when
 * the workflow moved on. Runs made before runs named their workflow are not listed.
 */
export function WorkflowRuns({ workflowId, version }: { workflowId: string; version: string }) {
  const id = useId();
  const { data, error } = useLoad(
    () => api<Answer<'/api/runs'>>('GET', `/api/runs?workflowId=${encodeURIComponent(workflowId)}&limit=100`),
    [workflowId, version],
  );
  const runs = data?.runs ?? [];
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>Runs of this workflow</h2>
      <ErrorBanner error={error} />
      {!data ? null : runs.length === 0 ? (
        <p className="muted">This workflow has made no run yet.</p>
      ) : (
        <table>
          <caption className="sr-only">Runs this workflow made, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Run</th>
              <th scope="col">Step</th>
              <th scope="col" className="num">
                Attempt
              </th>
              <th scope="col">Status</th>
              <th scope="col" className="num">
                Rows read
              </th>
              <th scope="col" className="num">
                Sent
              </th>
              <th scope="col" className="num">
                Rejected
              </th>
              <th scope="col" className="num">
                Duration
              </th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => {
              const origin = runOrigin(run);
              const v = runVolumes(run);
              const has = run.report !== null;
              return (
                <tr key={run.id}>
                  <td className="nowrap">
                    <a href={href(`/runs/${run.id}`)}>
                      <When at={run.startedAt} />
                    </a>
                  </td>
                  <td>{origin ? keyLabel(origin.step) : '—'}</td>
                  <td className="num">{origin?.attempt ?? '—'}</td>
                  <td>
                    <StatusBadge status={run.status} />
                  </td>
                  <td className="num">{has ? formatNumber(v.read) : '—'}</td>
                  <td className="num">{has ? formatNumber(v.sent) : '—'}</td>
                  <td className="num">{has ? formatNumber(v.rejected) : '—'}</td>
                  <td className="num">{formatDuration(runDuration(run))}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
