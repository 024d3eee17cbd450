import type { DataSource } from 'typeorm';

export interface HousekeepingResult {
  expiredSessions: number;
}

/**
 * Periodic clean-up. Expired console sessions are deleted here rather than
 * by the session store's own timer, so exactly one worker does it.
 */
export async function runHousekeeping(ds: DataSource, now: Date): Promise<HousekeepingResult> {
  const res: { affectedRows?: number } = await ds.query('DELETE FROM sessions WHERE expires < ?', [Math.floor(now.getTime() / 1000)]);
  return { expiredSessions: res.affectedRows ?? 0 };
}
