import Holidays from 'date-holidays';

/**
 * Korean public holidays from `date-holidays` (maintained upstream, with the
 * lunar holidays and substitute days computed per year), never a hand-typed
 * list. A holiday spanning several days (설날, 추석 연휴) marks each day of
 * its range. `extraDays` are closures the bank declares itself (e.g. an
 * election day or a temporary holiday announced late), from configuration.
 */
export function koreanHolidayCalendar(extraDays: readonly string[] = []): (day: string) => boolean {
  const hd = new Holidays('KR', { types: ['public'] });
  const byYear = new Map<number, Set<string>>();
  const extra = new Set(extraDays);
  const daysOf = (year: number): Set<string> => {
    let days = byYear.get(year);
    if (days) return days;
    days = new Set<string>();
    for (const h of hd.getHolidays(year) || []) {
      // start/end are the holiday's range in Korean time; walk it day by day (end exclusive).
      for (let t = h.start.getTime(); t < h.end.getTime(); t += 86_400_000) days.add(seoulDay(t));
    }
    byYear.set(year, days);
    return days;
  };
  return (day: string) => extra.has(day) || daysOf(Number(day.slice(0, 4))).has(day);
}

function seoulDay(epochMs: number): string {
  return new Date(epochMs + 9 * 3_600_000).toISOString().slice(0, 10);
}
