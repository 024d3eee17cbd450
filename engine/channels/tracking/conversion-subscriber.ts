import type { DataSource } from 'typeorm';
import type { DomainEvent, DomainEventOf, DomainEventType } from '../../definitions/domain-events/domain-event.schema.js';
import { appendToOutbox } from '../../outbox/append-to-outbox.js';
import { newDomainEvent } from '../../outbox/new-domain-event.js';
import type { OutboxKick } from '../../outbox/outbox-kick.js';
import { toTaxonomyError } from '../../errors/classify-error.js';
import { UserError } from '../../errors/user.error.js';
import { messageChannels } from '../../definitions/domain-events/message.events.js';

/** What message.converted says when neither the event nor the journey's definition names a goal event (a goal block reached in the flow). */
export const goalNodeConversion = 'goalNode';

/**
 * Conversions as an in-process subscriber of the domain-event relay: for each
 * `journey.converted`, the last message of that instance that went out
 * (SENT or DELIVERED, sent no later than the conversion) gets `converted_at`
 * and a `message.converted` event, in one transaction. At least once is
 * fine: `converted_at` is set only while NULL and the event is written only
 * by the statement that set it, so a redelivered conversion changes nothing.
 * An instance that sent nothing converts no message.
 *
 * `goalEventType` is the event's, else the goal of the journey version's
 * definition, else `goalNode`.
 */
export function messageConversionSubscriber(
  ds: DataSource,
  kick?: OutboxKick['kick'],
): { name: string; types: DomainEventType[]; handler: (events: DomainEvent[]) => Promise<void> } {
  return {
    name: 'message-conversion',
    types: ['journey.converted'],
    handler: async (events) => {
      let wrote = false;
      try {
        for (const event of events) {
          if (event.type !== 'journey.converted') continue;
          if (await convertLastMessage(ds, event as DomainEventOf<'journey.converted'>)) wrote = true;
        }
      } catch (err) {
        const t = toTaxonomyError(err);
        if (t.kind === 'operational') throw t;
        throw new UserError('messageConversionFailed', `a conversion could not be recorded on its message: ${t.message}`, { cause: err });
      }
      // Inside a relay pass a kick does not wait for that pass; the new events go in the next one.
      if (wrote && kick) void Promise.resolve(kick()).catch(() => undefined);
    },
  };
}

/** True when this call marked a message (and wrote message.converted). */
export async function convertLastMessage(ds: DataSource, event: DomainEventOf<'journey.converted'>): Promise<boolean> {
  const { instanceId, customerId, journeyId, versionId } = event.payload;
  const at = new Date(event.occurredAt);
  return ds.transaction(async (tx) => {
    // customer_id first: idx_message_customer narrows to this customer's messages.
    const [last] = (await tx.query(
      `SELECT id, channel FROM message
        WHERE customer_id = ? AND instance_id = ? AND status IN ('SENT', 'DELIVERED') AND COALESCE(sent_at, requested_at) <= ?
        ORDER BY COALESCE(sent_at, requested_at) DESC, id DESC LIMIT 1`,
      [customerId, instanceId, at],
    )) as Array<{ id: string | number; channel: string }>;
    if (!last) return false;
    const updated = await tx.query('UPDATE message SET converted_at = ? WHERE id = ? AND converted_at IS NULL', [at, last.id]);
    if (Number((updated as { affectedRows?: number }).affectedRows ?? 0) !== 1) return false;
    const channel = messageChannels.find((c) => c === last.channel);
    if (!channel) throw new UserError('unknownChannel', `message ${last.id} has an unknown channel`);
    const goalEventType = event.payload.goalEventType ?? (await definitionGoal(tx, versionId)) ?? goalNodeConversion;
    await appendToOutbox(tx, [newDomainEvent('message.converted', event.customerNo, { messageId: Number(last.id), customerId, channel, journeyId, goalEventType }, at)]);
    return true;
  });
}

async function definitionGoal(tx: { query(sql: string, params?: unknown[]): Promise<unknown> }, versionId: number): Promise<string | null> {
  const [row] = (await tx.query("SELECT JSON_UNQUOTE(JSON_EXTRACT(definition, '$.goal.eventType')) AS goal FROM journey_version WHERE id = ?", [versionId])) as Array<{
    goal: string | null;
  }>;
  const goal = row?.goal;
  return goal && goal !== 'null' && goal.length <= 100 ? goal : null;
}
