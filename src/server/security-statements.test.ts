import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOT_ONE_SELECT } from '../sources/errors.js';
import { openSecurityStack, PG_URL, type SecurityStack, type TikTokState } from './security.test-support.js';

/** Whether the PostgreSQL of the pg: attacks answers (the pg: part is skipped, and says so, when not). */
async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
const pgUp = await postgresReachable();
// `ttads serve` reads SOURCE_DATABASE_URL once, when it starts: set it before the stack is built.
if (pgUp) process.env.SOURCE_DATABASE_URL = PG_URL;

/** What a refused pg: source answers: ttads' one-SELECT message, or PostgreSQL's own refusal of the wrapped text. */
const PG_REFUSED = new RegExp(
  [
    'a source query is one SELECT statement',
    'syntax error at or near',
    'data-modifying statement must be at the top level',
    'is not allowed in a non-volatile function',
    'read-only transaction',
  ].join('|'),
);

/** The statements a source query tries to run besides its SELECT, each with the files it would create. */
function smuggled(dir: string, tag: string): { sql: string; canaries: string[] }[] {
  const at = (name: string) => join(dir, `canary-${tag}-${name}`);
  return [
    { sql: `COPY (SELECT 42) TO '${at('copy.csv')}'`, canaries: [at('copy.csv')] },
    { sql: `COPY (SELECT 42) TO '${at('copy.parquet')}' (FORMAT parquet)`, canaries: [at('copy.parquet')] },
    { sql: `EXPORT DATABASE '${at('export')}'`, canaries: [at('export')] },
    { sql: `ATTACH '${at('attach.duckdb')}' AS other`, canaries: [at('attach.duckdb')] },
    { sql: 'INSTALL httpfs', canaries: [] },
    { sql: 'LOAD httpfs', canaries: [] },
    { sql: "FORCE INSTALL httpfs FROM 'http://127.0.0.1:9'", canaries: [] },
    { sql: "PRAGMA enable_profiling = 'json'", canaries: [] },
    { sql: `SET profile_output = '${at('profile.json')}'`, canaries: [at('profile.json')] },
    { sql: 'SET enable_external_access = true', canaries: [] },
    { sql: "SET allowed_directories = ['/']", canaries: [] },
    { sql: 'RESET lock_configuration', canaries: [] },
    { sql: 'CREATE TABLE pwned AS SELECT 1 AS x', canaries: [] },
  ];
}

/** Every way the code wraps a source query (`(<query>\n)` in a FROM), and ways around it. */
function wrapped(statement: string): string[] {
  const row = `SELECT 'a@example.com' AS email`;
  return [
    statement,
    `${row}; ${statement}`,
    `${row}) AS a; ${statement}; SELECT * FROM (${row}`,
    `${row}) AS a; ${statement}; SELECT * FROM (${row} --`,
    `${row} /* ) */; ${statement}; --`,
    `${row}\n-- )\n; ${statement}`,
    `WITH x AS (${row}) SELECT * FROM x; ${statement}`,
    `WITH x AS (${row}) SELECT * FROM x) AS a; ${statement}; SELECT * FROM (${row}`,
    `SELECT ';' AS email; ${statement}`,
    `SELECT * FROM query('${statement.replaceAll("'", "''")}')`,
    `SELECT * FROM query_table('pwned')`,
  ];
}

/**
 * Security suite, statements: ATTACH, INSTALL, LOAD, COPY TO, EXPORT, PRAGMA, SET and DDL smuggled into a
 * source query through every wrapper the code uses, as an admin (the one-SELECT rule is everyone's) through
 * previews, segments (and a business user's campaign of one) and orchestrations; business users send no SQL at
 * all. Every attempt is refused with the one-SELECT message, and no canary file appears.
 */
describe('security: statements other than one SELECT', () => {
  let s: SecurityStack;
  let tiktokBefore: TikTokState;
  beforeAll(async () => {
    s = await openSecurityStack();
    tiktokBefore = await s.tiktok();
  });
  afterAll(async () => {
    await s?.close();
  });

  const outside = () => s.files().then((all) => all.filter((f) => !f.startsWith('data/')));

  it('business users send no SQL: sourceQuery, audienceQuery, query and source are refused', async () => {
    const sql = `SELECT 1 AS email; COPY (SELECT 42) TO '${join(s.sourcesDir, 'canary-user.csv')}'`;
    const preview = await s.call('POST', '/api/preview', s.userKey, {
      sourceQuery: sql,
      templateId: s.ids.template,
    });
    expect(preview.status).toBe(403);
    expect(preview.body.error).toBe('Business users preview segments (segmentId), never a source query.');
    for (const field of ['sourceQuery', 'audienceQuery', 'query', 'source']) {
      const answer = await s.call('POST', '/api/campaigns', s.userKey, {
        name: 'SQL campaign',
        segmentId: s.ids.segment,
        templateId: s.ids.template,
        [field]: sql,
      });
      expect(answer.status, field).toBe(400);
      expect(answer.body.error).toContain('a campaign takes a segment (segmentId), never a source query');
    }
    for (const [method, path] of [
      ['POST', '/api/segments'],
      ['POST', '/api/orchestrations'],
    ] as const) {
      const answer = await s.call(method, path, s.userKey, { name: 'x', sourceQuery: sql });
      expect(answer.status).toBe(403);
    }
    expect(existsSync(join(s.sourcesDir, 'canary-user.csv'))).toBe(false);
  });

  it('admins: every smuggled statement through every wrapper is refused by the preview', async () => {
    const before = await outside();
    // Every wrapper with canaries inside the source root (where DuckDB could write); outside it, the breakout.
    const attacks = [
      ...smuggled(s.sourcesDir, 'in').map((a) => ({ ...a, queries: wrapped(a.sql) })),
      ...smuggled(s.dir, 'out').map((a) => ({ ...a, queries: wrapped(a.sql).slice(0, 3) })),
    ];
    for (const attack of attacks) {
      for (const [i, query] of attack.queries.entries()) {
        const answer = await s.call('POST', '/api/preview', s.adminKey, {
          sourceQuery: query,
          templateId: s.ids.template,
        });
        expect(answer.status, query).toBe(400);
        // A statement alone is not even a source (not a path, not SELECT/WITH/FROM); the rest are not one SELECT.
        expect(answer.body.error, query).toContain(
          i === 0 ? 'Cannot tell what kind of source' : NOT_ONE_SELECT,
        );
      }
      for (const canary of attack.canaries) expect(existsSync(canary), canary).toBe(false);
    }
    expect(await outside()).toEqual(before);
  });

  it('admins: a segment holding a smuggled statement fails its previews and its campaigns, writing nothing', async () => {
    const before = await outside();
    const attacks = smuggled(s.sourcesDir, 'segment');
    for (const [i, attack] of attacks.entries()) {
      const query = wrapped(attack.sql)[2] ?? '';
      const segment = await s.admin<{ id: string }>('POST', '/api/segments', {
        name: `Smuggling ${i}`,
        sourceQuery: query,
        openToBusinessUsers: true,
      });
      const asAdmin = await s.call('POST', '/api/preview', s.adminKey, {
        segmentId: segment.id,
        templateId: s.ids.template,
      });
      expect(asAdmin.status, query).toBe(400);
      expect(asAdmin.body.error).toContain(NOT_ONE_SELECT);
      const asUser = await s.call('POST', '/api/preview', s.userKey, {
        segmentId: segment.id,
        templateId: s.ids.template,
      });
      expect(asUser.status).toBe(400);
      expect(asUser.body.error).toMatch(/the segment cannot be read now; ask an admin\. Reference err_/);
      expect(asUser.text).not.toContain(attack.sql);
    }
    // A business user's campaign of such a segment, with a control group (the control group's own wrapper).
    const segment = await s.admin<{ segments: { id: string; name: string }[] }>('GET', '/api/segments');
    const copying = segment.segments.find((x) => x.name === 'Smuggling 0')?.id ?? '';
    const campaign = await s.call('POST', '/api/campaigns', s.userKey, {
      name: 'Smuggled campaign',
      segmentId: copying,
      templateId: s.ids.template,
      audienceName: 'Smuggled audience',
      controlGroupPercent: 10,
    });
    expect(campaign.status).toBe(200);
    const run = await s.call('POST', `/api/campaigns/${String(campaign.body.id)}/run`, s.userKey);
    const done = await s.settled(String(run.body.id));
    expect(done.status).toBe('failed');
    expect(JSON.stringify(done)).toContain(NOT_ONE_SELECT);
    const seen = await s.call('GET', `/api/workflows/${String(run.body.id)}`, s.userKey);
    expect(seen.text).not.toContain('COPY');
    for (const attack of attacks) for (const c of attack.canaries) expect(existsSync(c), c).toBe(false);
    expect(await outside()).toEqual(before);
  });

  it('admins: an orchestration holding a smuggled statement fails its run, writing and sending nothing', async () => {
    const before = await outside();
    const attacks = smuggled(s.sourcesDir, 'orchestration');
    for (const [i, attack] of attacks.entries()) {
      const o = await s.admin<{ id: string }>('POST', '/api/orchestrations', {
        name: `Smuggling run ${i}`,
        sourceQuery: wrapped(attack.sql)[2],
        destinationId: s.ids.destination,
        templateId: s.ids.template,
        overrides: { customAudienceName: `Smuggled ${i}` },
      });
      const started = await s.admin<{ id: string }>('POST', `/api/orchestrations/${o.id}/run`);
      const done = await s.settled(started.id);
      expect(done.status, attack.sql).toBe('failed');
      expect(JSON.stringify(done)).toContain(NOT_ONE_SELECT);
      for (const c of attack.canaries) expect(existsSync(c), c).toBe(false);
    }
    expect(await outside()).toEqual(before);
    expect(await s.tiktok()).toEqual(tiktokBefore);
  });

  describe.skipIf(!pgUp)(
    `pg: sources${pgUp ? '' : ' (skipped: PostgreSQL unreachable at TEST_DATABASE_URL)'}`,
    () => {
      const schema = `security_${randomBytes(6).toString('hex')}`;
      let admin: pg.Client;
      let largeObjectsBefore: unknown;
      const rows = () =>
        admin.query(`SELECT email FROM ${schema}.people ORDER BY email`).then((r) => r.rows as unknown[]);
      const tables = () =>
        admin
          .query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1`, [
            schema,
          ])
          .then((r) => r.rows as unknown[]);
      const largeObjects = () =>
        admin
          .query('SELECT count(*)::int AS n FROM pg_largeobject_metadata')
          .then((r) => r.rows[0] as unknown);
      beforeAll(async () => {
        admin = new pg.Client({ connectionString: PG_URL });
        await admin.connect();
        await admin.query(`CREATE SCHEMA ${schema}`);
        await admin.query(
          `CREATE TABLE ${schema}.people AS SELECT * FROM (VALUES ('ann@example.com'), ('bo@example.com')) AS v(email)`,
        );
        largeObjectsBefore = await largeObjects();
      });
      afterAll(async () => {
        delete process.env.SOURCE_DATABASE_URL;
        await admin?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await admin?.end();
      });

      it('DDL and DML in pg: sources are refused through previews and runs; the table is unchanged', async () => {
        const t = `${schema}.people`;
        const statements = [
          `DROP TABLE ${t}`,
          `DELETE FROM ${t}`,
          `UPDATE ${t} SET email = 'pwned'`,
          `INSERT INTO ${t} VALUES ('pwned@example.com')`,
          `TRUNCATE ${t}`,
          `ALTER TABLE ${t} ADD COLUMN pwned int`,
          `CREATE TABLE ${schema}.pwned (x int)`,
          `GRANT ALL ON ${t} TO PUBLIC`,
          `COMMIT; DROP TABLE ${t}`,
        ];
        const queries = [
          ...statements.flatMap((st) => [
            `pg:${st}`,
            `pg:SELECT email FROM ${t}; ${st}`,
            `pg:SELECT email FROM ${t}) AS a; ${st}; SELECT * FROM (SELECT email FROM ${t}`,
            `pg:SELECT email FROM ${t} /* ) */; ${st}; --`,
          ]),
          `pg:WITH gone AS (DELETE FROM ${t} RETURNING email) SELECT email FROM gone`,
          `pg:WITH up AS (UPDATE ${t} SET email = 'x' RETURNING email) SELECT email FROM up`,
          `pg:SELECT email FROM ${t} FOR UPDATE`,
          `pg:SELECT query_to_xml('DELETE FROM ${t} RETURNING 1', true, false, '')::text AS email`,
          `pg:SELECT set_config('statement_timeout', '0', false) AS email`,
          `pg:SELECT pg_read_file('/etc/passwd') AS email`,
        ];
        for (const sourceQuery of queries) {
          const answer = await s.call('POST', '/api/preview', s.adminKey, {
            sourceQuery,
            templateId: s.ids.template,
          });
          expect(answer.status, sourceQuery).toBe(400);
          // Refused by the one-SELECT check, or, for text DuckDB's parser cannot read (GRANT, a data-modifying
          // WITH), by PostgreSQL itself once the text is wrapped: never run.
          expect(answer.body.error, sourceQuery).toMatch(PG_REFUSED);
        }
        // Side effects PostgreSQL allows in a READ ONLY transaction are undone: every read ends in ROLLBACK.
        const largeObject = await s.call('POST', '/api/preview', s.adminKey, {
          sourceQuery: 'pg:SELECT lo_create(0)::text AS email',
          templateId: s.ids.template,
        });
        expect(largeObject.status).toBe(200);
        expect(await largeObjects()).toEqual(largeObjectsBefore);
        // Through a run as well (its own wrappers: describe, count, stream).
        for (const [i, sourceQuery] of queries.filter((_, i) => i % 4 === 2).entries()) {
          const o = await s.admin<{ id: string }>('POST', '/api/orchestrations', {
            name: `pg run ${i}`,
            sourceQuery,
            destinationId: s.ids.destination,
            templateId: s.ids.template,
            overrides: { customAudienceName: `pg ${i}` },
          });
          const started = await s.admin<{ id: string }>('POST', `/api/orchestrations/${o.id}/run`);
          const done = await s.settled(started.id);
          expect(done.status, sourceQuery).toBe('failed');
          expect(JSON.stringify(done)).toContain(NOT_ONE_SELECT);
        }
        expect(await rows()).toEqual([{ email: 'ann@example.com' }, { email: 'bo@example.com' }]);
        expect(await tables()).toEqual([{ table_name: 'people' }]);
        expect(await largeObjects()).toEqual(largeObjectsBefore);
        expect(await s.tiktok()).toEqual(tiktokBefore);
      });

      it('a plain SELECT of a pg: source still previews (the refusals above are not everything refused)', async () => {
        const answer = await s.call('POST', '/api/preview', s.adminKey, {
          sourceQuery: `pg:SELECT email FROM ${schema}.people`,
          templateId: s.ids.template,
        });
        expect(answer.status, answer.text).toBe(200);
        expect((answer.body.rows as unknown[]).length).toBe(2);
      });
    },
  );
});
