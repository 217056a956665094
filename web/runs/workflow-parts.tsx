// Parts of the workflow page: the resolved settings, the steps with their results, the status history.

import type { ReactNode } from 'react';
import type { Role } from '../api';
import { Facts, formatDuration, StatusBadge, When } from '../components/ui';
import { href } from '../router';
import { ErrorFacts } from './error-facts';
import { RunReport } from './report';
import { reportKind } from './run-stats';
import type { JsonObject, StatusChange, Step } from './types';
import { JsonValue, keyLabel, ValueTable } from './values';

const isEmpty = (v: unknown) =>
  v === null ||
  v === undefined ||
  (Array.isArray(v) && v.length === 0) ||
  (typeof v === 'object' && Object.keys(v).length === 0);

/** The resolved settings of the run: each plugin setting with where it came from, then the rest. */
export function SettingsView({ settings }: { settings: JsonObject }) {
  const values = (settings.settings ?? {}) as JsonObject;
  const sources = (settings.sources ?? {}) as Record<string, string>;
  const shown = ['settings', 'sources', 'kind'];
  const rest = Object.fromEntries(
    Object.entries(settings).filter(([k, v]) => !shown.includes(k) && !isEmpty(v)),
  );
  return (
    <div className="report-section">
      <div>
        <h3>Plugin settings</h3>
        <table className="compact">
          <thead>
            <tr>
              <th scope="col">Setting</th>
              <th scope="col">Value</th>
              <th scope="col">From</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(values).map(([k, v]) => (
              <tr key={k}>
                <th scope="row">{keyLabel(k)}</th>
                <td>
                  <JsonValue value={v} />
                </td>
                <td className="muted">{sources[k] ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div>
        <h3>Run</h3>
        <ValueTable value={rest} caption="Other resolved settings" />
      </div>
    </div>
  );
}

function duration(step: Step): number | null {
  if (!step.startedAt || !step.finishedAt) return null;
  return Date.parse(step.finishedAt) - Date.parse(step.startedAt);
}

/** A step's result: a run report with the same view as the run page, anything else as a table. */
function StepResult({ output, role }: { output: unknown; role: Role }) {
  const kind = reportKind(output);
  if (kind) {
    const report = output as JsonObject;
    const runId = typeof report.runId === 'string' ? report.runId : null;
    return (
      <>
        {runId && role === 'admin' ? (
          <p>
            <a href={href(`/runs/${runId}`)}>Open the run</a>
          </p>
        ) : null}
        <RunReport kind={kind} report={report} />
      </>
    );
  }
  if (output && typeof output === 'object' && !Array.isArray(output)) {
    return <ValueTable value={output as JsonObject} caption="Step result" />;
  }
  return <JsonValue value={output} />;
}

/** One step: status, attempts, timings, result and error. */
export function StepCard({ step, role }: { step: Step; role: Role }) {
  const facts: [string, ReactNode][] = [
    ['Attempts', step.attempts],
    ['Failures since last success', step.failures],
    ['Started', <When key="s" at={step.startedAt} />],
    ['Finished', <When key="f" at={step.finishedAt} />],
    ['Duration', formatDuration(duration(step))],
  ];
  return (
    <section className="card" aria-label={`Step ${step.position + 1}: ${keyLabel(step.name)}`}>
      <div className="step-head">
        <h3>
          {step.position + 1}. {keyLabel(step.name)}
        </h3>
        <StatusBadge status={step.status} />
      </div>
      <Facts items={facts} />
      {step.error ? (
        <>
          <h3>Error</h3>
          <ErrorFacts error={step.error} />
        </>
      ) : null}
      {step.output === null || step.output === undefined ? null : reportKind(step.output) ? (
        <>
          <h3>Result</h3>
          <StepResult output={step.output} role={role} />
        </>
      ) : (
        // Other results are details (the resolved settings are also shown above): folded when long.
        <details open={step.name !== 'resolve_settings'}>
          <summary>Result</summary>
          <StepResult output={step.output} role={role} />
        </details>
      )}
    </section>
  );
}

/** The status changes, oldest first. */
export function HistoryTable({ history }: { history: StatusChange[] }) {
  return (
    <table>
      <caption className="sr-only">Status changes, oldest first</caption>
      <thead>
        <tr>
          <th scope="col">At</th>
          <th scope="col">Change</th>
          <th scope="col">Step</th>
          <th scope="col">Note</th>
        </tr>
      </thead>
      <tbody>
        {history.map((h) => (
          <tr key={h.id}>
            <td>
              <When at={h.at} />
            </td>
            <td>
              {h.from ? (
                <>
                  <StatusBadge status={h.from} /> →{' '}
                </>
              ) : null}
              <StatusBadge status={h.to} />
            </td>
            <td>{h.step ? keyLabel(h.step) : <span className="muted">—</span>}</td>
            <td>
              {h.note ?? <span className="muted">—</span>}
              {h.detail && !isEmpty(h.detail) ? (
                <div className="muted">
                  {Object.entries(h.detail)
                    .map(([k, v]) => `${keyLabel(k).toLowerCase()}: ${String(v as string)}`)
                    .join(', ')}
                </div>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
