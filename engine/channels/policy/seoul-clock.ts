import { localDay, nextWindowMoment, zoneOffsetMs, type TimeWindow } from '../../journeys/interpreter/wait-window.js';
import type { Weekday } from '../../definitions/journey/journey-wait-nodes.schema.js';

/**
 * Local clock arithmetic for the send policy, zone-correct through Intl
 * (engine/journeys/interpreter/wait-window.ts). Asia/Seoul has had no
 * daylight saving time since 1988, but nothing here assumes a fixed +9 h.
 */

const dayMs = 86_400_000;
const everyDay: readonly Weekday[] = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'];

/** Instants a policy may compute with: finite and far enough inside Date's range for a week either side. */
export function isInstant(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x) && Math.abs(x) <= 8.64e15 - 8 * dayMs;
}

const hhmm = /^([01]\d|2[0-3]):([0-5]\d)$/;
export const isClockTime = (s: unknown): s is string => typeof s === 'string' && hhmm.test(s);

const windows = new Map<string, TimeWindow>();
/** The daytime window (night end → night start) as a wait window, every day of the week. */
function daytime(night: { start: string; end: string }, timeZone: string): TimeWindow {
  const key = `${night.end}|${night.start}|${timeZone}`;
  let w = windows.get(key);
  if (!w) {
    w = { from: night.end, to: night.start, weekdays: everyDay, nextBusinessDay: false, timeZone };
    windows.set(key, w);
  }
  return w;
}

const noHoliday = () => false;

/**
 * When the night around `now` ends: null when `now` is in the daytime
 * (night.end <= local time < night.start), else the instant of the next
 * local `night.end` (the same day before it, the next day after night.start).
 */
export function nightEndsAt(now: number, night: { start: string; end: string }, timeZone: string): number | null {
  const opens = nextWindowMoment(daytime(night, timeZone), now, noHoliday);
  // null cannot happen with every weekday allowed; fail towards "night" by an hour rather than throw.
  if (opens === null) return now + 3_600_000;
  return opens > now ? opens : null;
}

/** The instant a local calendar day (YYYY-MM-DD) begins in a zone. */
export function startOfLocalDay(day: string, timeZone: string): number {
  const wall = Date.parse(`${day}T00:00:00Z`);
  const guess = wall - zoneOffsetMs(wall, timeZone);
  return wall - zoneOffsetMs(guess, timeZone);
}

export interface LocalPeriod {
  /** The local day the period starts on, YYYY-MM-DD. */
  label: string;
  start: number;
  end: number;
}

/** The local calendar day of `now`. */
export function localDayPeriod(now: number, timeZone: string): LocalPeriod {
  const label = localDay(now, timeZone);
  const next = new Date(Date.parse(`${label}T00:00:00Z`) + dayMs).toISOString().slice(0, 10);
  return { label, start: startOfLocalDay(label, timeZone), end: startOfLocalDay(next, timeZone) };
}

/** The local Monday-start calendar week of `now`. */
export function localWeekPeriod(now: number, timeZone: string): LocalPeriod {
  const today = Date.parse(`${localDay(now, timeZone)}T00:00:00Z`);
  const sinceMonday = (new Date(today).getUTCDay() + 6) % 7;
  const monday = new Date(today - sinceMonday * dayMs).toISOString().slice(0, 10);
  const nextMonday = new Date(today + (7 - sinceMonday) * dayMs).toISOString().slice(0, 10);
  return { label: monday, start: startOfLocalDay(monday, timeZone), end: startOfLocalDay(nextMonday, timeZone) };
}
