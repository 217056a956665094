import { describe, expect, it } from 'vitest';
import {
  axisTicks,
  compactNumber,
  formatPercent,
  matchRate,
  matchRateSeries,
  niceCeiling,
  rateTimeline,
  rejectedTotal,
  reportKind,
  runDuration,
  runSubject,
  runVolumes,
  tickCount,
  stepRunIds,
  volumeSeries,
  workflowCandidates,
} from './run-stats';
import type { Run, Workflow } from './types';

function audienceRun(id: string, at: string, name: string, report: Record<string, unknown> = {}): Run {
  return {
    id,
    kind: 'audience',
    status: 'succeeded',
    startedAt: at,
    finishedAt: at,
    params: { audienceName: name },
    report: {
      audienceName: name,
      rowsRead: 100,
      rowsWithIdentifier: 80,
      rejected: { email_invalid: 15, no_identifier: 20, phone_invalid: 0 },
      added: 50,
      removed: 10,
      identifiersSent: 60,
      matched: { coverNum: 40, isValid: true },
      ...report,
    },
    error: null,
    pause: null,
  };
}

function eventsRun(id: string, at: string, report: Record<string, unknown> | null = {}): Run {
  return {
    id,
    kind: 'events',
    status: 'succeeded',
    startedAt: at,
    finishedAt: null,
    params: { eventSetId: '730' },
    report: report && {
      rowsRead: 350,
      eventsBuilt: 336,
      sent: 48,
      acknowledged: 40,
      rejected: { rows: 14, events: 2, byReason: { email_missing: 14, tiktok_x: 2 } },
      durationMs: 125,
      ...report,
    },
    error: null,
    pause: null,
  };
}

describe('run volumes', () => {
  it('counts identifiers sent and rejected values of an audience run', () => {
    expect(runVolumes(audienceRun('a', '2026-01-01T00:00:00Z', 'A'))).toEqual({
      read: 100,
      sent: 60,
      rejected: 35,
    });
  });

  it('falls back to added + removed when a report lacks identifiersSent', () => {
    const run = audienceRun('a', '2026-01-01T00:00:00Z', 'A', { identifiersSent: undefined });
    expect(runVolumes(run).sent).toBe(60);
  });

  it('counts acknowledged events and rejected rows + events of an events run', () => {
    expect(runVolumes(eventsRun('e', '2026-01-01T00:00:00Z'))).toEqual({ read: 350, sent: 40, rejected: 16 });
    expect(rejectedTotal('events', null)).toBe(0);
  });

  it('orders the most recent runs with a report oldest first', () => {
    const runs = [
      eventsRun('e3', '2026-01-03T00:00:00Z'),
      eventsRun('none', '2026-01-04T00:00:00Z', null),
      audienceRun('a2', '2026-01-02T00:00:00Z', 'A'),
      eventsRun('e1', '2026-01-01T00:00:00Z'),
    ];
    expect(volumeSeries(runs).map((p) => p.runId)).toEqual(['e1', 'a2', 'e3']);
    expect(volumeSeries(runs, 2).map((p) => p.runId)).toEqual(['a2', 'e3']);
    expect(volumeSeries(runs)[1]).toMatchObject({ label: 'A', kind: 'audience' });
  });
});

describe('match rate', () => {
  it('is matched users over rows with an identifier, unknown without cover_num', () => {
    expect(matchRate({ rowsWithIdentifier: 80, matched: { coverNum: 40, isValid: true } })).toBe(0.5);
    expect(matchRate({ rowsWithIdentifier: 80, matched: { coverNum: null, isValid: null } })).toBeNull();
    expect(matchRate({ rowsWithIdentifier: 0, matched: { coverNum: 0, isValid: true } })).toBeNull();
    expect(matchRate({ rowsWithIdentifier: 80, matched: null })).toBeNull();
  });

  it('makes one series per audience, points oldest first, skipping unknown rates and events runs', () => {
    const series = matchRateSeries([
      audienceRun('b2', '2026-01-03T00:00:00Z', 'B', { matched: { coverNum: 60, isValid: true } }),
      audienceRun('a2', '2026-01-02T00:00:00Z', 'A', { matched: { coverNum: null, isValid: null } }),
      eventsRun('e', '2026-01-02T00:00:00Z'),
      audienceRun('b1', '2026-01-01T00:00:00Z', 'B'),
      audienceRun('a1', '2026-01-01T00:00:00Z', 'A'),
    ]);
    expect(series.map((s) => s.name)).toEqual(['A', 'B']);
    expect(series[0]?.points.map((p) => p.runId)).toEqual(['a1']);
    expect(series[1]?.points.map((p) => [p.runId, p.rate])).toEqual([
      ['b1', 0.5],
      ['b2', 0.75],
    ]);
    expect(rateTimeline(series).map((t) => new Date(t).toISOString().slice(0, 10))).toEqual([
      '2026-01-01',
      '2026-01-03',
    ]);
  });
});

describe('formatting and axes', () => {
  it('rounds axis maxima to 1, 2 or 5 times a power of ten', () => {
    expect([0, 0.4, 1, 3, 7, 12, 350, 3089].map(niceCeiling)).toEqual([1, 0.5, 1, 5, 10, 20, 500, 5000]);
    expect(axisTicks(500)).toEqual([0, 125, 250, 375, 500]);
    expect([1, 2, 5, 10, 0.2, 5000].map(tickCount)).toEqual([5, 4, 5, 5, 4, 5]);
    expect(axisTicks(5000, tickCount(5000))).toEqual([0, 1000, 2000, 3000, 4000, 5000]);
  });

  it('writes counts and rates shortly', () => {
    expect([950, 1234, 3_400_000, 2e9].map(compactNumber)).toEqual(['950', '1.2k', '3.4M', '2B']);
    expect(formatPercent(0.8534)).toBe('85.3%');
    expect(formatPercent(null)).toBe('—');
  });
});

describe('runs and their workflows', () => {
  it('names what a run was for and how long it took', () => {
    expect(runSubject(audienceRun('a', '2026-01-01T00:00:00Z', 'Spring'))).toBe('Spring');
    expect(runSubject(eventsRun('e', '2026-01-01T00:00:00Z'))).toBe('730');
    expect(runDuration(eventsRun('e', '2026-01-01T00:00:00Z'))).toBe(125);
    expect(
      runDuration({ startedAt: '2026-01-01T00:00:00Z', finishedAt: '2026-01-01T00:00:02Z', report: null }),
    ).toBe(2000);
  });

  it('recognises reports in step outputs and finds the workflows under way when a run started', () => {
    expect(reportKind(audienceRun('a', '2026-01-01T00:00:00Z', 'A').report)).toBe('audience');
    expect(reportKind(eventsRun('e', '2026-01-01T00:00:00Z').report)).toBe('events');
    expect(reportKind({ settings: {} })).toBeNull();
    const events = { plugin: 'tiktok_events', settings: { eventSetId: '730' } };
    // As GET /api/plugins describes the two TikTok destinations' runs.
    const plugins = [
      {
        id: 'tiktok_custom_audiences',
        report: { runKind: 'audience', targetSetting: 'customAudienceName', fields: [] },
      },
      { id: 'tiktok_events', report: { runKind: 'events', targetSetting: 'eventSetId', fields: [] } },
    ];
    const wf = (id: string, createdAt: string, finishedAt: string | null, settings: object = events) =>
      ({ id, createdAt, finishedAt, settings }) as Workflow;
    const candidates = workflowCandidates(
      eventsRun('e', '2026-01-01T00:00:05Z'),
      [
        wf('before', '2026-01-01T00:00:00Z', '2026-01-01T00:00:04Z'),
        wf('during', '2026-01-01T00:00:00Z', '2026-01-01T00:00:09Z'),
        wf('open', '2026-01-01T00:00:01Z', null),
        wf('other set', '2026-01-01T00:00:01Z', null, { ...events, settings: { eventSetId: '731' } }),
        wf('audience', '2026-01-01T00:00:01Z', null, { plugin: 'tiktok_custom_audiences', settings: {} }),
        wf('after', '2026-01-01T00:00:06Z', null),
      ],
      plugins,
    );
    expect(candidates.map((w) => w.id)).toEqual(['during', 'open']);
    const steps = [
      { output: { plugin: 'x' } },
      { output: { ...eventsRun('e', '2026-01-01T00:00:00Z').report, runId: 'r1' } },
    ];
    expect(stepRunIds({ steps } as never)).toEqual(['r1']);
  });
});
