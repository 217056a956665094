// The workflows list: status, kind, what it runs for, where it is; filtered by status, refreshed while
// a workflow is queued or running.

import { useCallback } from 'react';
import { api, type Role } from '../api';
import type { Answer } from '../api/types';
import { ErrorBanner, Loading, Page, StatusBadge, useInterval, useLoad, When } from '../components/ui';
import { href, navigate, type Route } from '../router';
import { subjectTitle, useSubjectNames } from './subject-names';
import { keyLabel } from './values';

const STATUSES = ['action_required', 'failed', 'queued', 'running', 'succeeded'];

/** `#/workflows[?status=...]`: the latest workflows, newest first. */
export function WorkflowList({ route, role }: { route: Route; role: Role }) {
  const status = route.query.get('status') ?? '';
  const { data, error, reload } = useLoad(
    () =>
      api<Answer<'/api/workflows'>>('GET', `/api/workflows?limit=200${status ? `&status=${status}` : ''}`),
    [status],
  );
  const tick = useCallback(() => void reload(), [reload]);
  const names = useSubjectNames(role);
  const workflows = data?.workflows ?? [];
  const active = workflows.some((w) => w.status === 'queued' || w.status === 'running');
  useInterval(tick, active ? 3000 : null);
  return (
    <Page
      title="Workflows"
      actions={
        <button type="button" onClick={() => void reload()}>
          Refresh
        </button>
      }
    >
      <div className="toolbar">
        <div className="field">
          <label htmlFor="workflow-status">Status</label>
          <select
            id="workflow-status"
            value={status}
            onChange={(e) => navigate(e.target.value ? `/workflows?status=${e.target.value}` : '/workflows')}
          >
            <option value="">All statuses</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {keyLabel(s)}
              </option>
            ))}
          </select>
        </div>
        {active ? (
          <p className="muted" role="status">
            Refreshing every 3 s while a workflow is queued or running.
          </p>
        ) : null}
      </div>
      <ErrorBanner error={error} />
      {!data ? (
        error ? null : (
          <Loading what="workflows" />
        )
      ) : workflows.length === 0 ? (
        <p className="muted">
          {status ? `No workflow is ${keyLabel(status).toLowerCase()}.` : 'No workflow yet.'}
        </p>
      ) : (
        <table>
          <caption className="sr-only">Workflows, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Status</th>
              <th scope="col">Kind</th>
              <th scope="col">Subject</th>
              <th scope="col">Current step</th>
              <th scope="col">Created</th>
              <th scope="col">Finished</th>
            </tr>
          </thead>
          <tbody>
            {workflows.map((w) => (
              <tr key={w.id} className="link-row" onClick={() => navigate(`/workflows/${w.id}`)}>
                <td>
                  <StatusBadge status={w.status} />
                </td>
                <td>{w.kind}</td>
                <td>
                  <a href={href(`/workflows/${w.id}`)} onClick={(e) => e.stopPropagation()}>
                    {subjectTitle(w.subject, names)}
                  </a>
                  {w.subject.destinationId && (w.subject.orchestrationId || w.subject.campaignId) ? (
                    <div className="muted">
                      to {names.get(w.subject.destinationId) ?? w.subject.destinationId}
                    </div>
                  ) : null}
                  {w.action ? <div className="step-error">{w.action.title}</div> : null}
                </td>
                <td>{w.currentStep ? keyLabel(w.currentStep) : <span className="muted">—</span>}</td>
                <td className="nowrap">
                  <When at={w.createdAt} />
                </td>
                <td className="nowrap">
                  <When at={w.finishedAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}
