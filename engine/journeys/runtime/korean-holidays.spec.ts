import { koreanHolidayCalendar } from './korean-holidays.js';

describe('Korean public holidays (date-holidays)', () => {
  const isHoliday = koreanHolidayCalendar(['2026-06-03']);

  it('knows fixed, lunar and substitute holidays', () => {
    expect(isHoliday('2026-01-01')).toBe(true); // 신정
    expect(isHoliday('2026-03-02')).toBe(true); // 3·1절 대체공휴일
    expect(isHoliday('2026-09-25')).toBe(true); // 추석 연휴 (multi-day range)
    expect(isHoliday('2026-12-25')).toBe(true);
  });

  it('treats ordinary days as business days', () => {
    expect(isHoliday('2026-12-02')).toBe(false);
    expect(isHoliday('2026-12-24')).toBe(false);
  });

  it('adds closures the bank declares itself', () => {
    expect(isHoliday('2026-06-03')).toBe(true);
    expect(koreanHolidayCalendar()('2026-06-03')).toBe(false);
  });
});
