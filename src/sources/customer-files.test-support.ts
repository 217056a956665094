import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Duck } from './duckdb.js';
import { sqlString } from './relation.js';

/** The rows every customer test file holds, as sources must deliver them. */
export const CUSTOMERS = [
  { email: 'ann@example.com', phone: '+12065550100', zip: '02134' },
  { email: 'Élise@exemple.fr', phone: '0612345678', zip: '75001' },
  { email: 'bob, jr@example.com', phone: null, zip: '10001' },
];

const CSV =
  'email,phone,zip\nann@example.com,+12065550100,02134\nÉlise@exemple.fr,0612345678,75001\n"bob, jr@example.com",,10001\n';

const TSV =
  'email\tphone\tzip\nann@example.com\t+12065550100\t02134\nÉlise@exemple.fr\t0612345678\t75001\nbob, jr@example.com\t\t10001\n';

/** A temp directory with the customer rows in every format we read; `cleanup` removes it. */
export async function writeCustomerFiles(duck: Duck) {
  const dir = mkdtempSync(join(tmpdir(), 'ttads-sources-'));
  const path = (name: string) => join(dir, name);
  writeFileSync(path('customers.csv'), CSV);
  writeFileSync(path('customers.csv.gz'), gzipSync(CSV));
  writeFileSync(path('customers.tsv'), TSV);
  writeFileSync(path('customers.json'), JSON.stringify(CUSTOMERS));
  const lines = CUSTOMERS.map((row) => JSON.stringify(row)).join('\n');
  writeFileSync(path('customers.jsonl'), lines);
  writeFileSync(path('customers.ndjson'), lines);
  const values = CUSTOMERS.map(
    (r) => `(${[r.email, r.phone, r.zip].map((v) => (v === null ? 'NULL' : sqlString(v))).join(', ')})`,
  );
  await duck.run(
    `COPY (SELECT * FROM (VALUES ${values.join(', ')}) AS t(email, phone, zip)) TO ${sqlString(path('customers.parquet'))} (FORMAT parquet)`,
  );
  // A glob whose files list their columns in different orders.
  writeFileSync(path('part-1.csv'), 'email,phone\na@x.com,1\n');
  writeFileSync(path('part-2.csv'), 'phone,email\n2,b@x.com\n');
  // Bytes that are not text at all.
  writeFileSync(path('junk.csv'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256)));
  writeFileSync(path('junk.parquet'), 'not parquet');
  return { dir, path, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
