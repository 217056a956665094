import type { Command } from 'commander';
import type { Segment, SegmentPatch } from '../orchestrations/index.js';
import { columnMap } from './audience-command.js';
import {
  addControlOptions,
  emit,
  fields,
  table,
  withControl,
  type ControlContext,
} from './control-runtime.js';

const idTypesText = (s: Pick<Segment, 'idTypes'>): string => s.idTypes?.join(',') ?? 'EMAIL,PHONE (default)';

/** `segments list`. */
export async function segmentsList(ctx: ControlContext, opts: { json?: boolean }): Promise<void> {
  const all = await ctx.api.segments.list();
  emit(ctx, opts.json, all, () =>
    table(
      all.map((s) => ({ ...s, types: idTypesText(s) })),
      [
        ['id', 'ID'],
        ['name', 'NAME'],
        ['openToBusinessUsers', 'BUSINESS USERS'],
        ['types', 'ID TYPES'],
        ['sourceQuery', 'SOURCE'],
      ],
    ),
  );
}

/** `segments show <id>`. */
export async function segmentsShow(ctx: ControlContext, id: string, opts: { json?: boolean }): Promise<void> {
  const s = await ctx.api.segments.get(id);
  emit(ctx, opts.json, s, () =>
    fields([
      ['id', s.id],
      ['name', s.name],
      ['description', s.description || null],
      ['source', s.sourceQuery],
      ['columns', Object.keys(s.columns).length > 0 ? s.columns : null],
      ['id types', idTypesText(s)],
      ['business users', s.openToBusinessUsers],
    ]),
  );
}

/** Options of `segments create|update` (commander's names). */
export interface SegmentOptions {
  name?: string | undefined;
  source?: string | undefined;
  description?: string | undefined;
  map?: string[] | undefined;
  idTypes?: string | undefined;
  businessUsers?: boolean | undefined;
  json?: boolean | undefined;
}

/** The fields the options set; absent options are left out (an update keeps them). */
function segmentFields(opts: SegmentOptions): SegmentPatch {
  return {
    ...(opts.name !== undefined ? { name: opts.name } : {}),
    ...(opts.source !== undefined ? { sourceQuery: opts.source } : {}),
    ...(opts.description !== undefined ? { description: opts.description } : {}),
    ...(opts.map ? { columns: columnMap(opts.map) } : {}),
    ...(opts.idTypes !== undefined
      ? {
          idTypes:
            opts.idTypes === 'default'
              ? null
              : (opts.idTypes.split(',').map((t) => t.trim().toUpperCase()) as Segment['idTypes']),
        }
      : {}),
    ...(opts.businessUsers !== undefined ? { openToBusinessUsers: opts.businessUsers } : {}),
  };
}

/** `segments create`: checked like the API (the source's shape, the mapping's fields, the id types). */
export async function segmentsCreate(
  ctx: ControlContext,
  opts: SegmentOptions & { name: string; source: string },
): Promise<Segment> {
  const saved = await ctx.api.segments.create({
    ...segmentFields(opts),
    name: opts.name,
    sourceQuery: opts.source,
  });
  emit(ctx, opts.json, saved, () => `Segment ${saved.id} created.`);
  return saved;
}

/** `segments update <id>`: the options given replace the stored values. */
export async function segmentsUpdate(
  ctx: ControlContext,
  id: string,
  opts: SegmentOptions,
): Promise<Segment> {
  const saved = await ctx.api.segments.update(id, segmentFields(opts));
  emit(ctx, opts.json, saved, () => `Segment ${saved.id} updated.`);
  return saved;
}

/** `segments delete <id>`: refused while a campaign sends it. */
export async function segmentsDelete(
  ctx: ControlContext,
  id: string,
  opts: { json?: boolean },
): Promise<void> {
  await ctx.api.segments.delete(id);
  emit(ctx, opts.json, { id, deleted: true }, () => `Segment ${id} deleted.`);
}

/** The options `create` and `update` share. */
function addSegmentOptions(command: Command): Command {
  return command
    .option('--description <text>', 'who is in it (shown to business users)')
    .option('--map <field=column...>', 'source column of an identifier field, e.g. email="E-mail"')
    .option('--id-types <types>', 'default user ID types, comma-separated ("default": EMAIL,PHONE)');
}

/** `ttads segments list|show|create|update|delete`, on the store or a running server (`--server`). */
export function registerSegmentsCommand(program: Command): void {
  const cmd = program
    .command('segments')
    .description(
      'Segments: the audiences campaigns send, defined by admins (business users never see the source)',
    );
  addControlOptions(cmd.command('list').description('List segments')).action(
    (opts: Record<string, unknown>) => withControl(opts, (ctx) => segmentsList(ctx, opts)),
  );
  addControlOptions(cmd.command('show <id>').description('One segment')).action(
    (id: string, opts: Record<string, unknown>) => withControl(opts, (ctx) => segmentsShow(ctx, id, opts)),
  );
  addControlOptions(
    addSegmentOptions(
      cmd
        .command('create')
        .description('Define a segment')
        .requiredOption('--name <name>', 'unique name (shown to business users)')
        .requiredOption('--source <source>', 'a file, DuckDB SQL over files, or pg:<query>')
        .option('--business-users', 'open it to business users (name and description, hashed previews)'),
    ),
  ).action((opts: Record<string, unknown>) =>
    withControl(opts, async (ctx) => {
      await segmentsCreate(ctx, opts as unknown as SegmentOptions & { name: string; source: string });
    }),
  );
  addControlOptions(
    addSegmentOptions(
      cmd
        .command('update <id>')
        .description('Change a segment; its campaigns send the new definition')
        .option('--name <name>', 'new name')
        .option('--source <source>', 'new source')
        .option('--business-users', 'open it to business users')
        .option('--no-business-users', 'close it to business users'),
    ),
  ).action((id: string, opts: Record<string, unknown>) =>
    withControl(opts, async (ctx) => {
      await segmentsUpdate(ctx, id, opts);
    }),
  );
  addControlOptions(cmd.command('delete <id>').description('Delete a segment no campaign sends')).action(
    (id: string, opts: Record<string, unknown>) => withControl(opts, (ctx) => segmentsDelete(ctx, id, opts)),
  );
}
