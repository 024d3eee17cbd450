import type { JourneyEntry } from '../../definitions/journey/journey-entry.schema.js';
import { entryMatches, reEntryDecision, type EntryTrigger } from './entry-decision.js';

const event = (type: string, properties: Record<string, unknown> = {}): EntryTrigger => ({ kind: 'event', event: { id: 'e1', type, occurredAt: 0, properties } });

describe('entryMatches', () => {
  const fundView: JourneyEntry = { type: 'event', eventType: 'product.view', where: [{ property: 'productType', op: 'eq', value: 'FUND' }] };

  test('an event entry: the type and every filter', () => {
    expect(entryMatches(fundView, event('product.view', { productType: 'FUND' }))).toBe(true);
    expect(entryMatches(fundView, event('product.view', { productType: 'DEPOSIT' }))).toBe(false);
    expect(entryMatches(fundView, event('product.view', {}))).toBe(false);
    expect(entryMatches(fundView, event('product.click', { productType: 'FUND' }))).toBe(false);
    expect(entryMatches({ ...fundView, where: [] }, event('product.view'))).toBe(true);
    // Filters have the segment semantics: "5" is not 5.
    const big: JourneyEntry = { type: 'event', eventType: 'transfer', where: [{ property: 'amount', op: 'gte', value: 5 }] };
    expect(entryMatches(big, event('transfer', { amount: 5 }))).toBe(true);
    expect(entryMatches(big, event('transfer', { amount: '5' }))).toBe(false);
  });

  test('segment entries: the kind of transition and the segment', () => {
    const entered: JourneyEntry = { type: 'segmentEntered', segmentId: 3 };
    const exited: JourneyEntry = { type: 'segmentExited', segmentId: 3 };
    expect(entryMatches(entered, { kind: 'segmentEntered', segmentId: 3 })).toBe(true);
    expect(entryMatches(entered, { kind: 'segmentEntered', segmentId: 4 })).toBe(false);
    expect(entryMatches(entered, { kind: 'segmentExited', segmentId: 3 })).toBe(false);
    expect(entryMatches(exited, { kind: 'segmentExited', segmentId: 3 })).toBe(true);
    expect(entryMatches(exited, { kind: 'segmentEntered', segmentId: 3 })).toBe(false);
    expect(entryMatches(entered, { kind: 'schedule', segmentId: 3 })).toBe(false);
  });

  test('a schedule entry: its segment, only when the schedule fires', () => {
    const weekly: JourneyEntry = { type: 'schedule', segmentId: 3, schedule: { kind: 'recurring', cron: '0 10 * * MON', timeZone: 'Asia/Seoul' } };
    expect(entryMatches(weekly, { kind: 'schedule', segmentId: 3 })).toBe(true);
    expect(entryMatches(weekly, { kind: 'schedule', segmentId: 4 })).toBe(false);
    expect(entryMatches(weekly, { kind: 'segmentEntered', segmentId: 3 })).toBe(false);
  });

  test('an API entry: only an API call, and an API call starts nothing else', () => {
    expect(entryMatches({ type: 'api' }, { kind: 'api' })).toBe(true);
    expect(entryMatches({ type: 'api' }, event('product.view'))).toBe(false);
    expect(entryMatches(fundView, { kind: 'api' })).toBe(false);
    expect(entryMatches({ type: 'segmentEntered', segmentId: 3 }, { kind: 'api' })).toBe(false);
  });
});

describe('reEntryDecision', () => {
  const day = 86_400_000;
  const now = Date.parse('2026-12-07T10:00:00+09:00');

  test('an active instance always says no, whatever the rule', () => {
    for (const rule of [{ kind: 'once' }, { kind: 'afterDays', days: 1 }, { kind: 'always' }] as const) {
      expect(reEntryDecision(rule, { hasActive: true, lastEnteredAt: now - 400 * day }, now)).toEqual({ enter: false, reason: 'alreadyActive' });
      expect(reEntryDecision(rule, { hasActive: false, lastEnteredAt: null }, now)).toEqual({ enter: true });
    }
  });

  test('once: never again', () => {
    expect(reEntryDecision({ kind: 'once' }, { hasActive: false, lastEnteredAt: now - 3650 * day }, now)).toEqual({ enter: false, reason: 'enteredBefore' });
  });

  test('afterDays: from N x 24 h after the last entry, not a millisecond earlier', () => {
    const rule = { kind: 'afterDays', days: 6 } as const;
    expect(reEntryDecision(rule, { hasActive: false, lastEnteredAt: now - 6 * day }, now)).toEqual({ enter: true });
    expect(reEntryDecision(rule, { hasActive: false, lastEnteredAt: now - 6 * day + 1 }, now)).toEqual({ enter: false, reason: 'tooSoon' });
    expect(reEntryDecision(rule, { hasActive: false, lastEnteredAt: now - 1 * day }, now)).toEqual({ enter: false, reason: 'tooSoon' });
  });

  test('always: again as soon as the previous instance has ended', () => {
    expect(reEntryDecision({ kind: 'always' }, { hasActive: false, lastEnteredAt: now - 1 }, now)).toEqual({ enter: true });
  });
});
