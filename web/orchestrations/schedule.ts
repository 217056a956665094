// Cron expressions in words and their client-side check. The server (croner) has the last word; this only
// catches the usual mistakes before a round trip and tells people what their expression means.
import type { Schedule } from './types';

const NICKNAMES: Record<string, string> = {
  '@yearly': 'once a year, on 1 January at 00:00',
  '@annually': 'once a year, on 1 January at 00:00',
  '@monthly': 'once a month, on the 1st at 00:00',
  '@weekly': 'once a week, on Sunday at 00:00',
  '@daily': 'every day at 00:00',
  '@midnight': 'every day at 00:00',
  '@hourly': 'every hour, on the hour',
};

const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day of week', min: 0, max: 7 },
];

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** Why a cron expression is refused (5 fields, or 6 with seconds first), or undefined when it looks right. */
export function cronProblem(expression: string): string | undefined {
  const text = expression.trim();
  if (text === '' || NICKNAMES[text.toLowerCase()]) return undefined;
  const parts = text.split(/\s+/);
  if (parts.length !== 5 && parts.length !== 6) {
    return (
      `a cron expression has 5 fields (minute hour day-of-month month day-of-week), e.g. "0 6 * * *"; ` +
      `this one has ${parts.length}`
    );
  }
  const fields = parts.length === 6 ? parts.slice(1) : parts;
  for (const [i, value] of fields.entries()) {
    const spec = FIELDS[i];
    if (!spec) continue;
    if (!/^[\dA-Za-z*?#/,LW-]+$/.test(value))
      return `the ${spec.name} field "${value}" has unexpected characters`;
    // Only plain numbers are range-checked: names (MON, JAN) and croner's L/W/# forms are left to the server.
    for (const n of value.split(/[,\-/]/)) {
      if (/^\d+$/.test(n) && !value.includes(`/${n}`) && (Number(n) < spec.min || Number(n) > spec.max)) {
        return `the ${spec.name} field must be between ${spec.min} and ${spec.max} (found ${n})`;
      }
    }
  }
  return undefined;
}

const pad = (n: string) => n.padStart(2, '0');
const isNum = (s: string): boolean => /^\d+$/.test(s);

function days(dow: string): string | undefined {
  if (isNum(dow)) return DAYS[Number(dow)];
  const range = /^(\d)-(\d)$/.exec(dow);
  if (range) return `${DAYS[Number(range[1])]} to ${DAYS[Number(range[2])]}`;
  if (/^\d(,\d)+$/.test(dow))
    return dow
      .split(',')
      .map((d) => DAYS[Number(d)])
      .join(', ');
  return undefined;
}

/** A cron expression in words for the usual forms ("every day at 06:00"); the fields spelled out otherwise. */
export function describeCron(expression: string): string {
  const text = expression.trim();
  const nick = NICKNAMES[text.toLowerCase()];
  if (nick) return nick;
  const parts = text.split(/\s+/);
  const [m = '', h = '', dom = '', mon = '', dow = ''] = parts.length === 6 ? parts.slice(1) : parts;
  const at = isNum(m) && isNum(h) ? `at ${pad(h)}:${pad(m)}` : undefined;
  const everyDay = dom === '*' && mon === '*';
  if (at && everyDay && dow === '*') return `every day ${at}`;
  if (at && everyDay && days(dow)) return `every ${days(dow)} ${at}`;
  if (at && isNum(dom) && mon === '*' && dow === '*') return `on day ${dom} of every month ${at}`;
  if (everyDay && dow === '*' && h === '*') {
    if (m === '*') return 'every minute';
    const step = /^\*\/(\d+)$/.exec(m);
    if (step) return `every ${step[1]} minutes`;
    if (isNum(m)) return `every hour at minute ${m}`;
  }
  const hourStep = /^\*\/(\d+)$/.exec(h);
  if (isNum(m) && hourStep && everyDay && dow === '*') return `every ${hourStep[1]} hours at minute ${m}`;
  return `minute ${m}, hour ${h}, day of month ${dom}, month ${mon}, day of week ${dow}`;
}

/** How a list shows a schedule: `cron 0 6 * * * (America/Los_Angeles)`, or `on demand` for none. */
export function scheduleText(schedule: Schedule | null, none = 'on demand'): string {
  return schedule ? `cron ${schedule.cron} (${schedule.timezone})` : none;
}

/** The browser's IANA time zone (the default of a new schedule). */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Every IANA time zone the browser knows, with UTC first (older browsers: a short list). */
export function timeZones(): string[] {
  const intl = Intl as { supportedValuesOf?: (key: string) => string[] };
  const zones = intl.supportedValuesOf?.('timeZone') ?? ['Europe/London', 'America/New_York'];
  return ['UTC', ...zones.filter((z) => z !== 'UTC')];
}
