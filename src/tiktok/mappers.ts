import type {
  AccessTokenGrant,
  AdvertiserInfo,
  AudienceDetails,
  AudienceSummary,
  AuthorizedAdvertiser,
} from './types.js';

type Json = Record<string, unknown>;

function obj(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** TikTok ids are strings in v1.3, but older answers and some tools give numbers. */
function id(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint'
    ? String(value)
    : '';
}

function optString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

function optNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return undefined;
}

function optBool(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

/** `oauth2/access_token/` data. */
export function toGrant(data: unknown): AccessTokenGrant {
  const d = obj(data);
  return {
    accessToken: id(d.access_token),
    advertiserIds: list(d.advertiser_ids).map(id),
    scope: list(d.scope).filter((s): s is number | string => typeof s === 'number' || typeof s === 'string'),
  };
}

/** `oauth2/advertiser/get/` data. */
export function toAuthorizedAdvertisers(data: unknown): AuthorizedAdvertiser[] {
  return list(obj(data).list).map((row) => {
    const r = obj(row);
    return {
      advertiserId: id(r.advertiser_id),
      advertiserName: optString(r.advertiser_name ?? r.name) ?? '',
    };
  });
}

/** `advertiser/info/` data. */
export function toAdvertiserInfo(data: unknown): AdvertiserInfo[] {
  return list(obj(data).list).map((row) => {
    const r = obj(row);
    return {
      advertiserId: id(r.advertiser_id),
      name: optString(r.name ?? r.advertiser_name) ?? '',
      status: optString(r.status),
      currency: optString(r.currency),
      timezone: optString(r.timezone),
      company: optString(r.company),
      role: optString(r.role),
    };
  });
}

/** One audience row; `custom_audience_id` is accepted as an alias seen in some answers. */
export function toAudienceSummary(row: unknown): AudienceSummary {
  const r = obj(row);
  return {
    audienceId: id(r.audience_id ?? r.custom_audience_id),
    name: optString(r.name ?? r.custom_audience_name) ?? '',
    coverNum: optNumber(r.cover_num),
    isValid: optBool(r.is_valid),
    isExpiring: optBool(r.is_expiring),
    audienceType: optString(r.audience_type),
    calculateType: optString(r.calculate_type),
    createTime: optString(r.create_time),
    expiredTime: optString(r.expired_time),
  };
}

/** `dmp/custom_audience/get/` rows carry their fields under `audience_details`; flat rows are accepted too. */
export function toAudienceDetails(row: unknown): AudienceDetails {
  const r = obj(row);
  const details = r.audience_details === undefined ? r : obj(r.audience_details);
  return {
    ...toAudienceSummary(details),
    isCreator: optBool(details.is_creator),
    calculateStatus: optString(details.calculate_status ?? details.status),
  };
}

/** A page of a paged list: its rows and whether another page follows. */
export function readPage(data: unknown, page: number): { rows: unknown[]; more: boolean } {
  const d = obj(data);
  const rows = list(d.list);
  const info = obj(d.page_info);
  const totalPage = optNumber(info.total_page);
  if (totalPage !== undefined) return { rows, more: page < totalPage && rows.length > 0 };
  const pageSize = optNumber(info.page_size);
  // Without total_page, a full page may be followed by another one.
  return { rows, more: pageSize !== undefined && rows.length >= pageSize && rows.length > 0 };
}
