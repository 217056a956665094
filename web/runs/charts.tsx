// Two small inline SVG charts for the runs page (no chart library): volumes of recent runs as grouped
// bars, and each audience's match rate over time as lines. The numbers come from run-stats.ts.

import { useId, type ReactNode } from 'react';
import './runs.css';
import { formatNumber } from '../components/ui';
import { href } from '../router';
import {
  axisTicks,
  compactNumber,
  formatPercent,
  niceCeiling,
  rateTimeline,
  tickCount,
  type RateSeries,
  type VolumePoint,
} from './run-stats';

const W = 520;
const H = 240;
const M = { top: 22, right: 16, bottom: 42, left: 52 };
const PLOT_W = W - M.left - M.right;
const PLOT_H = H - M.top - M.bottom;

const VOLUME_SERIES = [
  { key: 'read', label: 'Rows read', color: '#94a3b8' },
  { key: 'sent', label: 'Sent', color: '#0e7490' },
  { key: 'rejected', label: 'Rejected', color: '#dc2626' },
] as const;

const LINE_COLORS = ['#0e7490', '#b45309', '#7c3aed', '#047857', '#be185d', '#1d4ed8', '#4b5563'];

const shortDate = (at: string | number) =>
  new Date(at).toLocaleString(undefined, {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });

/** A chart's frame: the heading that names it and a legend under the drawing. */
function ChartBox(props: { title: string; legend: { label: string; color: string }[]; children: ReactNode }) {
  const id = useId();
  return (
    <section className="chart run-chart" aria-labelledby={id}>
      <h3 id={id}>{props.title}</h3>
      {props.children}
      <ul className="chart-legend">
        {props.legend.map((l) => (
          <li key={l.label}>
            <span className="swatch" style={{ background: l.color }} aria-hidden="true" />
            {l.label}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Horizontal grid lines with their labels, and the y axis title. */
function YAxis(props: { max: number; label: string; format: (n: number) => string; ticks?: number }) {
  return (
    <g className="axis">
      {axisTicks(props.max, props.ticks ?? tickCount(props.max)).map((t) => {
        const y = M.top + PLOT_H - (t / props.max) * PLOT_H;
        return (
          <g key={t}>
            <line x1={M.left} x2={W - M.right} y1={y} y2={y} stroke="#e5e7eb" />
            <text x={M.left - 6} y={y + 4} textAnchor="end">
              {props.format(t)}
            </text>
          </g>
        );
      })}
      <text transform={`translate(13 ${M.top + PLOT_H / 2}) rotate(-90)`} textAnchor="middle">
        {props.label}
      </text>
    </g>
  );
}

/** Rows read, sent and rejected per run, oldest to newest; each group links to its run. */
export function VolumesChart({ points }: { points: VolumePoint[] }) {
  const summary = `Rows read, sent and rejected by the last ${points.length} runs, oldest to newest`;
  const max = niceCeiling(Math.max(0, ...points.flatMap((p) => [p.read, p.sent, p.rejected])));
  const group = PLOT_W / Math.max(points.length, 1);
  const bar = Math.min(14, (group * 0.8) / 3);
  const labelEvery = Math.ceil(points.length / 6);
  return (
    <ChartBox title="Volumes of recent runs" legend={[...VOLUME_SERIES]}>
      {points.length === 0 ? (
        <p className="muted">No run has a report yet.</p>
      ) : (
        <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary}>
          <title>{summary}</title>
          <YAxis max={max} label="Rows" format={compactNumber} />
          {points.map((p, i) => {
            const x0 = M.left + i * group + (group - bar * 3) / 2;
            return (
              <a key={p.runId} href={href(`/runs/${p.runId}`)}>
                {VOLUME_SERIES.map((s, j) => {
                  const h = (p[s.key] / max) * PLOT_H;
                  return (
                    <rect
                      key={s.key}
                      x={x0 + j * bar}
                      y={M.top + PLOT_H - h}
                      width={bar - 1}
                      height={h}
                      fill={s.color}
                    >
                      <title>{`${p.label} (${p.kind}), ${shortDate(p.at)}: ${s.label.toLowerCase()} ${formatNumber(p[s.key])}`}</title>
                    </rect>
                  );
                })}
                {i % labelEvery === 0 ? (
                  <text x={M.left + (i + 0.5) * group} y={H - M.bottom + 14} textAnchor="middle">
                    {i + 1}
                  </text>
                ) : null}
              </a>
            );
          })}
          <text className="axis-title" x={M.left + PLOT_W / 2} y={H - 6} textAnchor="middle">
            Runs, oldest → newest ({shortDate(points[0]?.at ?? 0)} – {shortDate(points.at(-1)?.at ?? 0)})
          </text>
        </svg>
      )}
    </ChartBox>
  );
}

/** Each audience's match rate (matched users over rows with an identifier) over time, as %. */
export function MatchRateChart({ series }: { series: RateSeries[] }) {
  const all = series.flatMap((s) => s.points);
  const names = series.map((s) => s.name).join(', ');
  const summary = `Match rate over time of ${series.length} audience${series.length === 1 ? '' : 's'}: ${names}`;
  const times = rateTimeline(series);
  const slot = PLOT_W / Math.max(times.length, 1);
  // Runs evenly spaced in time order, each in the middle of its slot so no label leaves the plot.
  const x = (at: number) => M.left + (times.indexOf(at) + 0.5) * slot;
  const max = Math.max(1, niceCeiling(Math.max(...all.map((p) => p.rate))));
  const y = (rate: number) => M.top + PLOT_H - (rate / max) * PLOT_H;
  const legend = series.map((s, i) => ({
    label: `${s.name} (last ${formatPercent(s.points.at(-1)?.rate)})`,
    color: LINE_COLORS[i % LINE_COLORS.length] ?? '#000',
  }));
  return (
    <ChartBox title="Audience match rate" legend={legend}>
      {all.length === 0 ? (
        <p className="muted">
          No audience run has a matched count yet: TikTok can take up to 48 hours to match an audience.
        </p>
      ) : (
        <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary}>
          <title>{summary}</title>
          <YAxis max={max} label="Matched" ticks={4 * max} format={(t) => `${Math.round(t * 100)}%`} />
          {series.map((s, i) => {
            const color = legend[i]?.color ?? '#000';
            const path = s.points.map((p) => `${x(p.at)},${y(p.rate)}`).join(' ');
            const end = s.points.at(-1);
            return (
              <g key={s.name}>
                <polyline points={path} fill="none" stroke={color} strokeWidth={2} />
                {s.points.map((p) => (
                  <a key={p.runId} href={href(`/runs/${p.runId}`)}>
                    <circle cx={x(p.at)} cy={y(p.rate)} r={4} fill={color}>
                      <title>{`${s.name}, ${shortDate(p.at)}: ${formatPercent(p.rate)}`}</title>
                    </circle>
                  </a>
                ))}
                {end ? (
                  <text x={x(end.at)} y={y(end.rate) - 8} textAnchor="middle" style={{ fill: color }}>
                    {formatPercent(end.rate)}
                  </text>
                ) : null}
              </g>
            );
          })}
          <text className="axis-title" x={M.left + PLOT_W / 2} y={H - 6} textAnchor="middle">
            {times.length > 1
              ? `Runs, oldest → newest (${shortDate(times[0] ?? 0)} – ${shortDate(times.at(-1) ?? 0)})`
              : `Run of ${shortDate(times[0] ?? 0)}`}
          </text>
        </svg>
      )}
    </ChartBox>
  );
}
