/**
 * Benchmark data, generated inside DuckDB (10M rows take seconds; a JavaScript loop would dominate the run).
 * Every value is a pure function of the row number and a seed, so a churned copy is regenerated rather
 * than diffed, and the expected counts are computed by the same SQL that writes the file.
 */
import parsePhoneNumber from 'libphonenumber-js';
import type { RejectReason } from '../src/events/index.js';
import { isRejection, normalizeEmail, normalizePhone } from '../src/identity/index.js';
import { openDuck, sqlString, type Duck } from '../src/sources/index.js';

/** What a customers file holds, as the generator decided it (the sync must find exactly these). */
export interface CustomerStats {
  rows: number;
  /** Rows whose email is a valid address (all distinct). */
  validEmails: number;
  /** Rows whose phone is a valid US number (all distinct). */
  validPhones: number;
  invalidEmails: number;
  invalidPhones: number;
  /** Rows with no valid identifier at all (rejected as no_identifier). */
  noIdentifier: number;
}

/** Area codes of real US cities; with an exchange 200-999 libphonenumber's metadata calls every number valid. */
const AREA_CODES = [206, 212, 415, 312, 617, 303, 512, 646, 718, 202, 213, 305, 404, 702, 801];
const DOMAINS = ['example.com', 'example.org', 'mail.example.net', 'example.co.uk', 'shop.example.com'];
const FIRST_NAMES = ['Ana', 'Ben', 'Chloé', 'Dmitri', 'Emma', 'Farah', 'Gustavo', 'Hana', 'Ivan', 'Jun'];

const list = (values: readonly (string | number)[]): string =>
  `[${values.map((v) => (typeof v === 'number' ? String(v) : sqlString(v))).join(', ')}]`;

/**
 * Kind of customer row by `kind = hash % 1000`: 0-9 invalid email (1%), 10-19 invalid phone (1%),
 * 20-39 email only (2%), 40-59 phone only (2%), 60 neither (0.1%), the rest both valid.
 * Phones are unique: row i gets area code i mod 15 and a 7-digit local number that is a bijection of i div 15.
 * Invalid phones: 9 digits, a 7-digit "555-0123" (not any 7 digits: "310-1234" is valid, +1 310 1234) or "12345".
 */
function customerSql(start: number, end: number, seed: number, where = 'TRUE'): string {
  const areas = AREA_CODES.length;
  return `
    WITH r AS (SELECT i, CAST(hash(i, ${seed}) >> 1 AS BIGINT) AS h FROM range(${start}, ${end}) t(i) WHERE ${where}),
    k AS (
      SELECT i, h % 1000 AS kind, (h // 1000) % 4 AS fmt, (h // 4000) % 3 AS bad,
        ${list(AREA_CODES)}[i % ${areas} + 1] AS area,
        ((i // ${areas}) * 7919) % 8000000 + 2000000 AS local
      FROM r),
    p AS (SELECT *, CAST(local // 10000 AS VARCHAR) AS ex, lpad(CAST(local % 10000 AS VARCHAR), 4, '0') AS sub,
        'customer' || i AS user FROM k)
    SELECT
      CASE WHEN kind < 10 THEN
             CASE bad WHEN 0 THEN user || '@example' WHEN 1 THEN user || '.example.com' ELSE 'cust omer' || i || '@example.com' END
           WHEN kind BETWEEN 40 AND 60 THEN NULL
           WHEN i % 10 = 3 THEN upper(user) || '@' || upper(${list(DOMAINS)}[i % ${DOMAINS.length} + 1])
           ELSE user || '@' || ${list(DOMAINS)}[i % ${DOMAINS.length} + 1] END AS email,
      CASE WHEN kind BETWEEN 10 AND 19 THEN
             CASE bad WHEN 0 THEN area || ex || left(sub, 3) WHEN 1 THEN '555-' || sub ELSE '12345' END
           WHEN kind BETWEEN 20 AND 39 OR kind = 60 THEN NULL
           WHEN fmt = 0 THEN '(' || area || ') ' || ex || '-' || sub
           WHEN fmt = 1 THEN area || '-' || ex || '-' || sub
           WHEN fmt = 2 THEN '+1 ' || area || ' ' || ex || ' ' || sub
           ELSE area || ex || sub END AS phone,
      ${list(FIRST_NAMES)}[i % ${FIRST_NAMES.length} + 1] AS first_name,
      kind
    FROM p`;
}

const STATS_SQL = (relation: string): string => `
  SELECT count(*) AS rows,
    count(*) FILTER (WHERE kind >= 10 AND NOT kind BETWEEN 40 AND 60) AS valid_emails,
    count(*) FILTER (WHERE NOT kind BETWEEN 10 AND 39 AND kind <> 60) AS valid_phones,
    count(*) FILTER (WHERE kind < 10) AS invalid_emails,
    count(*) FILTER (WHERE kind BETWEEN 10 AND 19) AS invalid_phones,
    count(*) FILTER (WHERE kind = 60) AS no_identifier
  FROM (${relation})`;

async function writeAndCount(duck: Duck, sql: string, path: string): Promise<CustomerStats> {
  await duck.run(
    `COPY (SELECT email, phone, first_name FROM (${sql})) TO ${sqlString(path)} (HEADER, DELIMITER ',')`,
  );
  const [s] = await duck.run(STATS_SQL(sql));
  const n = (key: string): number => Number(s?.[key] ?? 0);
  return {
    rows: n('rows'),
    validEmails: n('valid_emails'),
    validPhones: n('valid_phones'),
    invalidEmails: n('invalid_emails'),
    invalidPhones: n('invalid_phones'),
    noIdentifier: n('no_identifier'),
  };
}

/** Writes a customers CSV (email, phone, first_name) of `rows` rows; see customerSql for its mix. */
export async function generateCustomers(path: string, rows: number, seed = 1): Promise<CustomerStats> {
  const duck = await openDuck();
  try {
    return await writeAndCount(duck, customerSql(0, rows, seed), path);
  } finally {
    duck.close();
  }
}

/** The churned copy of a customers file and how it differs from the original. */
export interface ChurnStats extends CustomerStats {
  removedRows: number;
  addedRows: number;
  /** Valid identifiers (emails + phones) of the removed rows and of the added rows. */
  removedIdentifiers: number;
  addedIdentifiers: number;
}

/**
 * Writes the file {@link generateCustomers}(rows, seed) would write, with `rate` of its rows changed:
 * half removed (exactly every (2/rate)-th row, offset by the seed) and as many new rows appended.
 */
export async function generateChurned(
  path: string,
  rows: number,
  seed = 1,
  rate = 0.01,
): Promise<ChurnStats> {
  const period = Math.round(2 / rate);
  const removed = `(i * 7919 + ${seed}) % ${period} = 0`;
  const added = Math.round((rows * rate) / 2);
  const duck = await openDuck();
  try {
    const stats = await writeAndCount(
      duck,
      customerSql(0, rows + added, seed, `i >= ${rows} OR NOT ${removed}`),
      path,
    );
    const ids = async (sql: string): Promise<{ rows: number; ids: number }> => {
      const [s] = await duck.run(STATS_SQL(sql));
      return { rows: Number(s?.rows ?? 0), ids: Number(s?.valid_emails ?? 0) + Number(s?.valid_phones ?? 0) };
    };
    const gone = await ids(customerSql(0, rows, seed, removed));
    const fresh = await ids(customerSql(rows, rows + added, seed));
    return {
      ...stats,
      removedRows: gone.rows,
      addedRows: fresh.rows,
      removedIdentifiers: gone.ids,
      addedIdentifiers: fresh.ids,
    };
  } finally {
    duck.close();
  }
}

/** Shares of valid values in a random sample of a customers file, judged by ttads and by libphonenumber-js. */
export interface SampleCheck {
  sampled: number;
  emailValid: number;
  phoneValid: number;
  /** Phones libphonenumber-js (default import, region US) calls valid. */
  phoneValidLibphonenumber: number;
  /** Phones on which src/identity and libphonenumber-js disagree (should be 0). */
  phoneDisagreements: number;
}

/** Reads `size` random rows of a customers CSV (all of them when `size` is Infinity) and validates them in JavaScript. */
export async function checkCustomerSample(path: string, size = 10_000): Promise<SampleCheck> {
  const sample = Number.isFinite(size) ? `USING SAMPLE ${size} ROWS (reservoir, 7)` : '';
  const duck = await openDuck();
  try {
    const rows = await duck.run(
      `SELECT email, phone FROM read_csv(${sqlString(path)}, all_varchar = true) ${sample}`,
    );
    const check: SampleCheck = {
      sampled: rows.length,
      emailValid: 0,
      phoneValid: 0,
      phoneValidLibphonenumber: 0,
      phoneDisagreements: 0,
    };
    for (const row of rows) {
      const email = typeof row.email === 'string' ? row.email : undefined;
      const phone = typeof row.phone === 'string' ? row.phone : undefined;
      if (email !== undefined && !isRejection(normalizeEmail(email))) check.emailValid++;
      if (phone === undefined) continue;
      const ours = !isRejection(normalizePhone(phone, 'US'));
      const theirs = parsePhoneNumber(phone, 'US')?.isValid() ?? false;
      if (ours) check.phoneValid++;
      if (theirs) check.phoneValidLibphonenumber++;
      if (ours !== theirs) check.phoneDisagreements++;
    }
    return check;
  } finally {
    duck.close();
  }
}

/** What an events file holds, as the generator decided it. */
export interface EventStats {
  rows: number;
  /** Rows repeated verbatim right after their original (same event_id). */
  duplicateRows: number;
  /** Rows with a bad currency, a 40-day-old timestamp or an unknown event name (duplicates included). */
  invalidRows: number;
  /** Distinct event ids among the valid rows: what TikTok should end up holding. */
  validEvents: number;
}

/**
 * Writes an offline-events CSV of about `rows` rows (one product per order): ~1% invalid by `kind = hash %
 * 1000` (0-3 currency "US$", 4-6 a timestamp 40 days old, 7-9 event "Buy") and ~1% rows repeated.
 * Valid timestamps fall in the 7 days before `nowMs`.
 */
export async function generateEvents(
  path: string,
  rows: number,
  seed = 1,
  nowMs = Date.now(),
): Promise<EventStats> {
  const base = rows - Math.floor(rows / 100);
  const now = Math.floor(nowMs / 1000);
  const areas = AREA_CODES.length;
  const sql = `
    WITH r AS (SELECT i, CAST(hash(i, ${seed}) >> 1 AS BIGINT) AS h FROM range(0, ${base}) t(i)),
    k AS (SELECT i, h, h % 1000 AS kind, 1 + (h // 1000) % 3 AS quantity,
        CAST(1 + ((h // 3000) % 20000) / 100.0 AS DECIMAL(10, 2)) AS price,
        ${list(AREA_CODES)}[i % ${areas} + 1] || CAST(((h // 7) % 8000000) + 2000000 AS VARCHAR) AS digits FROM r),
    e AS (SELECT i, kind,
        'evt-' || i AS event_id,
        CASE WHEN kind BETWEEN 7 AND 9 THEN 'Buy'
          ELSE ${list(['Purchase', 'Purchase', 'Purchase', 'Purchase', 'CompletePayment', 'AddToCart', 'Lead', 'Subscribe'])}[(h // 11) % 8 + 1] END AS event,
        'buyer' || (h // 13) % 300000 || '@example.com' AS email,
        CASE (h // 17) % 5 WHEN 0 THEN NULL WHEN 1 THEN '+1' || digits WHEN 2 THEN '(' || left(digits, 3) || ') ' || substr(digits, 4, 3) || '-' || right(digits, 4)
          ELSE digits END AS phone,
        strftime(to_timestamp(${now} - CASE WHEN kind BETWEEN 4 AND 6 THEN 40 * 86400 ELSE 0 END - (h // 19) % (7 * 86400)), '%Y-%m-%dT%H:%M:%SZ') AS timestamp,
        price * quantity AS value,
        CASE WHEN kind BETWEEN 0 AND 3 THEN 'US$' ELSE ${list(['USD', 'USD', 'USD', 'EUR', 'GBP'])}[(h // 23) % 5 + 1] END AS currency,
        'ord-' || i AS order_id,
        'sku-' || (h // 29) % 5000 AS content_id,
        price, quantity,
        ${list(['in_store', 'in_store', 'crm', 'email', 'phone_call', 'other'])}[(h // 31) % 6 + 1] AS event_channel
      FROM k),
    d AS (SELECT *, 0 AS copy FROM e UNION ALL SELECT *, 1 AS copy FROM e WHERE i % 99 = 7)`;
  const columns =
    'event_id, event, email, phone, timestamp, value, currency, order_id, content_id, price, quantity, event_channel';
  const duck = await openDuck();
  try {
    await duck.run(
      `COPY (${sql} SELECT ${columns} FROM d ORDER BY i, copy) TO ${sqlString(path)} (HEADER, DELIMITER ',')`,
    );
    const [s] = await duck.run(`${sql}
      SELECT count(*) AS rows, count(*) FILTER (WHERE copy = 1) AS dups,
        count(*) FILTER (WHERE kind < 10) AS invalid, count(DISTINCT i) FILTER (WHERE kind >= 10) AS valid FROM d`);
    return {
      rows: Number(s?.rows ?? 0),
      duplicateRows: Number(s?.dups ?? 0),
      invalidRows: Number(s?.invalid ?? 0),
      validEvents: Number(s?.valid ?? 0),
    };
  } finally {
    duck.close();
  }
}

/** Rows of a random sample of an events file that src/events accepts, and the reasons of the others. */
export interface EventSampleCheck {
  sampled: number;
  valid: number;
  reasons: Partial<Record<RejectReason, number>>;
}

/** Validates `size` random rows of an events CSV (all when Infinity) with src/events, as a send at `nowMs` would. */
export async function checkEventSample(
  path: string,
  size = 10_000,
  nowMs = Date.now(),
): Promise<EventSampleCheck> {
  // Imported here so that the audience benchmark does not depend on the events module.
  const { createRowValidator, parseEventSettings } = await import('../src/events/index.js');
  const validate = createRowValidator(
    parseEventSettings({ eventSetId: '7300000000000000001', defaultRegion: 'US' }),
    nowMs,
  );
  const sample = Number.isFinite(size) ? `USING SAMPLE ${size} ROWS (reservoir, 7)` : '';
  const duck = await openDuck();
  try {
    const rows = await duck.run(`SELECT * FROM read_csv(${sqlString(path)}, all_varchar = true) ${sample}`);
    const check: EventSampleCheck = { sampled: rows.length, valid: 0, reasons: {} };
    for (const row of rows) {
      const result = validate(row);
      if (result.ok) check.valid++;
      else for (const r of result.rejects) check.reasons[r.reason] = (check.reasons[r.reason] ?? 0) + 1;
    }
    return check;
  } finally {
    duck.close();
  }
}
