import { BaseEntity, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { staffRoles, type StaffRole } from './staff-role.js';

/** A bank employee who logs in to the console. */
@Entity({ name: 'staff' })
export class Staff extends BaseEntity {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id: number;

  /** Login identifier, stored in its normal form (staff-email.ts: NFC, trimmed, lower-case). */
  @Column({ type: 'varchar', length: 190, unique: true })
  email: string;

  @Column({ type: 'varchar', length: 100, name: 'display_name' })
  displayName: string;

  @Column({ type: 'enum', enum: staffRoles })
  role: StaffRole;

  @Column({ type: 'varchar', length: 20, name: 'branch_code', nullable: true })
  branchCode: string | null;

  /**
   * scrypt hash in the format produced by password.util.ts. `select: false`
   * keeps it out of every query that does not ask for it by name, so neither
   * AdminJS pages nor its API can ever return it.
   */
  @Column({ type: 'varchar', length: 255, name: 'password_hash', select: false })
  passwordHash: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ type: 'datetime', precision: 3, name: 'last_login_at', nullable: true })
  lastLoginAt: Date | null;

  /**
   * Sessions of this account opened before this instant are ended at their
   * next request (admin-router.ts): set when the password, role or active flag
   * changes. Null: every session since login is valid.
   */
  @Column({ type: 'datetime', precision: 3, name: 'sessions_valid_from', nullable: true })
  sessionsValidFrom: Date | null;

  @CreateDateColumn({ type: 'datetime', precision: 3, name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'datetime', precision: 3, name: 'updated_at' })
  updatedAt: Date;
}
