import type { ConnectionReport } from '../config/index.js';

/** The checks of a connection test, one per line. */
export function showReport(report: ConnectionReport): string {
  const lines = report.checks.map((c) => `  ${c.status.padEnd(7)} ${c.check.padEnd(12)} ${c.detail}`);
  const verdict = report.ok ? 'Connection OK' : `Connection failed (${report.problem}): ${report.message}`;
  return [verdict, ...lines].join('\n');
}
