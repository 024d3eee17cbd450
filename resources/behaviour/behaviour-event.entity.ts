import { BaseEntity, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A behaviour fact: one customer event from a channel system, stored once.
 * `eventId` is unique, so a redelivered or re-produced event is ignored.
 */
@Entity({ name: 'behaviour_event' })
@Index('idx_behaviour_customer_time', ['customerId', 'occurredAt'])
@Index('idx_behaviour_type_time', ['type', 'occurredAt', 'customerId'])
@Index('idx_behaviour_customer_type', ['customerId', 'type', 'occurredAt'])
export class BehaviourEvent extends BaseEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id: string;

  @Column({ type: 'varchar', length: 100, name: 'event_id', unique: true })
  eventId: string;

  @Column({ type: 'int', unsigned: true, name: 'customer_id' })
  customerId: number;

  @Column({ type: 'varchar', length: 20, name: 'customer_no' })
  customerNo: string;

  @Column({ type: 'varchar', length: 64 })
  type: string;

  @Column({ type: 'datetime', precision: 3, name: 'occurred_at' })
  occurredAt: Date;

  @Column({ type: 'json' })
  properties: Record<string, unknown>;

  @Column({ type: 'datetime', precision: 3, name: 'received_at' })
  receivedAt: Date;

  /** Where it was read from, for tracing a fact back to the log. */
  @Column({ type: 'varchar', length: 120, name: 'source' })
  source: string;
}
