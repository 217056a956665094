// One workflow (`#/workflows/<id>`): status, subject, its workflow action with Resolve, resolved settings,
// steps with their results, the runs it made (admins), and its status history. Followed while it is queued
// or running.

import { useCallback, useEffect, useState } from 'react';
import { api, type Role } from '../api';
import {
  ErrorBanner,
  Facts,
  Loading,
  Notice,
  Page,
  StatusBadge,
  useInterval,
  useLoad,
  When,
} from '../components/ui';
import { href } from '../router';
import { ActionBox } from './action';
import { ErrorFacts } from './error-facts';
import { Subject, subjectTitle, useSubjectNames } from './subject-names';
import type { Workflow, WorkflowDetails } from './types';
import { keyLabel } from './values';
import { HistoryTable, SettingsView, StepCard } from './workflow-parts';
import { WorkflowRuns } from './workflow-runs';

const ACTIVE = new Set(['queued', 'running']);

/** What became of a workflow after Resolve, in words. */
function outcomeText(w: Workflow): string {
  if (w.status === 'succeeded') return 'Resolved: the workflow went on and succeeded.';
  if (w.status === 'action_required')
    return `The workflow stopped again: ${w.action?.title ?? 'action required'}.`;
  const message = typeof w.error?.message === 'string' ? `: ${w.error.message}` : '.';
  return `The workflow failed${message}`;
}

export function WorkflowDetail({ id, role }: { id: string; role: Role }) {
  const {
    data: wf,
    error,
    reload,
    setData,
  } = useLoad(() => api<WorkflowDetails>('GET', `/api/workflows/${encodeURIComponent(id)}`), [id]);
  const tick = useCallback(() => void reload(), [reload]);
  const names = useSubjectNames(role);
  // After Resolve the page follows the workflow closely until it ends or stops again.
  const [following, setFollowing] = useState(false);
  const [outcome, setOutcome] = useState<string | undefined>();
  const active = wf ? ACTIVE.has(wf.status) : false;
  useInterval(tick, following ? 1500 : active ? 3000 : null);
  useEffect(() => {
    if (following && wf && !ACTIVE.has(wf.status)) {
      setFollowing(false);
      setOutcome(outcomeText(wf));
    }
  }, [following, wf]);

  const resolve = async () => {
    const next = await api<Workflow>('POST', `/api/workflows/${encodeURIComponent(id)}/resolve`);
    setOutcome(undefined);
    setData((old) => (old ? { ...old, ...next } : old));
    setFollowing(true);
  };

  return (
    <Page
      title={wf ? `Workflow: ${subjectTitle(wf.subject, names)}` : 'Workflow'}
      actions={
        <a className="back-link" href={href('/workflows')}>
          ← All workflows
        </a>
      }
    >
      <ErrorBanner error={error} />
      {!wf ? (
        error ? null : (
          <Loading what="the workflow" />
        )
      ) : (
        <>
          {following ? (
            <Notice>Resolving: the workflow is {keyLabel(wf.status).toLowerCase()}…</Notice>
          ) : null}
          {outcome ? <Notice>{outcome}</Notice> : null}
          <div className="card">
            <Facts
              items={[
                [
                  'Status',
                  <span key="s">
                    <StatusBadge status={wf.status} />
                    {wf.pause ? <span className="muted"> {wf.pause.message}</span> : null}
                  </span>,
                ],
                ['Kind', wf.kind],
                ['Subject', <Subject key="subj" subject={wf.subject} names={names} role={role} links />],
                ['Current step', wf.currentStep ? keyLabel(wf.currentStep) : '—'],
                ['Trigger', typeof wf.input.trigger === 'string' ? wf.input.trigger : '—'],
                ['Claimed', `${wf.runs} time${wf.runs === 1 ? '' : 's'}`],
                ['Created', <When key="c" at={wf.createdAt} />],
                ['Updated', <When key="u" at={wf.updatedAt} />],
                ['Finished', <When key="f" at={wf.finishedAt} />],
              ]}
            />
          </div>
          {wf.action && !following ? <ActionBox action={wf.action} role={role} onResolve={resolve} /> : null}
          {wf.error && !wf.action ? (
            <section className="card" aria-labelledby="wf-error">
              <h2 id="wf-error">Error</h2>
              <ErrorFacts error={wf.error} />
            </section>
          ) : null}
          <h2>Settings</h2>
          <div className="card">
            <SettingsView settings={wf.settings} />
          </div>
          <h2>Steps</h2>
          {wf.steps.length === 0 ? <p className="muted">No step has started yet.</p> : null}
          {wf.steps.map((s) => (
            <StepCard key={s.position} step={s} role={role} />
          ))}
          {role === 'admin' ? <WorkflowRuns workflowId={wf.id} version={wf.updatedAt} /> : null}
          <h2>History</h2>
          <HistoryTable history={wf.history} />
        </>
      )}
    </Page>
  );
}
