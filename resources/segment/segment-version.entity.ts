import { BaseEntity, Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A published segment version: immutable once written (no AdminJS action
 * edits it and the service never updates it). Membership rows and
 * transitions name the version that decided them.
 */
@Entity({ name: 'segment_version' })
export class SegmentVersion extends BaseEntity {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id: number;

  @Column({ type: 'int', unsigned: true, name: 'segment_id' })
  segmentId: number;

  @Column({ type: 'int', unsigned: true })
  version: number;

  @Column({ type: 'json' })
  definition: unknown;

  @Column({ type: 'json', nullable: true })
  graph: unknown;

  @Column({ type: 'int', unsigned: true, name: 'published_by', nullable: true })
  publishedBy: number | null;

  @Column({ type: 'datetime', precision: 3, name: 'published_at' })
  publishedAt: Date;

  @Column({ type: 'int', unsigned: true, name: 'member_count_at_publish', default: 0 })
  memberCountAtPublish: number;
}
