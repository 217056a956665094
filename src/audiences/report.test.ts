import { describe, expect, it } from 'vitest';
import { formatReport, type AudienceSyncReport } from './report.js';

const base: AudienceSyncReport = {
  runId: 'r1',
  status: 'succeeded',
  audienceName: 'Buyers',
  audienceId: '1',
  advertiserIds: ['7'],
  mode: 'mirror',
  idTypes: ['EMAIL'],
  rowsRead: 10,
  rowsWithIdentifier: 9,
  validIdentifiers: { EMAIL: 9 },
  rejected: { email_invalid: 1 },
  added: 7,
  removed: 0,
  unchanged: 0,
  identifiersSent: 9,
  batchesSent: 1,
  resumedFromDeadRun: false,
  audienceIdentifiers: 7,
  requests: 3,
  retries: 0,
  throttled: 0,
  durationMs: 1200,
  matched: null,
  warnings: [],
  notes: [],
};

describe('formatReport', () => {
  it("lists TikTok's partial refusals by reason, apart from the source's rejects", () => {
    const text = formatReport({ ...base, refusedByTikTok: { tiktok_40002: 2 } });
    expect(text).toContain('  rejected: email_invalid 1');
    expect(text).toContain('  refused by TikTok (sent again next run): tiktok_40002 2');
  });

  it('says nothing of refusals when TikTok applied every row', () => {
    expect(formatReport(base)).not.toContain('refused by TikTok');
    expect(formatReport({ ...base, refusedByTikTok: {} })).not.toContain('refused by TikTok');
  });
});
