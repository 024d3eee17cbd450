import type { DataSource } from 'typeorm';
import { Staff } from '../resources/staff/staff.entity.js';
import { hashPassword } from '../resources/staff/password.util.js';
import { runAsActor, systemActor } from '../engine/context/request-context.js';
import { demoStaff } from './demo-staff.js';

export interface SeedReport {
  staffCreated: number;
  customersCreated: number;
}

const branches = ['B001', 'B002', 'B003', 'B004'];
const statuses = ['ACTIVE', 'ACTIVE', 'ACTIVE', 'ACTIVE', 'ACTIVE', 'ACTIVE', 'DORMANT', 'DORMANT', 'SUSPENDED', 'WITHDRAWN'];

/** Demo customer numbers are fixed (C0000001...), so events can refer to them. */
export function demoCustomerNo(i: number): string {
  return `C${String(i).padStart(7, '0')}`;
}

/**
 * Idempotent demo data: existing rows are left as they are (a changed demo
 * password stays changed), missing ones are created. Deterministic.
 */
export async function seedDemo(ds: DataSource, demoPassword: string, customerCount = 200): Promise<SeedReport> {
  return runAsActor({ ...systemActor, email: 'system:seed' }, async () => {
    let staffCreated = 0;
    const repo = ds.getRepository(Staff);
    for (const s of demoStaff) {
      if (await repo.existsBy({ email: s.email })) continue;
      await repo.save(repo.create({ ...s, active: true, passwordHash: await hashPassword(demoPassword) }));
      staffCreated++;
    }
    const rows = Array.from({ length: customerCount }, (_, k) => {
      const i = k + 1;
      return [demoCustomerNo(i), statuses[i % statuses.length], branches[i % branches.length]];
    });
    const res: { affectedRows?: number } = await ds.query('INSERT IGNORE INTO customer (customer_no, status, branch_code) VALUES ?', [rows]);
    return { staffCreated, customersCreated: res.affectedRows ?? 0 };
  });
}
