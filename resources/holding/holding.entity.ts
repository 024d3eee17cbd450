import { BaseEntity, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * A customer's holding (계좌/계약) of one product version: who sold it, at
 * which branch, for how much (KRW, integer), opened and closed when. The
 * sales dashboards aggregate this table.
 */
@Entity({ name: 'holding' })
export class Holding extends BaseEntity {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id: number;

  @Column({ type: 'varchar', length: 30, name: 'contract_no', unique: true })
  contractNo: string;

  @Column({ type: 'int', unsigned: true, name: 'customer_id' })
  customerId: number;

  @Column({ type: 'int', unsigned: true, name: 'product_id' })
  productId: number;

  @Column({ type: 'int', unsigned: true, name: 'product_version_id' })
  productVersionId: number;

  @Column({ type: 'int', unsigned: true, name: 'sold_by_staff_id', nullable: true })
  soldByStaffId: number | null;

  @Column({ type: 'varchar', length: 20, name: 'branch_code' })
  branchCode: string;

  @Column({ type: 'bigint', unsigned: true })
  amount: string;

  @Column({ type: 'date', name: 'opened_on' })
  openedOn: string;

  @Column({ type: 'date', name: 'closed_on', nullable: true })
  closedOn: string | null;

  @CreateDateColumn({ type: 'datetime', precision: 3, name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'datetime', precision: 3, name: 'updated_at' })
  updatedAt: Date;
}
