import { BaseEntity, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { customerStatuses, type CustomerStatus } from './customer-status.js';

/**
 * The bank's customer. This foundation holds only what event ingestion needs
 * (the customer number events refer to, status and branch); personal data
 * (name, contact details, encrypted at rest) arrives with the CRM issue.
 */
@Entity({ name: 'customer' })
export class Customer extends BaseEntity {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id: number;

  /** The bank's own customer number, as channel systems send it in events. */
  @Column({ type: 'varchar', length: 20, name: 'customer_no', unique: true })
  customerNo: string;

  @Column({ type: 'enum', enum: customerStatuses, default: 'ACTIVE' })
  status: CustomerStatus;

  @Column({ type: 'varchar', length: 20, name: 'branch_code', nullable: true })
  branchCode: string | null;

  @CreateDateColumn({ type: 'datetime', precision: 3, name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'datetime', precision: 3, name: 'updated_at' })
  updatedAt: Date;
}
