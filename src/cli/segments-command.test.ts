import type { AppControlDeps } from '../orchestrations/index.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, ValidationError } from '../config/index.js';
import { resolveSettings } from '../config/settings.js';
import { silentLogger } from '../logger.js';
import { getSegment } from '../orchestrations/index.js';
import { controlDeps, localContext, type ControlContext } from './control-runtime.js';
import { openRuntime, type Runtime } from './runtime.js';
import {
  segmentsCreate,
  segmentsDelete,
  segmentsList,
  segmentsShow,
  segmentsUpdate,
} from './segments-command.js';

describe('segments command (embedded store)', () => {
  let dir: string;
  let runtime: Runtime;
  let control: AppControlDeps;
  let ctx: ControlContext;
  const out: string[] = [];
  const last = () => out[out.length - 1] ?? '';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ttads-cli-seg-'));
    runtime = await openRuntime(resolveSettings({ dataDir: dir }, {}), silentLogger());
    control = await controlDeps(runtime);
    ctx = localContext({ control, embedded: true }, (text) => out.push(text));
  });
  afterAll(async () => {
    await runtime?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('creates, lists, shows, changes and deletes a segment', async () => {
    const s = await segmentsCreate(ctx, {
      name: 'Lapsed buyers',
      source: "SELECT * FROM 'lapsed.parquet'",
      description: 'No order in 12 months',
      map: ['email=E-mail Address'],
      idTypes: 'email',
    });
    expect(last()).toBe(`Segment ${s.id} created.`);
    expect(s).toMatchObject({
      columns: { email: 'E-mail Address' },
      idTypes: ['EMAIL'],
      openToBusinessUsers: false,
    });

    await segmentsList(ctx, {});
    expect(last()).toMatch(/^ID\s+NAME\s+BUSINESS USERS\s+ID TYPES\s+SOURCE\n/);
    expect(last()).toMatch(
      new RegExp(`${s.id}\\s+Lapsed buyers\\s+false\\s+EMAIL\\s+SELECT \\* FROM 'lapsed.parquet'`),
    );
    await segmentsShow(ctx, s.id, {});
    expect(last()).toMatch(/source:\s+SELECT \* FROM 'lapsed.parquet'/);
    expect(last()).toMatch(/columns:\s+\{"email":"E-mail Address"\}/);

    await segmentsUpdate(ctx, s.id, { businessUsers: true, idTypes: 'default' });
    expect(last()).toBe(`Segment ${s.id} updated.`);
    expect(await getSegment(control.db, s.id)).toMatchObject({
      openToBusinessUsers: true,
      idTypes: null,
      sourceQuery: "SELECT * FROM 'lapsed.parquet'",
    });
    await segmentsList(ctx, { json: true });
    expect(JSON.parse(last())).toEqual([expect.objectContaining({ id: s.id, openToBusinessUsers: true })]);

    await segmentsDelete(ctx, s.id, {});
    expect(last()).toBe(`Segment ${s.id} deleted.`);
    await segmentsList(ctx, {});
    expect(last()).toMatch(/\(none\)$/);
  });

  it('refuses a source of no known form, a mapping of an unknown field, and a name taken', async () => {
    await expect(segmentsCreate(ctx, { name: 'Sheet', source: 'customers.xlsx' })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(segmentsCreate(ctx, { name: 'Fax', source: 'x.csv', map: ['fax=Fax'] })).rejects.toThrow(
      /columns/,
    );
    await segmentsCreate(ctx, { name: 'Taken', source: 'x.csv' });
    await expect(segmentsCreate(ctx, { name: 'Taken', source: 'y.csv' })).rejects.toBeInstanceOf(
      ConflictError,
    );
  });
});
