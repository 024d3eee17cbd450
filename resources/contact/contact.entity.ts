import { BaseEntity, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const contactChannels = ['PHONE', 'VISIT', 'SMS', 'EMAIL', 'VIDEO', 'CHAT'] as const;
export const contactDirections = ['OUTBOUND', 'INBOUND'] as const;

/** A banker's contact with a customer (상담/연락 이력). */
@Entity({ name: 'customer_contact' })
export class CustomerContact extends BaseEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id: string;

  @Column({ type: 'int', unsigned: true, name: 'customer_id' })
  customerId: number;

  /** Who made the contact: always the logged-in staff member, never typed in. */
  @Column({ type: 'int', unsigned: true, name: 'staff_id' })
  staffId: number;

  @Column({ type: 'enum', enum: contactChannels })
  channel: (typeof contactChannels)[number];

  @Column({ type: 'enum', enum: contactDirections, default: 'OUTBOUND' })
  direction: (typeof contactDirections)[number];

  @Column({ type: 'datetime', precision: 3, name: 'contacted_at' })
  contactedAt: Date;

  @Column({ type: 'varchar', length: 1000 })
  note: string;

  @CreateDateColumn({ type: 'datetime', precision: 3, name: 'created_at' })
  createdAt: Date;
}
