import { BaseEntity, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { disclosureStatuses, type DisclosureStatus } from '../product/product-attributes.js';

/**
 * A regulated disclosure text (공시/규제 문안) for one product version.
 * Compliance approves it with a review number (심의필 번호) valid for a
 * period; an approved revision is never changed: editing it creates the next
 * revision as a draft.
 */
@Entity({ name: 'disclosure' })
export class Disclosure extends BaseEntity {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id: number;

  @Column({ type: 'int', unsigned: true, name: 'product_version_id' })
  productVersionId: number;

  @Column({ type: 'int', unsigned: true })
  revision: number;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'enum', enum: disclosureStatuses, default: 'DRAFT' })
  status: DisclosureStatus;

  @Column({ type: 'varchar', length: 40, name: 'review_no', nullable: true })
  reviewNo: string | null;

  @Column({ type: 'date', name: 'review_valid_from', nullable: true })
  reviewValidFrom: string | null;

  @Column({ type: 'date', name: 'review_valid_to', nullable: true })
  reviewValidTo: string | null;

  @Column({ type: 'int', unsigned: true, name: 'based_on_id', nullable: true })
  basedOnId: number | null;

  @Column({ type: 'int', unsigned: true, name: 'author_id' })
  authorId: number;

  @Column({ type: 'int', unsigned: true, name: 'last_edited_by' })
  lastEditedBy: number;

  @Column({ type: 'int', unsigned: true, name: 'approved_by', nullable: true })
  approvedBy: number | null;

  @Column({ type: 'datetime', precision: 3, name: 'approved_at', nullable: true })
  approvedAt: Date | null;

  @CreateDateColumn({ type: 'datetime', precision: 3, name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'datetime', precision: 3, name: 'updated_at' })
  updatedAt: Date;
}
