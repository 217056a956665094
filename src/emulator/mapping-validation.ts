import type { MappingCell } from './audience-store.js';
import { ApiError } from './envelope.js';
import type { IdType } from './types.js';
import { isHashOf, isIdType, isRecord } from './validation.js';

export interface MappingRequest {
  action: 'add' | 'delete';
  schema: IdType[];
  /** One entry per row, lined up with `schema`; null where the row had `{}`. */
  rows: (MappingCell | null)[][];
}

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
 * audiences exist (40007) and belong to one of the request's advertisers (40002).
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
  if (!Array.isArray(batch) || batch.length === 0)
    throw new ApiError(40002, 'batch_data must be a non-empty array');
  if (batch.length > batchLimit)
    throw new ApiError(40061, `batch_data has ${batch.length} rows; at most ${batchLimit} are allowed`);
  const checkedAudiences = new Set<string>();
  const checkAudience = (id: unknown, where: string): string => {
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
  const rows = batch.map((row: unknown, i) => {
    if (!Array.isArray(row) || row.length !== schema.length)
      throw new ApiError(40002, `batch_data[${i}] must have ${schema.length} items, one per id_schema entry`);
    return row.map((cell: unknown, j): MappingCell | null => {
      const where = `batch_data[${i}][${j}]`;
      if (!isRecord(cell)) throw new ApiError(40002, `${where} must be an object`);
      if (cell.id === undefined && cell.audience_ids === undefined) return null;
      const type = schema[j]!;
      if (!isHashOf(type, cell.id))
        throw new ApiError(40062, `${where}.id is not a lowercase hex ${type.split('_')[1]} hash`);
      const ids = cell.audience_ids;
      if (!Array.isArray(ids) || ids.length === 0)
        throw new ApiError(40002, `${where}.audience_ids must be a non-empty array`);
      return { id: cell.id, audience_ids: ids.map((a) => checkAudience(a, `${where}.audience_ids`)) };
    });
  });
  return { action, schema, rows };
}
