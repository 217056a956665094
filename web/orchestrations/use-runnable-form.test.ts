import { describe, expect, it } from 'vitest';
import { nameAndScheduleProblems } from './use-runnable-form';

describe('nameAndScheduleProblems', () => {
  it('asks for a name and flags a cron of the wrong shape', () => {
    const p = nameAndScheduleProblems({ name: '  ', cron: '0 6 * *' });
    expect(p.name).toBe('give it a name');
    expect(p['schedule.cron']).toBeTruthy();
  });

  it('accepts a named object with no schedule or a valid one', () => {
    expect(nameAndScheduleProblems({ name: 'Buyers', cron: '' })).toEqual({});
    expect(nameAndScheduleProblems({ name: 'Buyers', cron: '0 6 * * *' })).toEqual({});
  });
});
