import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fastE164 } from '../identity/phone-fast.js';
import { phoneRegion } from '../identity/phone.js';
import { samplePhones } from './normalize-samples.test-support.js';
import { PHONE_COLUMNS, phoneDigitsSql, phoneVerdictSql } from './phone-sql.js';

let conn: DuckDBConnection;
let close: () => void;

beforeAll(async () => {
  const db = await DuckDBInstance.create(':memory:', { threads: '2' });
  conn = await db.connect();
  close = () => {
    conn.closeSync();
    db.closeSync();
  };
});
afterAll(() => close());

/** The SQL verdict for each value (already trimmed ASCII), in phone-fast.ts's terms. */
async function verdicts(values: readonly string[], region: string): Promise<(string | null | undefined)[]> {
  await conn.run('CREATE OR REPLACE TABLE phones (i INTEGER, t VARCHAR)');
  const appender = await conn.createAppender('phones');
  values.forEach((value, i) => {
    appender.appendInteger(i);
    appender.appendVarchar(value);
    appender.endRow();
  });
  appender.closeSync();
  const { digits: d, plus: pl, rest } = PHONE_COLUMNS;
  const tails = rest.map((n, i) => `substr(${d}, ${i + 2}) AS ${n}`).join(', ');
  const reader = await conn.runAndReadAll(`
    SELECT i, ${phoneVerdictSql(region)} AS v FROM (
      SELECT *, ${tails} FROM (SELECT i, ${phoneDigitsSql('t')} AS ${d}, strpos(t, '+') > 0 AS ${pl} FROM phones))
    ORDER BY i`);
  // SQL says '' for "invalid" and NULL for "declined"; phone-fast.ts says null and undefined.
  return reader.getRows().map(([, v]) => (v === null ? undefined : v === '' ? null : String(v)));
}

const REGIONS = ['US', 'CA', 'PR', 'JM', 'AG', 'GB', 'DE', 'IN', 'BR', 'AU'];

describe('phone fast path in SQL', () => {
  it('decides exactly as phone-fast.ts on generated numbers in every region', async () => {
    const phones = samplePhones(6000).map((p) => p.trim());
    const decided = { valid: 0, invalid: 0 };
    for (const code of REGIONS) {
      const region = phoneRegion(code);
      const got = await verdicts(phones, code);
      const mismatches = phones
        .map((raw, i) => ({ raw, sql: got[i], fast: fastE164(raw, region.fast) }))
        .filter((r) => r.sql !== r.fast)
        .slice(0, 10);
      expect(mismatches, code).toEqual([]);
      decided.valid += got.filter((v) => typeof v === 'string').length;
      decided.invalid += got.filter((v) => v === null).length;
    }
    // Only meaningful if many numbers were decided in SQL (both ways) rather than declined.
    const total = phones.length * REGIONS.length;
    expect(decided.valid).toBeGreaterThan(total * 0.2);
    expect(decided.invalid).toBeGreaterThan(total * 0.1);
  });

  it('formats common US layouts as E.164 and says invalid for non-numbers', async () => {
    const us = [
      '(206) 555-0100',
      '206.555.0100',
      '1 206 555 0100',
      '+1 (206) 555-0100',
      '+44 20 7946 0958',
      '+1 555 555 5555',
      '(123) 456-7890',
    ];
    expect(await verdicts(us, 'US')).toEqual([
      '+12065550100',
      '+12065550100',
      '+12065550100',
      '+12065550100',
      '+442079460958',
      null,
      undefined, // ten digits starting with 1: libphonenumber decides
    ]);
  });

  it('declines what libphonenumber rewrites: extensions, IDD, national prefixes, national numbers outside NANP', async () => {
    expect(
      await verdicts(['+12065550100 ext 5', '011 44 20 7946 0958', '+44 (0)20 7946 0958'], 'US'),
    ).toEqual([undefined, undefined, undefined]);
    expect(await verdicts(['020 7946 0958'], 'GB')).toEqual([undefined]);
    expect(await verdicts(['268 464 1234'], 'AG')).toEqual([undefined]);
  });

  it('rejects an unknown region', () => {
    expect(() => phoneVerdictSql('XX')).toThrow(/Unknown phone region/);
  });
});
