// The workflow action of a stopped workflow: what happened, likely causes, steps to fix, links, the error
// where it stopped (with the run's rejects when the action names a run), and the Resolve button that
// resumes the workflow from that step.

import { useId, useState } from 'react';
import { download, type Role } from '../api';
import { ActionButton, ErrorBanner } from '../components/ui';
import { href } from '../router';
import { ErrorFacts } from './error-facts';
import { actionRunId } from './origin';
import type { WorkflowAction } from './types';
import { keyLabel } from './values';

/** The action box (class `action-box`) with its Resolve button; `onResolve` posts the resolve. */
export function ActionBox(props: { action: WorkflowAction; role: Role; onResolve: () => Promise<unknown> }) {
  const { action } = props;
  const id = useId();
  const [error, setError] = useState<Error | undefined>();
  const credentialsLink = action.type === 'invalid_credentials' && props.role === 'admin';
  const links = action.links ?? [];
  // The invalid-input action names the run that rejected every row; runs and their rejects are for admins.
  const runId = props.role === 'admin' ? actionRunId(action) : undefined;
  return (
    <section className="action-box" aria-labelledby={id}>
      <h2 id={id}>{action.title}</h2>
      <h3>What happened</h3>
      <p>{action.whatHappened}</p>
      <h3>Likely causes</h3>
      <ul>
        {action.likelyCauses.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
      <h3>Steps to fix</h3>
      <ol>
        {action.stepsToFix.map((s) => (
          <li key={s}>{s}</li>
        ))}
      </ol>
      {links.length > 0 || credentialsLink ? (
        <div className="action-links">
          {credentialsLink ? <a href={href('/credentials')}>Go to credentials</a> : null}
          {links.map((l) => (
            <a key={l.url} href={l.url} target="_blank" rel="noopener noreferrer">
              {l.label} ↗
            </a>
          ))}
        </div>
      ) : null}
      {action.resumesAt ? (
        <p className="action-resumes">
          Continues by itself at <strong>{action.resumesAt.slice(11, 16)} UTC</strong> (
          {action.resumesAt.slice(0, 10)}); Resolve continues it sooner.
        </p>
      ) : null}
      <h3>Where it stopped</h3>
      <p>
        Step <strong>{keyLabel(action.step)}</strong>
      </p>
      {action.error ? <ErrorFacts error={action.error} /> : null}
      {runId ? (
        <p className="action-run">
          <ActionButton
            onClick={async () => {
              setError(undefined);
              await download(`/api/runs/${encodeURIComponent(runId)}/rejects`, `rejects-${runId}.csv`);
            }}
            onError={setError}
          >
            Download rejects
          </ActionButton>
          <a href={href(`/runs/${runId}`)}>Open the run</a>
        </p>
      ) : null}
      <p className="resolve-row">
        <ActionButton
          kind="primary"
          onClick={async () => {
            setError(undefined);
            await props.onResolve();
          }}
          onError={setError}
        >
          Resolve
        </ActionButton>
        <span className="muted">
          Resumes the workflow from this step with the configuration as it is now.
        </span>
      </p>
      <ErrorBanner error={error} />
    </section>
  );
}
