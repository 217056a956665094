import { describe, expect, it } from 'vitest';
import { readPage, toAudienceDetails, toAudienceSummary, toGrant } from './mappers.js';

describe('readPage', () => {
  it('follows total_page when TikTok gives it', () => {
    expect(readPage({ list: [1, 2], page_info: { total_page: 3 } }, 2)).toEqual({ rows: [1, 2], more: true });
    expect(readPage({ list: [1], page_info: { total_page: 3 } }, 3)).toEqual({ rows: [1], more: false });
  });

  it('without total_page, asks for another page only after a full one', () => {
    expect(readPage({ list: [1, 2], page_info: { page_size: 2 } }, 1).more).toBe(true);
    expect(readPage({ list: [1], page_info: { page_size: 2 } }, 1).more).toBe(false);
    expect(readPage({}, 1)).toEqual({ rows: [], more: false });
  });

  it('stops on an empty page even if total_page says otherwise', () => {
    expect(readPage({ list: [], page_info: { total_page: 9 } }, 2).more).toBe(false);
  });
});

describe('audience rows', () => {
  it('accepts numeric ids, string counts and the custom_audience_id alias', () => {
    expect(toAudienceSummary({ custom_audience_id: 42, name: 'x', cover_num: '1500' })).toMatchObject({
      audienceId: '42',
      coverNum: 1500,
    });
  });

  it('reads details nested under audience_details or flat', () => {
    const nested = toAudienceDetails({ audience_details: { audience_id: '1', name: 'n', is_creator: true } });
    expect(nested).toMatchObject({ audienceId: '1', name: 'n', isCreator: true });
    expect(toAudienceDetails({ audience_id: '2', name: 'm', is_valid: true })).toMatchObject({
      audienceId: '2',
      isValid: true,
    });
  });
});

describe('toGrant', () => {
  it('tolerates missing fields', () => {
    expect(toGrant({})).toEqual({ accessToken: '', advertiserIds: [], scope: [] });
  });
});
