import type { DataSource } from 'typeorm';

/**
 * One app installation (FCM registration token) per demo customer who agreed
 * to push messages, so the demo's push journeys reach someone: token
 * `demo-<customer number>`, Android and iOS alternating by customer number,
 * registered when the customer joined and last seen within the past weeks.
 * Everything is derived from the customer's row (no random numbers, so the
 * rest of the seeded data stays the same); INSERT IGNORE on the unique token
 * makes a second run add nothing and keeps a device someone changed.
 */
export async function seedDemoDevices(ds: DataSource, now: Date): Promise<number> {
  const result = await ds.query(
    `INSERT IGNORE INTO customer_device (customer_id, platform, token, registered_at, last_seen_at)
     SELECT id,
            IF(CAST(SUBSTRING(customer_no, 2) AS UNSIGNED) % 2 = 1, 'android', 'ios'),
            CONCAT('demo-', customer_no),
            LEAST(created_at, ?),
            GREATEST(LEAST(created_at, ?), ? - INTERVAL (CAST(SUBSTRING(customer_no, 2) AS UNSIGNED) % 45) DAY)
       FROM customer
      WHERE customer_no REGEXP '^C[0-9]{7}$' AND consent_push = 1
      ORDER BY id`,
    [now, now, now],
  );
  return Number((result as { affectedRows?: number }).affectedRows ?? 0);
}
