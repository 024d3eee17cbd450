import { BaseEntity, Column, CreateDateColumn, DeleteDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { productTypes, type ProductType } from './product-attributes.js';

/**
 * A financial product of the catalogue. Deleting only sets `deletedAt`
 * (TypeORM then leaves the row out of every find), so holdings and history
 * keep pointing at it.
 */
@Entity({ name: 'product' })
export class Product extends BaseEntity {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id: number;

  @Column({ type: 'varchar', length: 30, unique: true })
  code: string;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  @Column({ type: 'enum', enum: productTypes })
  type: ProductType;

  @Column({ type: 'varchar', length: 60 })
  category: string;

  /** Comma-separated labels, e.g. "청년,비대면". */
  @Column({ type: 'varchar', length: 255, nullable: true })
  tags: string | null;

  @Column({ type: 'varchar', length: 500, name: 'image_url', nullable: true })
  imageUrl: string | null;

  @Column({ type: 'tinyint', unsigned: true, name: 'risk_grade' })
  riskGrade: number;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  summary: string | null;

  @Column({ type: 'int', unsigned: true, name: 'created_by', nullable: true })
  createdBy: number | null;

  @CreateDateColumn({ type: 'datetime', precision: 3, name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'datetime', precision: 3, name: 'updated_at' })
  updatedAt: Date;

  @DeleteDateColumn({ type: 'datetime', precision: 3, name: 'deleted_at', nullable: true })
  deletedAt: Date | null;
}
