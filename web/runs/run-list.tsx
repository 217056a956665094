// The runs list: charts of recent volumes and match rates, then every run with its main numbers.

import { useCallback, useMemo } from 'react';
import { api } from '../api';
import type { Answer } from '../api/types';
import {
  ErrorBanner,
  formatDuration,
  formatNumber,
  Loading,
  Page,
  StatusBadge,
  useInterval,
  useLoad,
  When,
} from '../components/ui';
import { href, navigate } from '../router';
import { MatchRateChart, VolumesChart } from './charts';
import { matchRateSeries, runDuration, runSubject, runVolumes, volumeSeries } from './run-stats';
import type { Run } from './types';

/** All runs (the latest 200), newest first, with charts over them; refreshed while one is running. */
export function RunList() {
  const { data, error, reload } = useLoad(() => api<Answer<'/api/runs'>>('GET', '/api/runs?limit=200'));
  const tick = useCallback(() => void reload(), [reload]);
  const runs = useMemo(() => data?.runs ?? [], [data]);
  const running = runs.some((r) => r.status === 'running');
  useInterval(tick, running ? 3000 : null);
  const volumes = useMemo(() => volumeSeries(runs, 20), [runs]);
  const rates = useMemo(() => matchRateSeries(runs), [runs]);
  return (
    <Page
      title="Runs"
      actions={
        <button type="button" onClick={() => void reload()}>
          Refresh
        </button>
      }
    >
      <ErrorBanner error={error} />
      {!data ? (
        error ? null : (
          <Loading what="runs" />
        )
      ) : runs.length === 0 ? (
        <p className="muted">No run yet. Run an orchestration or a campaign, and its runs appear here.</p>
      ) : (
        <>
          <div className="charts run-charts">
            <VolumesChart points={volumes} />
            <MatchRateChart series={rates} />
          </div>
          <RunTable runs={runs} />
        </>
      )}
    </Page>
  );
}

function RunTable({ runs }: { runs: Run[] }) {
  return (
    <table>
      <caption className="sr-only">Runs, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Kind</th>
          <th scope="col">Status</th>
          <th scope="col">What</th>
          <th scope="col">Started</th>
          <th scope="col" className="num">
            Duration
          </th>
          <th scope="col" className="num">
            Rows read
          </th>
          <th scope="col" className="num">
            Sent
          </th>
          <th scope="col" className="num">
            Rejected
          </th>
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => {
          const v = runVolumes(run);
          const has = run.report !== null;
          return (
            <tr key={run.id} className="link-row" onClick={() => navigate(`/runs/${run.id}`)}>
              <td>{run.kind}</td>
              <td>
                <StatusBadge status={run.status} />
              </td>
              <td>
                <a href={href(`/runs/${run.id}`)} onClick={(e) => e.stopPropagation()}>
                  {runSubject(run)}
                </a>
              </td>
              <td className="nowrap">
                <When at={run.startedAt} />
              </td>
              <td className="num">{formatDuration(runDuration(run))}</td>
              <td className="num">{has ? formatNumber(v.read) : '—'}</td>
              <td className="num">{has ? formatNumber(v.sent) : '—'}</td>
              <td className="num">{has ? formatNumber(v.rejected) : '—'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
