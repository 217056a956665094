import { describe, expect, it } from 'vitest';
import { InvalidRequest, MissingPermission } from '../tiktok/index.js';
import { isEventLevel, tiktokReject } from './tiktok-rejects.js';

const invalid = (code: number, message: string) =>
  new InvalidRequest({ code, message, endpoint: 'event/track/' });

describe('tiktokReject', () => {
  it.each([
    ['data[3].event_time is out of range', 'timestamp'],
    ['data[0].user.email is not hashed: expected a lowercase hex SHA-256', 'email'],
    ['data[12].user.user_agent must be a string', 'agent'],
    ['data[1].user.ttp must be a string', 'cookie_id'],
    ['data[1].properties.contents[2].price must be a number', 'price'],
    ['data[1].properties.currency is not an ISO 4217 currency code', 'currency'],
    ['data[7].event "Buy" is not a supported event', 'event'],
    ['something went wrong', '(event)'],
  ])('%s -> %s', (message, field) => {
    expect(tiktokReject(invalid(40002, message))).toEqual({ reason: 'tiktok_40002', field, message });
  });

  it('charges parameter errors to events, and request, settings or permission errors to the run', () => {
    expect(isEventLevel(invalid(40002, 'x'))).toBe(true);
    expect(isEventLevel(invalid(40062, 'x'))).toBe(true);
    expect(isEventLevel(invalid(40007, 'Event set 1 does not exist'))).toBe(false);
    expect(isEventLevel(new MissingPermission({ code: 40001, message: 'x', endpoint: 'event/track/' }))).toBe(
      false,
    );
  });
});
