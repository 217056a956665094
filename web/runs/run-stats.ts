// The numbers behind the runs pages and their charts, kept free of React and of the DOM so they can be
// tested on their own.

import type { Plugin } from '../forms/api-types';
import type { AudienceReport, EventsReport, JsonObject, Run, Workflow, WorkflowDetails } from './types';

/** The volumes of one run: rows read, what was sent, what was rejected. */
export interface Volumes {
  read: number;
  sent: number;
  rejected: number;
}

/** One run's volumes, labelled for a chart. */
export interface VolumePoint extends Volumes {
  runId: string;
  kind: Run['kind'];
  label: string;
  at: string;
}

/** One audience's match rate after one run. */
export interface RatePoint {
  runId: string;
  at: number;
  rate: number;
}

/** The match rates of one audience, oldest first. */
export interface RateSeries {
  name: string;
  points: RatePoint[];
}

const num = (n: unknown): number => (typeof n === 'number' && Number.isFinite(n) ? n : 0);

/** The sum of a record of counts (rejects per reason); 0 for none. */
export function sumCounts(counts: Record<string, number> | null | undefined): number {
  return Object.values(counts ?? {}).reduce((a, n) => a + num(n), 0);
}

/** Which report a JSON value is (workflow step outputs hold one), or null when it is none. */
export function reportKind(value: unknown): Run['kind'] | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const v = value as JsonObject;
  if ('rowsWithIdentifier' in v && 'audienceName' in v) return 'audience';
  if ('eventsBuilt' in v && 'acknowledged' in v) return 'events';
  return null;
}

/**
 * Rejected values of a report: an audience report counts invalid values and rows without identifier per
 * reason; an events report counts refused rows and refused events.
 */
export function rejectedTotal(kind: Run['kind'], report: JsonObject | null): number {
  if (!report) return 0;
  if (kind === 'audience') return sumCounts((report as AudienceReport).rejected);
  const rejected = (report as EventsReport).rejected;
  return num(rejected?.rows) + num(rejected?.events);
}

/**
 * What a run sent: for an audience, the identifiers in its requests (added + removed when an older report
 * lacks the count); for events, what TikTok acknowledged.
 */
export function sentTotal(kind: Run['kind'], report: JsonObject | null): number {
  if (!report) return 0;
  if (kind === 'events') return num((report as EventsReport).acknowledged);
  const r = report as AudienceReport;
  return typeof r.identifiersSent === 'number' ? r.identifiersSent : num(r.added) + num(r.removed);
}

/** Rows read, sent and rejected by one run. */
export function runVolumes(run: Pick<Run, 'kind' | 'report'>): Volumes {
  return {
    read: num(run.report?.rowsRead),
    sent: sentTotal(run.kind, run.report),
    rejected: rejectedTotal(run.kind, run.report),
  };
}

/** What a run was for: its audience name or its event set id. */
export function runSubject(run: Pick<Run, 'kind' | 'params' | 'report'>): string {
  const pick = (...values: unknown[]) => values.find((v) => typeof v === 'string' && v !== '') as string;
  if (run.kind === 'audience') {
    return pick(run.report?.audienceName, run.params.audienceName) ?? 'audience';
  }
  return pick(run.params.eventSetId, run.report?.eventSetId) ?? 'events';
}

/** How long a run took: the report's duration, or the time between start and end. */
export function runDuration(run: Pick<Run, 'startedAt' | 'finishedAt' | 'report'>): number | null {
  const reported = run.report?.durationMs;
  if (typeof reported === 'number') return reported;
  if (!run.finishedAt) return null;
  return Date.parse(run.finishedAt) - Date.parse(run.startedAt);
}

/** The volumes of the `max` most recent runs that have a report, oldest first (runs come newest first). */
export function volumeSeries(runs: Run[], max = 20): VolumePoint[] {
  return runs
    .filter((r) => r.report)
    .sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt))
    .slice(0, max)
    .reverse()
    .map((r) => ({ runId: r.id, kind: r.kind, label: runSubject(r), at: r.startedAt, ...runVolumes(r) }));
}

/** Matched TikTok users over the rows with an identifier; null when TikTok had not computed it yet. */
export function matchRate(report: AudienceReport | null | undefined): number | null {
  const cover = report?.matched?.coverNum;
  const people = report?.rowsWithIdentifier;
  if (typeof cover !== 'number' || typeof people !== 'number' || people <= 0) return null;
  return cover / people;
}

/** Each audience's match rate over time, one series per audience name (sorted), points oldest first. */
export function matchRateSeries(runs: Run[]): RateSeries[] {
  const byName = new Map<string, RatePoint[]>();
  for (const run of runs) {
    if (run.kind !== 'audience' || !run.report) continue;
    const rate = matchRate(run.report);
    if (rate === null) continue;
    const name = runSubject(run);
    const points = byName.get(name) ?? [];
    points.push({ runId: run.id, at: Date.parse(run.startedAt), rate });
    byName.set(name, points);
  }
  return [...byName.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, points]) => ({ name, points: points.sort((a, b) => a.at - b.at) }));
}

/**
 * The distinct run times of the series, oldest first: the match-rate chart spaces runs evenly along them,
 * because runs come in bursts (a day's schedule, a retry) that a linear time axis would pile up.
 */
export function rateTimeline(series: RateSeries[]): number[] {
  return [...new Set(series.flatMap((s) => s.points.map((p) => p.at)))].sort((a, b) => a - b);
}

/** A round axis maximum at or above `n`: 1, 2 or 5 times a power of ten (1 for 0). */
export function niceCeiling(n: number): number {
  if (!(n > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(n));
  const step = [1, 2, 5, 10].find((m) => m * power >= n - 1e-9) ?? 10;
  return step * power;
}

/** How many steps make round ticks up to a {@link niceCeiling} maximum: 5 for 1 and 5, 4 for 2. */
export function tickCount(max: number): number {
  const lead = Math.round(max / 10 ** Math.floor(Math.log10(max)));
  return lead === 2 ? 4 : 5;
}

/** `count` + 1 evenly spaced ticks from 0 to `max`. */
export function axisTicks(max: number, count = 4): number[] {
  return Array.from({ length: count + 1 }, (_, i) => (max * i) / count);
}

/** A count in few characters for an axis: 950, 1.2k, 3.4M. */
export function compactNumber(n: number): string {
  const abs = Math.abs(n);
  const short = (v: number, unit: string) => `${Number(v.toFixed(1))}${unit}`;
  if (abs >= 1e9) return short(n / 1e9, 'B');
  if (abs >= 1e6) return short(n / 1e6, 'M');
  if (abs >= 1e3) return short(n / 1e3, 'k');
  return String(Math.round(n));
}

/** A rate (0.853) as a percentage with one decimal ("85.3%"); '—' for none. */
export function formatPercent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return '—';
  return `${(rate * 100).toFixed(1)}%`;
}

/** What the web app needs of a destination plugin to match its runs (GET /api/plugins). */
export type RunPlugin = Pick<Plugin, 'id' | 'report'>;

/**
 * Whether a workflow's resolved settings send to what a run sent to: its destination records runs of this
 * kind, and its target setting (an audience name, an event set) names the run's subject.
 */
export function sameTarget(
  run: Pick<Run, 'kind' | 'params' | 'report'>,
  workflow: Pick<Workflow, 'settings'>,
  plugins: RunPlugin[],
) {
  const plugin = plugins.find((p) => p.id === workflow.settings.plugin);
  if (!plugin || plugin.report.runKind !== run.kind) return false;
  const settings = (workflow.settings.settings ?? {}) as JsonObject;
  const target = plugin.report.targetSetting ? settings[plugin.report.targetSetting] : undefined;
  if (typeof target === 'string' || typeof target === 'number') return String(target) === runSubject(run);
  return target === undefined;
}

/** Workflows under way when a run started and sending to the same target: the ones that may have made it. */
export function workflowCandidates(
  run: Pick<Run, 'kind' | 'params' | 'report' | 'startedAt'>,
  workflows: Workflow[],
  plugins: RunPlugin[],
) {
  const at = Date.parse(run.startedAt);
  return workflows.filter(
    (w) =>
      Date.parse(w.createdAt) <= at &&
      (w.finishedAt === null || Date.parse(w.finishedAt) >= at) &&
      sameTarget(run, w, plugins),
  );
}

/** The run ids in a workflow's step results (the reports of its audience and events steps). */
export function stepRunIds(workflow: Pick<WorkflowDetails, 'steps'>): string[] {
  return workflow.steps
    .map((s) => (reportKind(s.output) ? (s.output as { runId?: unknown }).runId : undefined))
    .filter((id): id is string => typeof id === 'string');
}
