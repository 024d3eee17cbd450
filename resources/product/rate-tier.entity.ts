import { BaseEntity, Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One row of a version's rate table: the annual rate in basis points (350 =
 * 3.50 %) for a term range in months and an amount range in KRW. Open upper
 * bounds are NULL.
 */
@Entity({ name: 'product_rate_tier' })
export class RateTier extends BaseEntity {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id: number;

  @Column({ type: 'int', unsigned: true, name: 'product_version_id' })
  productVersionId: number;

  @Column({ type: 'int', unsigned: true, name: 'term_months_min', default: 0 })
  termMonthsMin: number;

  @Column({ type: 'int', unsigned: true, name: 'term_months_max', nullable: true })
  termMonthsMax: number | null;

  @Column({ type: 'bigint', unsigned: true, name: 'amount_min', default: 0 })
  amountMin: string;

  @Column({ type: 'bigint', unsigned: true, name: 'amount_max', nullable: true })
  amountMax: string | null;

  @Column({ type: 'int', name: 'rate_bp' })
  rateBp: number;
}
