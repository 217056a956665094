import type { AudienceRecord, AudienceStatus } from './audience-store.js';

const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/** TikTok's time format in audience answers: `YYYY-MM-DD HH:mm:ss` (UTC). */
export function formatTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** An entry of `dmp/custom_audience/list/`. */
export function audienceListItem(a: AudienceRecord, s: AudienceStatus): Record<string, unknown> {
  return {
    audience_id: a.audience_id,
    name: a.name,
    audience_type: 'Partner Audience',
    cover_num: s.cover_num,
    is_valid: s.is_valid,
    is_expiring: false,
    is_creator: true,
    shared: false,
    calculate_type: 'MULTIPLE_TYPES',
    create_time: formatTime(a.created_at),
    expired_time: formatTime(a.created_at + YEAR_MS),
  };
}

/** An entry of `dmp/custom_audience/get/`: details plus the change history. */
export function audienceDetails(a: AudienceRecord, s: AudienceStatus): Record<string, unknown> {
  return {
    audience_details: {
      audience_id: a.audience_id,
      name: a.name,
      type: 'Partner',
      audience_sub_type: 'NORMAL',
      cover_num: s.cover_num,
      is_valid: s.is_valid,
      is_expiring: false,
      is_creator: true,
      shared: false,
      is_auto_refresh: false,
      calculate_type: 'MULTIPLE_TYPES',
      create_time: formatTime(a.created_at),
      expired_time: formatTime(a.created_at + YEAR_MS),
      error_msg: null,
      msg: null,
    },
    audience_history: a.history.map((h) => ({
      opt_time: formatTime(h.at),
      action: h.action,
      action_detail: '0',
      editor: 'open_api',
      msg: null,
    })),
  };
}
