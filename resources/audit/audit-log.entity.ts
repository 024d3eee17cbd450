import { BaseEntity, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Field-level change: before and after values, secrets replaced by a marker. */
export type AuditDiff = Record<string, { from: unknown; to: unknown }>;

/**
 * One line of the audit trail. Rows are only ever inserted: the AdminJS
 * resource is read-only for every role and no code path updates or deletes.
 */
@Entity({ name: 'audit_log' })
@Index('idx_audit_resource_record', ['resource', 'recordId'])
@Index('idx_audit_occurred_at', ['occurredAt'])
export class AuditLog extends BaseEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id: string;

  @Column({ type: 'datetime', precision: 3, name: 'occurred_at' })
  occurredAt: Date;

  /** e.g. create, update, delete, login.success, login.failure, logout. */
  @Column({ type: 'varchar', length: 40 })
  action: string;

  @Column({ type: 'varchar', length: 60, nullable: true })
  resource: string | null;

  @Column({ type: 'varchar', length: 64, name: 'record_id', nullable: true })
  recordId: string | null;

  @Column({ type: 'int', unsigned: true, name: 'actor_id', nullable: true })
  actorId: number | null;

  /** Who acted, as typed at login for failures; `system` for jobs and consumers. */
  @Column({ type: 'varchar', length: 190, name: 'actor_email', nullable: true })
  actorEmail: string | null;

  @Column({ type: 'varchar', length: 20, name: 'actor_role', nullable: true })
  actorRole: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  @Column({ type: 'json', nullable: true })
  diff: AuditDiff | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  detail: string | null;
}
