import { BaseEntity, Column, Entity, PrimaryColumn } from 'typeorm';

/** A branch (영업점) of the bank; staff, customers and sales belong to one. */
@Entity({ name: 'branch' })
export class Branch extends BaseEntity {
  @PrimaryColumn({ type: 'varchar', length: 20 })
  code: string;

  @Column({ type: 'varchar', length: 60 })
  name: string;

  @Column({ type: 'varchar', length: 20 })
  region: string;
}
