// One run: its report, its error when it failed, its parameters, its rejects and the workflow that made it.

import { useCallback, useState } from 'react';
import { api, download } from '../api';
import {
  ActionButton,
  ErrorBanner,
  Facts,
  formatDuration,
  Loading,
  Page,
  StatusBadge,
  useInterval,
  useLoad,
  When,
} from '../components/ui';
import { href } from '../router';
import { ErrorFacts } from './error-facts';
import { RunReport } from './report';
import { rejectedTotal, runDuration, runSubject } from './run-stats';
import { useRunWorkflow, type RunWorkflow } from './run-workflow';
import type { Run } from './types';
import { keyLabel, ValueTable } from './values';

/** The workflow that made the run: exactly when the run names it, else the likely one, else why not. */
function WorkflowLink({ made }: { made: RunWorkflow | null | undefined }) {
  if (!made)
    return (
      <span className="muted">
        {made === undefined ? 'looking…' : 'none found (run from the command line?)'}
      </span>
    );
  return (
    <>
      <a href={href(`/workflows/${made.id}`)}>
        {made.exact ? '' : 'likely '}
        {made.kind ?? 'its'} workflow
      </a>
      {made.step ? (
        <span className="muted">
          {' '}
          — step {keyLabel(made.step).toLowerCase()}, attempt {made.attempt}
        </span>
      ) : null}
    </>
  );
}

/** The run page (`#/runs/<id>`); refreshed while the run is running. */
export function RunDetail({ id }: { id: string }) {
  const {
    data: run,
    error,
    reload,
  } = useLoad(() => api<Run>('GET', `/api/runs/${encodeURIComponent(id)}`), [id]);
  const tick = useCallback(() => void reload(), [reload]);
  useInterval(tick, run?.status === 'running' ? 3000 : null);
  const made = useRunWorkflow(run);
  const [downloadError, setDownloadError] = useState<Error | undefined>();
  const title = run
    ? `${run.kind === 'audience' ? 'Audience sync' : 'Events send'}: ${runSubject(run)}`
    : 'Run';
  const rejects = run ? rejectedTotal(run.kind, run.report) : 0;
  return (
    <Page
      title={title}
      actions={
        <>
          <a className="back-link" href={href('/runs')}>
            ← All runs
          </a>
          {run && rejects > 0 ? (
            <ActionButton
              onClick={async () => {
                setDownloadError(undefined);
                await download(`/api/runs/${run.id}/rejects`, `rejects-${run.id}.csv`);
              }}
              onError={setDownloadError}
            >
              Download rejects
            </ActionButton>
          ) : null}
        </>
      }
    >
      <ErrorBanner error={error} />
      <ErrorBanner error={downloadError} />
      {!run ? (
        error ? null : (
          <Loading what="the run" />
        )
      ) : (
        <>
          <div className="card">
            <Facts
              items={[
                [
                  'Status',
                  <span key="s">
                    <StatusBadge status={run.status} />
                    {run.pause ? <span className="muted"> {run.pause.message}</span> : null}
                  </span>,
                ],
                ['Kind', run.kind],
                ['Started', <When key="w" at={run.startedAt} />],
                ['Finished', <When key="f" at={run.finishedAt} />],
                ['Duration', formatDuration(runDuration(run))],
                ['Workflow', <WorkflowLink key="wf" made={made} />],
                [
                  'Run id',
                  <span key="id" className="mono">
                    {run.id}
                  </span>,
                ],
              ]}
            />
          </div>
          {run.error ? (
            <section className="card" aria-labelledby="run-error">
              <h2 id="run-error">Error</h2>
              <ErrorFacts error={run.error} />
            </section>
          ) : null}
          <section className="card" aria-labelledby="run-report">
            <h2 id="run-report">Report</h2>
            {run.report ? (
              <RunReport kind={run.kind} report={run.report} />
            ) : (
              <p className="muted">
                {run.status === 'running' ? 'This run has no report yet.' : 'This run left no report.'}
              </p>
            )}
          </section>
          <section className="card" aria-labelledby="run-params">
            <h2 id="run-params">Parameters</h2>
            <ValueTable value={run.params} caption="Parameters of the run" />
          </section>
        </>
      )}
    </Page>
  );
}
