/**
 * Dead letters as Kafka messages that always fit the DLQ topic (pure).
 *
 * The DLQ carries the original key and value so an event can be fixed and
 * replayed, and headers saying why and where it came from. The broker refuses
 * a record batch larger than the topic's `max.message.bytes`; a refused send
 * used to throw out of the batch handler again and again, so one oversized
 * malformed message (or a few thousand small ones sent as one batch) stopped
 * ingestion. Here a dead letter too large for the topic keeps its headers and
 * loses the end of its payload (`dlq-truncated`, `dlq-original-bytes` say so),
 * and a list of dead letters is cut into sends that each fit.
 */

export interface DeadLetter {
  reason: string;
  key: Buffer | null;
  value: Buffer | null;
  topic: string;
  partition: number;
  offset: string;
}

export interface DlqMessage {
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

/** A reason is for people: long enough for any schema problem, short enough to never crowd out the payload. */
export const MAX_REASON_CHARS = 1000;

/**
 * Bytes the broker counts for a record batch besides its records (61), plus
 * a margin for the producer's own framing: we stay well clear of the limit
 * rather than compute it to the byte.
 */
const BATCH_OVERHEAD = 61 + 1024;
/** Per record: attributes, varint lengths, timestamp and offset deltas (generous). */
const RECORD_OVERHEAD = 40;
const HEADER_OVERHEAD = 10;

/** Size of one message inside a record batch, over-estimated. */
export function recordSize(m: DlqMessage): number {
  let size = RECORD_OVERHEAD + (m.key?.length ?? 0) + (m.value?.length ?? 0);
  for (const [k, v] of Object.entries(m.headers)) size += HEADER_OVERHEAD + Buffer.byteLength(k) + Buffer.byteLength(v);
  return size;
}

/** The most bytes of records one send may carry to a topic whose max.message.bytes is `maxMessageBytes`. */
export function sendBudget(maxMessageBytes: number): number {
  return Math.max(1024, maxMessageBytes - BATCH_OVERHEAD);
}

/**
 * The DLQ message for one dead letter, cut down to `budget` bytes if needed:
 * first the value is truncated, then (for an absurd key) the key is dropped.
 * Headers always survive.
 */
export function toDlqMessage(d: DeadLetter, budget: number, at: Date): DlqMessage {
  const headers: Record<string, string> = {
    'dlq-reason': truncateChars(d.reason, MAX_REASON_CHARS),
    'dlq-source': `${d.topic}/${d.partition}/${d.offset}`,
    'dlq-topic': d.topic,
    'dlq-partition': String(d.partition),
    'dlq-offset': d.offset,
    'dlq-at': at.toISOString(),
  };
  const whole: DlqMessage = { key: d.key, value: d.value, headers };
  if (recordSize(whole) <= budget) return whole;

  const truncated: string[] = [];
  const markers = {
    'dlq-truncated': 'key,value', // longest form, so the size computed below holds for either
    'dlq-original-bytes': String(d.value?.length ?? 0),
    'dlq-original-key-bytes': String(d.key?.length ?? 0),
  };
  let key = d.key;
  const fixed = recordSize({ key: null, value: null, headers: { ...headers, ...markers } });
  if (fixed + (key?.length ?? 0) > budget) {
    key = null;
    truncated.push('key');
  }
  const room = Math.max(0, budget - fixed - (key?.length ?? 0));
  const value = d.value && d.value.length > room ? d.value.subarray(0, room) : d.value;
  if (value !== d.value) truncated.push('value');
  return {
    key,
    value,
    headers: {
      ...headers,
      'dlq-truncated': truncated.join(','),
      'dlq-original-bytes': markers['dlq-original-bytes'],
      'dlq-original-key-bytes': markers['dlq-original-key-bytes'],
    },
  };
}

/** Consecutive groups of items, each within `budget` bytes by `sizeOf` (an item is never split). */
export function chunkBySize<T>(items: T[], sizeOf: (item: T) => number, budget: number): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const item of items) {
    const s = sizeOf(item);
    if (current.length > 0 && size + s > budget) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(item);
    size += s;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

function truncateChars(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}
