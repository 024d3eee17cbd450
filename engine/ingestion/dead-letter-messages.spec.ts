import { chunkBySize, MAX_REASON_CHARS, recordSize, sendBudget, toDlqMessage, type DeadLetter } from './dead-letter-messages.js';

const at = new Date('2026-12-01T00:00:00Z');
const letter = (value: Buffer | null, extra: Partial<DeadLetter> = {}): DeadLetter => ({
  reason: 'invalid JSON: x',
  key: Buffer.from('C0000001'),
  value,
  topic: 'customer-events',
  partition: 2,
  offset: '41',
  ...extra,
});

describe('dead letters', () => {
  test('a message that fits is kept whole, with its reason and origin in headers', () => {
    const m = toDlqMessage(letter(Buffer.from('{bad')), 10_000, at);
    expect(m.value!.toString()).toBe('{bad');
    expect(m.key!.toString()).toBe('C0000001');
    expect(m.headers).toEqual({
      'dlq-reason': 'invalid JSON: x',
      'dlq-source': 'customer-events/2/41',
      'dlq-topic': 'customer-events',
      'dlq-partition': '2',
      'dlq-offset': '41',
      'dlq-at': '2026-12-01T00:00:00.000Z',
    });
  });

  test('a message over the budget keeps reason and origin, and its payload is truncated to fit', () => {
    const budget = sendBudget(1_048_588);
    const m = toDlqMessage(letter(Buffer.alloc(1_048_000, 'y')), budget, at);
    expect(recordSize(m)).toBeLessThanOrEqual(budget);
    expect(m.headers['dlq-truncated']).toBe('value');
    expect(m.headers['dlq-original-bytes']).toBe('1048000');
    expect(m.headers['dlq-source']).toBe('customer-events/2/41');
    expect(m.value!.length).toBeGreaterThan(budget - 1000);
  });

  test('an absurd key is dropped too; a long reason is cut', () => {
    const m = toDlqMessage(letter(Buffer.from('v'), { key: Buffer.alloc(5000, 'k'), reason: 'r'.repeat(5000) }), 4096, at);
    expect(recordSize(m)).toBeLessThanOrEqual(4096);
    expect(m.key).toBeNull();
    expect(m.headers['dlq-truncated']).toBe('key');
    expect([...m.headers['dlq-reason']!]).toHaveLength(MAX_REASON_CHARS);
  });

  test('chunks stay within the budget and keep the order', () => {
    const sizes = [400, 400, 300, 900, 100, 1200];
    const chunks = chunkBySize(sizes, (n) => n, 1000);
    expect(chunks).toEqual([[400, 400], [300], [900, 100], [1200]]);
    expect(chunks.flat()).toEqual(sizes);
  });
});
