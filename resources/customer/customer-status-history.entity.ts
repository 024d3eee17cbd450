import { BaseEntity, Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { customerStatuses, type CustomerStatus } from './customer-status.js';

/** One status change of a customer: from, to, why and by whom. Append-only. */
@Entity({ name: 'customer_status_history' })
export class CustomerStatusHistory extends BaseEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id: string;

  @Column({ type: 'int', unsigned: true, name: 'customer_id' })
  customerId: number;

  @Column({ type: 'enum', enum: customerStatuses, name: 'from_status', nullable: true })
  fromStatus: CustomerStatus | null;

  @Column({ type: 'enum', enum: customerStatuses, name: 'to_status' })
  toStatus: CustomerStatus;

  @Column({ type: 'varchar', length: 500 })
  reason: string;

  @Column({ type: 'int', unsigned: true, name: 'actor_id', nullable: true })
  actorId: number | null;

  @Column({ type: 'varchar', length: 190, name: 'actor_email' })
  actorEmail: string;

  @Column({ type: 'datetime', precision: 3, name: 'changed_at' })
  changedAt: Date;
}
