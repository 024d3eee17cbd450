import type { DataSource } from 'typeorm';
import type { CustomerService } from '../../../resources/customer/customer.service.js';
import { purgePublishedEvents } from '../../outbox/purge-published.js';

export interface HousekeepingResult {
  expiredSessions: number;
  anonymisedCustomers: number;
  purgedDomainEvents: number;
}

/**
 * Periodic clean-up. Expired console sessions are deleted here rather than
 * by the session store's own timer, so exactly one worker does it; withdrawn
 * customers whose retention period has ended lose their personal data;
 * domain events published more than `outboxRetentionDays` ago leave the outbox.
 */
export async function runHousekeeping(ds: DataSource, now: Date, retention?: { customers: CustomerService; days: number }, outboxRetentionDays = 7): Promise<HousekeepingResult> {
  const res: { affectedRows?: number } = await ds.query('DELETE FROM sessions WHERE expires < ?', [Math.floor(now.getTime() / 1000)]);
  const anonymisedCustomers = retention ? await retention.customers.anonymiseExpired(retention.days, now) : 0;
  const purgedDomainEvents = await purgePublishedEvents(ds, now, outboxRetentionDays);
  return { expiredSessions: res.affectedRows ?? 0, anonymisedCustomers, purgedDomainEvents };
}
