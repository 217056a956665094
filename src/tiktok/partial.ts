/** One item TikTok refused inside a 20001 (partial success) answer. */
export interface PartialFailure {
  /** Position of the item in the request (`data[i]`, `batch_data[i]`). */
  index: number;
  /** TikTok's code for the item, or 20001 when it gave none. */
  code: number;
  message: string;
}

/** Keys under which TikTok lists the refused items of a partial answer, by endpoint and API version. */
const LIST_KEYS = [
  'failed_events',
  'failed_rows',
  'failed_list',
  'failed',
  'error_list',
  'errors',
  'failed_data',
];

function readItem(item: unknown): PartialFailure | undefined {
  if (typeof item === 'number' && Number.isInteger(item)) return { index: item, code: 20001, message: '' };
  if (typeof item !== 'object' || item === null) return undefined;
  const o = item as Record<string, unknown>;
  const index = [o.index, o.event_index, o.row_index, o.idx].find((v) => typeof v === 'number');
  if (typeof index !== 'number' || !Number.isInteger(index)) return undefined;
  const code = typeof o.code === 'number' ? o.code : Number(o.code) || 20001;
  const message = [o.message, o.msg, o.reason].find((v): v is string => typeof v === 'string');
  return { index, code, message: message ?? '' };
}

/**
 * The refused items of a 20001 answer, read item by item from its `data`; `undefined` when the answer does
 * not say which items were refused (then none may be taken as applied).
 */
export function partialFailures(data: unknown): PartialFailure[] | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const o = data as Record<string, unknown>;
  for (const key of LIST_KEYS) {
    const list = o[key];
    if (!Array.isArray(list)) continue;
    const items = list.map(readItem);
    if (items.every((i): i is PartialFailure => i !== undefined)) return items;
  }
  return undefined;
}
