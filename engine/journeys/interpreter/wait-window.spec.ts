import { localDay, nextWindowMoment, resolveWindowZone, zoneOffsetMs, type TimeWindow } from './wait-window.js';

const weekdays: TimeWindow['weekdays'] = ['MON', 'TUE', 'WED', 'THU', 'FRI'];
const everyDay: TimeWindow['weekdays'] = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'];
const seoul = (from: string, to: string | undefined, extra: Partial<TimeWindow> = {}): TimeWindow => ({
  from,
  to,
  weekdays,
  nextBusinessDay: false,
  timeZone: 'Asia/Seoul',
  ...extra,
});
const at = (iso: string) => Date.parse(iso);
const noHolidays = () => false;
const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

test('Friday afternoon after a weekday 10:00-12:00 window: Monday 10:00 KST', () => {
  expect(iso(nextWindowMoment(seoul('10:00', '12:00'), at('2026-12-04T13:00:00+09:00'), noHolidays))).toBe(iso(at('2026-12-07T10:00:00+09:00')));
});

test('before the window opens the same day: that day at the opening', () => {
  expect(iso(nextWindowMoment(seoul('10:00', '12:00'), at('2026-12-02T08:15:00+09:00'), noHolidays))).toBe(iso(at('2026-12-02T10:00:00+09:00')));
});

test('a window already open lets the customer through at once (to the millisecond)', () => {
  const now = at('2026-12-02T11:59:59.500+09:00');
  expect(nextWindowMoment(seoul('10:00', '12:00'), now, noHolidays)).toBe(now);
  // The end is excluded: at 12:00 the window has closed, the next one is tomorrow.
  expect(iso(nextWindowMoment(seoul('10:00', '12:00'), at('2026-12-02T12:00:00+09:00'), noHolidays))).toBe(iso(at('2026-12-03T10:00:00+09:00')));
});

test('a window open on a day that is not allowed does not let through', () => {
  // Saturday 11:00, weekdays only.
  expect(iso(nextWindowMoment(seoul('10:00', '12:00'), at('2026-12-05T11:00:00+09:00'), noHolidays))).toBe(iso(at('2026-12-07T10:00:00+09:00')));
});

test('without an end the window is the single minute "from"', () => {
  expect(nextWindowMoment(seoul('09:00', undefined), at('2026-12-02T09:00:30+09:00'), noHolidays)).toBe(at('2026-12-02T09:00:30+09:00'));
  expect(iso(nextWindowMoment(seoul('09:00', undefined), at('2026-12-02T09:01:00+09:00'), noHolidays))).toBe(iso(at('2026-12-03T09:00:00+09:00')));
});

test('next business day across a holiday and a weekend: Thursday 24 Dec -> Monday 28 Dec 09:00 KST', () => {
  const asked: string[] = [];
  const isHoliday = (day: string) => {
    asked.push(day);
    return day === '2026-12-25';
  };
  const w = seoul('09:00', undefined, { nextBusinessDay: true });
  expect(iso(nextWindowMoment(w, at('2026-12-24T15:00:00+09:00'), isHoliday))).toBe(iso(at('2026-12-28T09:00:00+09:00')));
  // Asked about the 25th (holiday); the weekend is a weekend without asking; the 28th is a business day.
  expect(asked).toEqual(['2026-12-25', '2026-12-28']);
  // Without the holiday the next business day is Friday the 25th.
  expect(iso(nextWindowMoment(w, at('2026-12-24T15:00:00+09:00'), noHolidays))).toBe(iso(at('2026-12-25T09:00:00+09:00')));
});

test("next business day means after today even when today's window is still ahead", () => {
  const w = seoul('09:00', '11:00', { nextBusinessDay: true });
  expect(iso(nextWindowMoment(w, at('2026-12-07T07:00:00+09:00'), noHolidays))).toBe(iso(at('2026-12-08T09:00:00+09:00')));
});

test('next business day, then the first allowed weekday on or after it', () => {
  // Thursday; next business day Friday, but only Mondays and Wednesdays are allowed.
  const w = seoul('09:00', '11:00', { nextBusinessDay: true, weekdays: ['MON', 'WED'] });
  expect(iso(nextWindowMoment(w, at('2026-12-03T10:00:00+09:00'), noHolidays))).toBe(iso(at('2026-12-07T09:00:00+09:00')));
});

test("the holiday calendar is asked about local days of the window's zone", () => {
  // 23:30 on Thursday 24 Dec in Seoul is still Thursday there (14:30 UTC).
  const asked: string[] = [];
  nextWindowMoment(seoul('09:00', undefined, { nextBusinessDay: true }), at('2026-12-24T23:30:00+09:00'), (day) => (asked.push(day), false));
  expect(asked[0]).toBe('2026-12-25');
});

test('a calendar that never has a business day gives no moment instead of looping', () => {
  expect(nextWindowMoment(seoul('09:00', undefined, { nextBusinessDay: true }), at('2026-12-24T15:00:00+09:00'), () => true)).toBeNull();
});

test('another zone: Los Angeles', () => {
  const w: TimeWindow = { from: '10:00', to: '12:00', weekdays, nextBusinessDay: false, timeZone: 'America/Los_Angeles' };
  // Friday 4 Dec 13:00 PST -> Monday 7 Dec 10:00 PST (18:00 UTC).
  expect(iso(nextWindowMoment(w, at('2026-12-04T13:00:00-08:00'), noHolidays))).toBe('2026-12-07T18:00:00.000Z');
  // The same instant is already Saturday in Seoul: the zone decides the day.
  expect(iso(nextWindowMoment({ ...w, timeZone: 'Asia/Seoul' }, at('2026-12-04T13:00:00-08:00'), noHolidays))).toBe(iso(at('2026-12-07T10:00:00+09:00')));
});

test('daylight saving time in New York: 09:00-09:15 local on either side of 8 March 2026', () => {
  const w: TimeWindow = { from: '09:00', to: '09:15', weekdays: everyDay, nextBusinessDay: false, timeZone: 'America/New_York' };
  // Saturday 09:30 EST (14:30 UTC) -> Sunday 09:00 EDT (13:00 UTC): 22.5 hours later, not 24.
  expect(iso(nextWindowMoment(w, at('2026-03-07T09:30:00-05:00'), noHolidays))).toBe('2026-03-08T13:00:00.000Z');
  // Before the change the same window is 14:00 UTC.
  expect(iso(nextWindowMoment(w, at('2026-03-07T06:00:00-05:00'), noHolidays))).toBe('2026-03-07T14:00:00.000Z');
  // In the autumn back to EST: Sunday 1 Nov 2026 09:00 EST = 14:00 UTC.
  expect(iso(nextWindowMoment(w, at('2026-10-31T09:30:00-04:00'), noHolidays))).toBe('2026-11-01T14:00:00.000Z');
});

test('a local time skipped by daylight saving time moves forward by the gap', () => {
  // 02:30 does not exist in New York on 8 March 2026; the clock reads 03:30 EDT (07:30 UTC) then.
  const w: TimeWindow = { from: '02:30', to: '04:00', weekdays: everyDay, nextBusinessDay: false, timeZone: 'America/New_York' };
  expect(iso(nextWindowMoment(w, at('2026-03-08T00:00:00-05:00'), noHolidays))).toBe('2026-03-08T07:30:00.000Z');
  // 01:30 happens twice on 1 November 2026: the first (EDT, 05:30 UTC).
  const twice: TimeWindow = { ...w, from: '01:30', to: '03:00' };
  expect(iso(nextWindowMoment(twice, at('2026-11-01T00:00:00-04:00'), noHolidays))).toBe('2026-11-01T05:30:00.000Z');
});

test('helpers: offsets, local days, zone resolution', () => {
  expect(zoneOffsetMs(at('2026-12-01T00:00:00Z'), 'Asia/Seoul')).toBe(9 * 3600_000);
  expect(zoneOffsetMs(at('2026-07-01T00:00:00Z'), 'America/New_York')).toBe(-4 * 3600_000);
  expect(localDay(at('2026-12-24T15:30:00Z'), 'Asia/Seoul')).toBe('2026-12-25');
  expect(localDay(at('2026-12-24T15:30:00Z'), 'America/New_York')).toBe('2026-12-24');
  expect(resolveWindowZone('customer', 'Europe/Paris')).toBe('Europe/Paris');
  expect(resolveWindowZone('America/New_York', 'Europe/Paris')).toBe('America/New_York');
  expect(resolveWindowZone('customer', 'Not/AZone')).toBe('Asia/Seoul');
});
