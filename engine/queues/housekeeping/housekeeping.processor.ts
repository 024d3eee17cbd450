import type { DataSource } from 'typeorm';
import type { CustomerService } from '../../../resources/customer/customer.service.js';

export interface HousekeepingResult {
  expiredSessions: number;
  anonymisedCustomers: number;
}

/**
 * Periodic clean-up. Expired console sessions are deleted here rather than
 * by the session store's own timer, so exactly one worker does it; withdrawn
 * customers whose retention period has ended lose their personal data.
 */
export async function runHousekeeping(
  ds: DataSource,
  now: Date,
  retention?: { customers: CustomerService; days: number },
): Promise<HousekeepingResult> {
  const res: { affectedRows?: number } = await ds.query('DELETE FROM sessions WHERE expires < ?', [Math.floor(now.getTime() / 1000)]);
  const anonymisedCustomers = retention ? await retention.customers.anonymiseExpired(retention.days, now) : 0;
  return { expiredSessions: res.affectedRows ?? 0, anonymisedCustomers };
}
