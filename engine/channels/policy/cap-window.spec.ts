import { capKeyGraceSeconds, capWindowKeys } from './cap-window.js';
import { seoul } from './send-policy.fixtures.js';

describe('capWindowKeys', () => {
  test('day and Monday-start week buckets in Seoul time, with the customer as hash tag', () => {
    const now = seoul('2026-12-02T12:00:00.000'); // a Wednesday
    const { day, week } = capWindowKeys(77, 'sms', now);
    expect(day).toEqual({
      key: 'send-cap:{c:77}:sms:day:2026-12-02',
      start: seoul('2026-12-02T00:00:00.000'),
      end: seoul('2026-12-03T00:00:00.000'),
      ttlSeconds: 12 * 3600 + capKeyGraceSeconds,
    });
    expect(week).toEqual({
      key: 'send-cap:{c:77}:sms:week:2026-11-30',
      start: seoul('2026-11-30T00:00:00.000'),
      end: seoul('2026-12-07T00:00:00.000'),
      ttlSeconds: (4 * 24 + 12) * 3600 + capKeyGraceSeconds,
    });
  });

  test('the Seoul day, not the UTC day: 08:59 UTC-day-before is already the next Seoul day', () => {
    // 2026-12-06T15:00Z is Monday 00:00 in Seoul: a new day and a new week
    const before = capWindowKeys(1, 'push', Date.parse('2026-12-06T14:59:59.999Z'));
    const after = capWindowKeys(1, 'push', Date.parse('2026-12-06T15:00:00.000Z'));
    expect(before.day.key).toBe('send-cap:{c:1}:push:day:2026-12-06');
    expect(before.week.key).toBe('send-cap:{c:1}:push:week:2026-11-30');
    expect(after.day.key).toBe('send-cap:{c:1}:push:day:2026-12-07');
    expect(after.week.key).toBe('send-cap:{c:1}:push:week:2026-12-07');
    expect(before.day.ttlSeconds).toBe(1 + capKeyGraceSeconds);
  });

  test('a Sunday belongs to the week that started the Monday before', () => {
    expect(capWindowKeys('c9', 'email', seoul('2027-01-03T23:00:00.000')).week.key).toBe('send-cap:{c:c9}:email:week:2026-12-28');
  });

  test('buckets always contain now and the TTL outlives them', () => {
    for (let now = seoul('2026-01-01T00:00:00.000'); now < seoul('2027-01-01T00:00:00.000'); now += 3_600_000 * 7 + 12_345) {
      for (const b of Object.values(capWindowKeys(5, 'sms', now))) {
        expect(b.start <= now && now < b.end).toBe(true);
        expect(now + (b.ttlSeconds - capKeyGraceSeconds) * 1000).toBeGreaterThanOrEqual(b.end);
      }
    }
  });
});
