import { ApiError } from './envelope.js';
import { decodeHexBytes, decodeHexString, WORDS_PER_CELL, type MappingBatch } from './mapping-batch.js';
import { RawBatch } from './mapping-bytes.js';
import type { IdType } from './types.js';
import { hexLengthOf, isIdType, isRecord } from './validation.js';

export interface MappingRequest {
  action: 'add' | 'delete';
  batch: MappingBatch;
}

type AudienceCheck = (id: unknown, where: string) => string;

/** Reads `advertiser_ids` of a mapping body (ids as strings), or a 40002. */
export function readAdvertiserIds(body: Record<string, unknown>): string[] {
  const ids = body.advertiser_ids;
  if (!Array.isArray(ids) || ids.length === 0)
    throw new ApiError(40002, 'advertiser_ids must be a non-empty array');
  return ids.map((v) => {
    if (typeof v === 'string' && v.length > 0) return v;
    if (typeof v === 'number' && Number.isInteger(v)) return String(v);
    throw new ApiError(40002, 'advertiser_ids must contain advertiser ids');
  });
}

function readSchema(value: unknown): IdType[] {
  if (!Array.isArray(value) || value.length === 0)
    throw new ApiError(40002, 'id_schema must be a non-empty array');
  const schema: IdType[] = [];
  for (const [i, t] of value.entries()) {
    if (!isIdType(t)) throw new ApiError(40002, `id_schema[${i}] is not a supported id type`);
    if (schema.includes(t)) throw new ApiError(40002, `id_schema lists ${t} twice`);
    schema.push(t);
  }
  return schema;
}

/**
 * Checks a whole `segment/mapping/` body by TikTok's rules before anything is applied: row width equals
 * `id_schema` (40002), ids are lowercase hex digests of the declared type (40062), batch size (40061),
 * audiences exist (40007) and belong to one of the request's advertisers (40002). `batch_data` may be a
 * RawBatch read from the body's bytes or a parsed array; both are checked in the same order, one by one.
 */
export function validateMapping(
  body: Record<string, unknown>,
  advertiserIds: readonly string[],
  ownerOf: (audienceId: string) => string | undefined,
  batchLimit: number,
): MappingRequest {
  const action = body.action;
  if (action !== 'add' && action !== 'delete') throw new ApiError(40002, 'action must be add or delete');
  const schema = readSchema(body.id_schema);
  const batch = body.batch_data;
  const rows = batch instanceof RawBatch ? batch.rows : Array.isArray(batch) ? batch.length : 0;
  if (rows === 0) throw new ApiError(40002, 'batch_data must be a non-empty array');
  if (rows > batchLimit)
    throw new ApiError(40061, `batch_data has ${rows} rows; at most ${batchLimit} are allowed`);
  const checkedAudiences = new Set<string>();
  const checkAudience: AudienceCheck = (id, where) => {
    const key = typeof id === 'number' ? String(id) : id;
    if (typeof key !== 'string' || key === '')
      throw new ApiError(40002, `${where} must contain audience ids`);
    if (checkedAudiences.has(key)) return key;
    const owner = ownerOf(key);
    if (owner === undefined) throw new ApiError(40007, `${where}: audience ${key} does not exist`);
    if (!advertiserIds.includes(owner))
      throw new ApiError(
        40002,
        `${where}: audience ${key} does not belong to the advertisers of this request`,
      );
    checkedAudiences.add(key);
    return key;
  };
  // A raw batch that is not clean (a row of the wrong width, an id that is not plain hex of the right
  // length) is parsed again the general way, which finds and words the problem exactly.
  const checked =
    (batch instanceof RawBatch ? checkRawBatch(batch, schema, checkAudience) : undefined) ??
    checkParsedBatch(parsedBatch(batch), schema, checkAudience);
  return { action, batch: checked };
}

function parsedBatch(batch: unknown): unknown[] {
  if (!(batch instanceof RawBatch)) return batch as unknown[];
  return (JSON.parse(batch.body.toString('utf8')) as { batch_data: unknown[] }).batch_data;
}

function badWidth(i: number, width: number): ApiError {
  return new ApiError(40002, `batch_data[${i}] must have ${width} items, one per id_schema entry`);
}

function badId(where: string, type: IdType): ApiError {
  return new ApiError(40062, `${where}.id is not a lowercase hex ${type.split('_')[1]} hash`);
}

function checkList(ids: unknown, where: string, checkAudience: AudienceCheck): string[] {
  if (!Array.isArray(ids) || ids.length === 0)
    throw new ApiError(40002, `${where}.audience_ids must be a non-empty array`);
  return ids.map((a) => checkAudience(a, `${where}.audience_ids`));
}

/**
 * The hot path: digests decoded from the body's bytes, each audience list checked once. Undefined when a
 * row or an id is not clean; audience problems are thrown here, in the order the general path finds them.
 */
function checkRawBatch(
  raw: RawBatch,
  schema: IdType[],
  checkAudience: AudienceCheck,
): MappingBatch | undefined {
  const width = schema.length;
  const lengths = schema.map(hexLengthOf);
  const cells = raw.rows * width;
  const words = new Uint32Array(cells * WORDS_PER_CELL);
  const listOf = new Int32Array(cells);
  const lists: (string[] | undefined)[] = [];
  const rowStart = raw.rowStart.data;
  const { idStart, idEnd, listOf: rawList } = raw;
  for (let i = 0; i < raw.rows; i++) {
    const first = rowStart[i]!;
    const end = i + 1 < raw.rows ? rowStart[i + 1]! : idStart.length;
    if (end - first !== width) return undefined;
    for (let j = 0; j < width; j++) {
      const c = first + j;
      const start = idStart.data[c]!;
      const cell = i * width + j;
      if (start < 0) {
        listOf[cell] = -1;
        continue;
      }
      const length = lengths[j]!;
      if (
        idEnd.data[c]! - start !== length ||
        !decodeHexBytes(raw.body, start, length, words, cell * WORDS_PER_CELL)
      )
        return undefined;
      const list = rawList.data[c]!;
      lists[list] ??= checkList(raw.lists[list], `batch_data[${i}][${j}]`, checkAudience);
      listOf[cell] = list;
    }
  }
  return { schema, rows: raw.rows, listOf, audienceLists: lists.map((l) => l ?? []), words };
}

/** The general path, for bodies of any other shape (JSON.parse output). */
function checkParsedBatch(batch: unknown[], schema: IdType[], checkAudience: AudienceCheck): MappingBatch {
  const width = schema.length;
  const words = new Uint32Array(batch.length * width * WORDS_PER_CELL);
  const listOf = new Int32Array(batch.length * width);
  const audienceLists: string[][] = [];
  batch.forEach((row: unknown, i) => {
    if (!Array.isArray(row) || row.length !== width) throw badWidth(i, width);
    row.forEach((cell: unknown, j) => {
      const where = `batch_data[${i}][${j}]`;
      const index = i * width + j;
      if (!isRecord(cell)) throw new ApiError(40002, `${where} must be an object`);
      listOf[index] = -1;
      if (cell.id === undefined && cell.audience_ids === undefined) return;
      const type = schema[j]!;
      if (
        typeof cell.id !== 'string' ||
        !decodeHexString(cell.id, hexLengthOf(type), words, index * WORDS_PER_CELL)
      )
        throw badId(where, type);
      listOf[index] = audienceLists.push(checkList(cell.audience_ids, where, checkAudience)) - 1;
    });
  });
  return { schema, rows: batch.length, listOf, audienceLists, words };
}
