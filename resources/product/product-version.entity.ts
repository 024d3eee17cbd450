import { BaseEntity, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { versionStatuses, type VersionStatus } from './product-attributes.js';

/**
 * One version of a product's terms, valid for a period. Only a DRAFT is
 * edited; the database allows one PUBLISHED version per product (unique key
 * on a generated column, see the CRM migration).
 */
@Entity({ name: 'product_version' })
export class ProductVersion extends BaseEntity {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id: number;

  @Column({ type: 'int', unsigned: true, name: 'product_id' })
  productId: number;

  @Column({ type: 'int', unsigned: true, name: 'version_no' })
  versionNo: number;

  /** "<product name> v<n>": how the version is named in pickers and references. */
  @Column({ type: 'varchar', length: 160 })
  label: string;

  @Column({ type: 'enum', enum: versionStatuses, default: 'DRAFT' })
  status: VersionStatus;

  @Column({ type: 'date', name: 'valid_from' })
  validFrom: string;

  @Column({ type: 'date', name: 'valid_to', nullable: true })
  validTo: string | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  conditions: string | null;

  /** 가입 대상: youngest age (만 나이, inclusive) that may open this version; NULL = no limit (engine/recommendation/eligibility.ts). */
  @Column({ type: 'tinyint', unsigned: true, name: 'min_age', nullable: true })
  minAge: number | null;

  /** 가입 대상: oldest age (만 나이, inclusive); NULL = no limit. */
  @Column({ type: 'tinyint', unsigned: true, name: 'max_age', nullable: true })
  maxAge: number | null;

  /** 가입 대상: only this gender (e.g. a women-only savings plan); NULL = anyone. */
  @Column({ type: 'enum', enum: ['M', 'F'], name: 'eligible_gender', nullable: true })
  eligibleGender: 'M' | 'F' | null;

  /** 가입 대상: comma-separated region codes of a regional product; NULL or empty = anywhere. */
  @Column({ type: 'varchar', length: 400, name: 'eligible_regions', nullable: true })
  eligibleRegions: string | null;

  @Column({ type: 'int', unsigned: true, name: 'author_id' })
  authorId: number;

  @Column({ type: 'int', unsigned: true, name: 'last_edited_by' })
  lastEditedBy: number;

  @Column({ type: 'int', unsigned: true, name: 'approved_by', nullable: true })
  approvedBy: number | null;

  @Column({ type: 'datetime', precision: 3, name: 'approved_at', nullable: true })
  approvedAt: Date | null;

  @Column({ type: 'datetime', precision: 3, name: 'published_at', nullable: true })
  publishedAt: Date | null;

  @CreateDateColumn({ type: 'datetime', precision: 3, name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'datetime', precision: 3, name: 'updated_at' })
  updatedAt: Date;
}
