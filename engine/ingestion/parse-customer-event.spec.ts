import { defaultEventLimits } from './event-limits.js';
import { parseCustomerEvent } from './parse-customer-event.js';

const now = new Date('2026-12-01T12:00:00Z');
const parse = (event: Record<string, unknown>, limits = defaultEventLimits) => parseCustomerEvent(Buffer.from(JSON.stringify(event)), limits, now);
const base = { eventId: 'e-1', customerNo: 'C0000001', type: 'app.login', occurredAt: '2026-12-01T11:00:00Z', properties: { a: 1 } };
const reason = (r: ReturnType<typeof parse>) => (r.ok ? 'ok' : r.reason);

describe('parseCustomerEvent', () => {
  test('a valid event keeps its ids exactly as sent', () => {
    for (const eventId of ['abc', 'ABC', 'ábc', 'a\u0301bc', '가나다', 'a b']) {
      const r = parse({ ...base, eventId });
      expect(r.ok && r.event.eventId).toBe(eventId);
    }
  });

  test.each([
    [{ eventId: 'abc ' }, 'eventId: must not begin or end with whitespace (ids are compared exactly, never trimmed)'],
    [{ eventId: '\u3000abc' }, 'eventId: must not begin or end with whitespace (ids are compared exactly, never trimmed)'],
    [{ customerNo: ' C0000001' }, 'customerNo: must not begin or end with whitespace (ids are compared exactly, never trimmed)'],
    [{ eventId: 'a\u0000b' }, 'eventId: must not contain control characters'],
    [{ eventId: 'a\ud800b' }, 'eventId: must be valid Unicode (no lone surrogate)'],
    [{ eventId: '' }, 'eventId: must not be empty'],
    [{ eventId: 'x'.repeat(101) }, 'eventId: at most 100 characters'],
    [{ customerNo: undefined }, 'customerNo: missing'],
  ])('%j is refused: %s', (change, expected) => {
    expect(reason(parse({ ...base, ...change }))).toBe(expected);
  });

  test('length counts characters, as the database does: 100 emoji fit in eventId', () => {
    expect(parse({ ...base, eventId: '😀'.repeat(100) }).ok).toBe(true);
  });

  test('occurredAt must lie between the earliest date and a few minutes after reception', () => {
    expect(parse({ ...base, occurredAt: '2026-12-01T12:10:00Z' }).ok).toBe(true);
    expect(reason(parse({ ...base, occurredAt: '2026-12-01T12:10:00.001Z' }))).toBe(
      'occurredAt: 2026-12-01T12:10:00.001Z is more than 10 minutes after the event was received (2026-12-01T12:00:00.000Z)',
    );
    expect(parse({ ...base, occurredAt: '1962-01-01T00:00:00Z' }).ok).toBe(true);
    expect(reason(parse({ ...base, occurredAt: '1961-12-31T23:59:59Z' }))).toBe('occurredAt: 1961-12-31T23:59:59.000Z is before the earliest accepted date 1962-01-01');
  });

  test('properties are capped in number and serialized size', () => {
    const limits = { ...defaultEventLimits, maxProperties: 2, maxPropertiesBytes: 300 };
    expect(parse({ ...base, properties: { a: 1, b: 2 } }, limits).ok).toBe(true);
    expect(reason(parse({ ...base, properties: { a: 1, b: 2, c: 3 } }, limits))).toBe('properties: 3 properties, at most 2 allowed');
    expect(reason(parse({ ...base, properties: { a: '가'.repeat(100) } }, limits))).toBe('properties: 308 bytes as JSON, at most 300 allowed');
  });

  test('not JSON, or empty, says so', () => {
    expect(reason(parseCustomerEvent(Buffer.from('{nope'), defaultEventLimits, now))).toMatch(/^invalid JSON: /);
    expect(reason(parseCustomerEvent(null, defaultEventLimits, now))).toBe('empty message');
  });
});
