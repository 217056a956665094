// A destination's connection test, check by check (credential, token, advertisers, role, event set).

import { When } from '../components/ui';
import type { ConnectionReport } from './api-types';

const CHECK_CLASS: Record<string, string> = {
  passed: 'ok',
  ok: 'ok',
  failed: 'bad',
  skipped: '',
  warning: 'warn',
};

/** The verdict of a connection test, its message and each check with its detail. */
export function ConnectionResult({ report }: { report: ConnectionReport }) {
  return (
    <section className={`card connection ${report.ok ? 'ok' : 'bad'}`} aria-label="Connection test">
      <h3>
        Connection test{' '}
        <span className={`badge ${report.ok ? 'ok' : 'bad'}`}>{report.ok ? 'passed' : 'failed'}</span>{' '}
        <span className="muted small">
          <When at={report.testedAt} />
        </span>
      </h3>
      {report.message ? <p>{report.message}</p> : null}
      <ul className="check-list">
        {report.checks.map((c) => (
          <li key={c.check}>
            <span className={`badge ${CHECK_CLASS[c.status] ?? ''}`}>{c.status}</span>
            <span>
              <strong>{c.check}</strong>: {c.detail}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** "yes" / "no" for a table cell. */
export function yesNo(value: boolean): string {
  return value ? 'yes' : 'no';
}
