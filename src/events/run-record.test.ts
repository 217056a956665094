import { describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../logger.js';
import { getRun, startRun } from '../store/runs.js';
import { TEST_ENGINES, withTestStore } from '../store/store.test-support.js';
import { emptyReport } from './report.js';
import { beginRun, errorRecord, saveReportsPeriodically } from './run-record.js';

describe.each(TEST_ENGINES)('events run records on %s', (engine) => {
  it('closes the dead runs of the same journal as failed, naming the run that resumes them', async () => {
    await withTestStore(engine, async (store) => {
      const dead = await startRun(store, {
        kind: 'events',
        params: { journal: '/data/events/journal.duckdb' },
      });
      const other = await startRun(store, {
        kind: 'events',
        params: { journal: '/elsewhere/journal.duckdb' },
      });
      const { runId, resumed } = await beginRun(store, {
        journal: '/data/events/journal.duckdb',
        source: 'x.csv',
      });
      expect(resumed).toEqual([dead]);
      expect(await getRun(store, dead)).toMatchObject({
        status: 'failed',
        error: { name: 'Interrupted', resumedBy: runId },
      });
      expect((await getRun(store, other))?.status).toBe('running');
      expect(await getRun(store, runId)).toMatchObject({ status: 'running', params: { resumes: [dead] } });
    });
  });

  it('saves the report as the run goes', async () => {
    await withTestStore(engine, async (store) => {
      const { runId } = await beginRun(store, { journal: '/j', source: 'x.csv' });
      const report = { ...emptyReport(runId, 'x.csv', false), rowsRead: 42 };
      const saver = saveReportsPeriodically(store, silentLogger(), () => report, 10);
      // Polls until the timer has saved it: stop() itself does not save, so this fails without the timer.
      await vi.waitFor(
        async () => expect((await getRun(store, runId))?.report).toMatchObject({ rowsRead: 42 }),
        {
          timeout: 5000,
          interval: 20,
        },
      );
      await saver.stop();
    });
  });
});

describe('errorRecord', () => {
  it('keeps the name, message and hint of any error, and what TikTok errors say of themselves', () => {
    expect(
      errorRecord(Object.assign(new Error('boom'), { name: 'JournalLockedError', hint: 'wait' })),
    ).toEqual({
      name: 'JournalLockedError',
      message: 'boom',
      hint: 'wait',
    });
    expect(errorRecord({ toJSON: () => ({ kind: 'transient' }) })).toEqual({ kind: 'transient' });
    expect(errorRecord('text')).toEqual({ name: 'Error', message: 'text' });
  });
});
