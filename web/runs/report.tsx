// The report of a run (audience sync or events send) in words and numbers; shown on the run page and
// for the audience and events steps of a workflow.

import type { ReactNode } from 'react';
import { Facts, formatDuration, formatNumber } from '../components/ui';
import { formatPercent, matchRate } from './run-stats';
import type { AudienceReport, EventsReport, JsonObject, Run } from './types';
import { CountTable, ValueTable } from './values';

const n = (v: number | undefined | null) => formatNumber(v);

function Advice(props: { warnings?: string[] | undefined; notes?: string[] | undefined }) {
  const warnings = props.warnings ?? [];
  const notes = props.notes ?? [];
  if (warnings.length + notes.length === 0) return null;
  return (
    <ul className="report-advice" aria-label="Warnings and notes">
      {warnings.map((w) => (
        <li key={w} className="warning">
          <strong>Warning:</strong> {w}
        </li>
      ))}
      {notes.map((t) => (
        <li key={t} className="muted">
          {t}
        </li>
      ))}
    </ul>
  );
}

function Section(props: { title: string; children: ReactNode }) {
  return (
    <div>
      <h3>{props.title}</h3>
      {props.children}
    </div>
  );
}

function AudienceReportView({ r }: { r: AudienceReport }) {
  const rate = matchRate(r);
  const cover = r.matched?.coverNum;
  const facts: [string, ReactNode][] = [
    ['Audience', r.audienceName ?? '—'],
    ['Audience id', r.audienceId ?? '—'],
    ['Advertisers', r.advertiserIds?.join(', ') || '—'],
    ['Mode', r.mode ?? '—'],
    ['Rows read', n(r.rowsRead)],
    ['Rows with identifier', n(r.rowsWithIdentifier)],
    ...Object.entries(r.validIdentifiers ?? {}).map(([type, count]): [string, ReactNode] => [
      `Valid ${type} identifiers`,
      n(count),
    ]),
    [r.status === 'dry_run' ? 'To add' : 'Added', n(r.added)],
    [r.status === 'dry_run' ? 'To remove' : 'Removed', n(r.removed)],
    ['Unchanged', n(r.unchanged)],
    ['Identifiers sent', n(r.identifiersSent)],
    ['Batches', n(r.batchesSent)],
    ['Audience identifiers', n(r.audienceIdentifiers)],
    [
      'Matched (cover_num)',
      typeof cover === 'number' ? `${n(cover)} (${formatPercent(rate)})` : 'not computed yet',
    ],
    ['Requests', n(r.requests)],
    ['Retries', n(r.retries)],
    ['Throttled', n(r.throttled)],
    ['Duration', formatDuration(r.durationMs)],
  ];
  if (r.resumedFromDeadRun) facts.push(['Resumed', 'a run that had died']);
  return (
    <>
      <Facts items={facts} />
      <div className="report-section">
        <Section title="Rejected by reason">
          <CountTable counts={r.rejected} what="Reason" of="Count" />
        </Section>
        {r.refusedByTikTok && Object.keys(r.refusedByTikTok).length > 0 ? (
          <Section title="Refused by TikTok (sent again next run)">
            <CountTable counts={r.refusedByTikTok} what="TikTok's reason" of="Rows" />
          </Section>
        ) : null}
      </div>
      <Advice warnings={r.warnings} notes={r.notes} />
    </>
  );
}

function EventsReportView({ r }: { r: EventsReport }) {
  const facts: [string, ReactNode][] = [
    ['Rows read', n(r.rowsRead)],
    ['Events built', n(r.eventsBuilt)],
    [r.dryRun ? 'Would send' : 'Sent', n(r.sent)],
    ['Acknowledged', n(r.acknowledged)],
    ['Already sent', n(r.alreadySent)],
    ['Rejected rows', n(r.rejected?.rows)],
    ['Rejected events', n(r.rejected?.events)],
    ['Duplicate rows', n(r.duplicateRows)],
    ['Requests', n(r.requests)],
    ['Retries', n(r.retries)],
    ['Throttled', n(r.throttled)],
    ['Events per second', n(r.eventsPerSecond)],
    ['Duration', formatDuration(r.durationMs)],
  ];
  const conflicts = Object.values(r.conflicts ?? {}).some((c) => c > 0);
  return (
    <>
      <Facts items={facts} />
      <div className="report-section">
        <Section title="Rejected by reason">
          <CountTable counts={r.rejected?.byReason} what="Reason" of="Rows or events" />
        </Section>
        {conflicts ? (
          <Section title="Conflicts per column">
            <CountTable counts={r.conflicts} what="Column" of="Events" />
          </Section>
        ) : null}
        {r.columns && Object.keys(r.columns).length > 0 ? (
          <Section title="Columns read">
            <ValueTable value={r.columns} caption="Source column read for each event field" />
          </Section>
        ) : null}
      </div>
    </>
  );
}

/** A run's report: the audience or events facts, rejects per reason, warnings and notes. */
export function RunReport(props: { kind: Run['kind']; report: JsonObject }) {
  return props.kind === 'audience' ? (
    <AudienceReportView r={props.report} />
  ) : (
    <EventsReportView r={props.report} />
  );
}
