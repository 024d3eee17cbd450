import { BaseEntity, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const segmentStatuses = ['DRAFT', 'PUBLISHED', 'ARCHIVED'] as const;
export type SegmentStatus = (typeof segmentStatuses)[number];

/**
 * A segment as a marketer edits it: the draft canvas (graph and, when it
 * compiles, its definition) and a pointer to the current published version.
 * DRAFT = never published; PUBLISHED = has a live version whose membership
 * is materialised and kept current; ARCHIVED = no longer evaluated.
 */
@Entity({ name: 'segment' })
export class Segment extends BaseEntity {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id: number;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  description: string | null;

  @Column({ type: 'enum', enum: segmentStatuses, default: 'DRAFT' })
  status: SegmentStatus;

  @Column({ type: 'json', name: 'draft_graph', nullable: true })
  draftGraph: unknown;

  @Column({ type: 'json', name: 'draft_definition', nullable: true })
  draftDefinition: unknown;

  @Column({ type: 'datetime', precision: 3, name: 'draft_updated_at', nullable: true })
  draftUpdatedAt: Date | null;

  @Column({ type: 'int', unsigned: true, name: 'draft_updated_by', nullable: true })
  draftUpdatedBy: number | null;

  @Column({ type: 'int', unsigned: true, name: 'published_version_id', nullable: true })
  publishedVersionId: number | null;

  @Column({ type: 'int', unsigned: true, name: 'published_version', nullable: true })
  publishedVersion: number | null;

  @Column({ type: 'int', unsigned: true, name: 'member_count', default: 0 })
  memberCount: number;

  @Column({ type: 'datetime', precision: 3, name: 'refreshed_at', nullable: true })
  refreshedAt: Date | null;

  @Column({ type: 'int', unsigned: true, name: 'created_by', nullable: true })
  createdBy: number | null;

  @CreateDateColumn({ type: 'datetime', precision: 3, name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'datetime', precision: 3, name: 'updated_at' })
  updatedAt: Date;
}
