import { entryMatches, reEntryDecision, type EntryTrigger } from '../interpreter/entry-decision.js';
import type { Queryable } from '../../segments/customer-facts.js';
import type { RoutedJourney } from './journey-catalogue.js';
import { lastEntries, usedEntryKeys, type InstanceRow } from './instance-rows.js';
import type { StartRequest } from './advance.js';

export interface EntryCandidate {
  journey: RoutedJourney;
  customerId: number;
  customerNo: string;
  trigger: EntryTrigger;
  entryKind: StartRequest['entryKind'];
  entryKey: string;
  triggerEventId?: string;
  then?: StartRequest['then'];
}

export type SkipReason = 'alreadyActive' | 'enteredBefore' | 'tooSoon' | 'replayed' | 'paused';

/**
 * Decides which entry candidates start an instance, inside the transaction
 * that holds the customers' running instances locked (`active`): a paused
 * journey admits nobody; a replayed trigger (entry key used) starts nothing;
 * a customer with a running instance of the journey is skipped whatever the
 * re-entry rule; otherwise the rule decides from the last entry. Two
 * candidates for one journey and customer in the same batch: the first wins.
 */
export async function planEntries(
  tx: Queryable,
  candidates: EntryCandidate[],
  active: InstanceRow[],
  now: number,
): Promise<{ starts: StartRequest[]; skipped: Record<SkipReason, number> }> {
  const skipped: Record<SkipReason, number> = { alreadyActive: 0, enteredBefore: 0, tooSoon: 0, replayed: 0, paused: 0 };
  const starts: StartRequest[] = [];
  const matching = candidates.filter((c) => entryMatches(c.journey.version.definition.entry, c.trigger));
  if (matching.length === 0) return { starts, skipped };
  const used = await usedEntryKeys(
    tx,
    matching.map((c) => ({ journeyId: c.journey.journeyId, entryKey: c.entryKey })),
  );
  const last = await lastEntries(tx, [...new Set(matching.map((c) => c.journey.journeyId))], [...new Set(matching.map((c) => c.customerId))]);
  const running = new Set(active.map((r) => `${r.journeyId}|${r.customerId}`));
  for (const c of matching) {
    const pair = `${c.journey.journeyId}|${c.customerId}`;
    if (c.journey.status !== 'PUBLISHED') {
      skipped.paused += 1;
      continue;
    }
    if (used.has(`${c.journey.journeyId}|${c.entryKey}`)) {
      skipped.replayed += 1;
      continue;
    }
    const decision = reEntryDecision(c.journey.version.definition.reEntry, { hasActive: running.has(pair), lastEnteredAt: last.get(pair) ?? null }, now);
    if (!decision.enter) {
      skipped[decision.reason] += 1;
      continue;
    }
    running.add(pair);
    last.set(pair, now);
    starts.push({
      version: c.journey.version,
      customerId: c.customerId,
      customerNo: c.customerNo,
      entryKind: c.entryKind,
      entryKey: c.entryKey,
      ...(c.triggerEventId ? { triggerEventId: c.triggerEventId } : {}),
      ...(c.then?.length ? { then: c.then } : {}),
    });
  }
  return { starts, skipped };
}
