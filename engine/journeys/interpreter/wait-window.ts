import { defaultTimeZone, isKnownTimeZone } from '../../definitions/journey/journey-fields.js';
import type { Weekday } from '../../definitions/journey/journey-wait-nodes.schema.js';

/**
 * Time-of-day windows in a time zone, with Intl only (no date library): when
 * does a `waitUntil` window next let a customer through? Pure: the holiday
 * calendar comes in as a function of the local day.
 *
 * Local times that do not exist (the hour skipped when daylight saving time
 * starts) move forward by the gap, as a wall clock would; local times that
 * happen twice (when it ends) mean the first of the two.
 */

export interface TimeWindow {
  /** HH:MM, local. */
  from: string;
  /** HH:MM, local, after `from`; absent: the window is the single minute `from`. */
  to?: string;
  weekdays: readonly Weekday[];
  /** Wait at least until the next business day (not Saturday, Sunday or a holiday) after the day of `now`. */
  nextBusinessDay: boolean;
  /** An IANA zone (the caller resolves `customer`). */
  timeZone: string;
}

const minuteMs = 60_000;
/** How far a search for a business day goes before giving up (a calendar of holidays only). */
const maxSearchDays = 400;
const weekdayOfUtcDay: readonly Weekday[] = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall clock in a zone at an instant, as if it were UTC (milliseconds dropped). */
function wallClockAsUtc(instant: number, timeZone: string): number {
  const p: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
}

/** The zone's offset from UTC at an instant, in milliseconds (Seoul: +9 h). */
export function zoneOffsetMs(instant: number, timeZone: string): number {
  return wallClockAsUtc(instant, timeZone) - Math.floor(instant / 1000) * 1000;
}

/** The local calendar day of an instant in a zone: YYYY-MM-DD. */
export function localDay(instant: number, timeZone: string): string {
  return new Date(wallClockAsUtc(instant, timeZone)).toISOString().slice(0, 10);
}

/** The instant a local wall-clock time (a UTC-encoded day plus minutes, which may overflow into the next day) happens in a zone. */
function instantOfLocal(utcDay: number, minutes: number, timeZone: string): number {
  const wall = utcDay + minutes * minuteMs;
  const first = wall - zoneOffsetMs(wall, timeZone);
  const offset = zoneOffsetMs(first, timeZone);
  if (wall - offset === first) return first;
  const second = wall - offset;
  if (zoneOffsetMs(second, timeZone) === offset) return second;
  // Neither reading keeps the wall clock: a skipped hour; move forward by the gap.
  return Math.max(first, second);
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** An IANA zone to compute with: `customer` is the customer's zone; an unknown zone falls back to Asia/Seoul rather than fail. */
export function resolveWindowZone(zone: string, customerZone: string): string {
  const wanted = zone === 'customer' ? customerZone : zone;
  return isKnownTimeZone(wanted) ? wanted : defaultTimeZone;
}

/**
 * The first moment at or after `now` inside the window: `now` itself when
 * the window is open, else the opening of the next allowed day's window.
 * With `nextBusinessDay`, no earlier than the window of the first business
 * day after today (today = the local day of `now`), or of the first allowed
 * weekday after that business day. Null when no such moment is found within
 * about a year (a holiday calendar that never lets a business day through).
 */
export function nextWindowMoment(window: TimeWindow, now: number, isHoliday: (day: string) => boolean): number | null {
  const { timeZone } = window;
  const today = Date.parse(`${localDay(now, timeZone)}T00:00:00Z`);
  const dayAt = (offset: number) => today + offset * 86_400_000;
  const weekdayAt = (offset: number) => weekdayOfUtcDay[new Date(dayAt(offset)).getUTCDay()];

  let firstDay = 0;
  if (window.nextBusinessDay) {
    firstDay = 1;
    const isBusinessDay = (offset: number) => {
      const weekday = weekdayAt(offset);
      return weekday !== 'SAT' && weekday !== 'SUN' && !isHoliday(new Date(dayAt(offset)).toISOString().slice(0, 10));
    };
    while (!isBusinessDay(firstDay)) {
      firstDay += 1;
      if (firstDay > maxSearchDays) return null;
    }
  }

  const from = minutesOf(window.from);
  const to = window.to === undefined ? from + 1 : minutesOf(window.to);
  for (let offset = firstDay; offset < firstDay + 8; offset += 1) {
    if (!window.weekdays.includes(weekdayAt(offset))) continue;
    const opens = instantOfLocal(dayAt(offset), from, timeZone);
    const closes = instantOfLocal(dayAt(offset), to, timeZone);
    if (opens < closes && now < closes) return Math.max(now, opens);
  }
  return null;
}
