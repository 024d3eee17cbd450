import { BaseEntity, Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const transitionSubjects = ['PRODUCT_VERSION', 'DISCLOSURE'] as const;
export type TransitionSubject = (typeof transitionSubjects)[number];

/** One lifecycle step of a product version or disclosure: who, when, from, to, why. Append-only. */
@Entity({ name: 'lifecycle_transition' })
export class LifecycleTransition extends BaseEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id: string;

  @Column({ type: 'enum', enum: transitionSubjects, name: 'subject_type' })
  subjectType: TransitionSubject;

  @Column({ type: 'int', unsigned: true, name: 'subject_id' })
  subjectId: number;

  @Column({ type: 'int', unsigned: true, name: 'product_id' })
  productId: number;

  @Column({ type: 'varchar', length: 20, name: 'from_status', nullable: true })
  fromStatus: string | null;

  @Column({ type: 'varchar', length: 20, name: 'to_status' })
  toStatus: string;

  @Column({ type: 'int', unsigned: true, name: 'actor_id', nullable: true })
  actorId: number | null;

  @Column({ type: 'varchar', length: 190, name: 'actor_email' })
  actorEmail: string;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  comment: string | null;

  @Column({ type: 'datetime', precision: 3, name: 'occurred_at' })
  occurredAt: Date;
}
