import { BaseEntity, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { customerStatuses, type CustomerStatus } from './customer-status.js';
import { customerRiskGrades, genders, propensities, type CustomerRiskGrade, type Propensity } from './customer-attributes.js';

/**
 * The bank's customer. Mobile number and e-mail are stored three ways:
 * AES-GCM ciphertext (only the unmask action and the channels decrypt it),
 * a keyed hash of the normalised value (duplicate detection and look-up),
 * and a masked form (what screens show). Ciphertexts and hashes are
 * `select: false`, so no AdminJS page or API response can carry them.
 */
@Entity({ name: 'customer' })
export class Customer extends BaseEntity {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id: number;

  /** The bank's own customer number, as channel systems send it in events. */
  @Column({ type: 'varchar', length: 20, name: 'customer_no', unique: true })
  customerNo: string;

  @Column({ type: 'varchar', length: 60 })
  name: string;

  @Column({ type: 'varchar', length: 100, name: 'name_en', nullable: true })
  nameEn: string | null;

  @Column({ type: 'enum', enum: genders, nullable: true })
  gender: 'M' | 'F' | null;

  @Column({ type: 'date', name: 'birth_date', nullable: true })
  birthDate: string | null;

  @Column({ type: 'varchar', length: 255, name: 'mobile_enc', nullable: true, select: false })
  mobileEnc: string | null;

  @Column({ type: 'char', length: 64, name: 'mobile_hash', nullable: true, select: false })
  mobileHash: string | null;

  @Column({ type: 'varchar', length: 20, name: 'mobile_masked', nullable: true })
  mobileMasked: string | null;

  @Column({ type: 'varchar', length: 512, name: 'email_enc', nullable: true, select: false })
  emailEnc: string | null;

  @Column({ type: 'char', length: 64, name: 'email_hash', nullable: true, select: false })
  emailHash: string | null;

  @Column({ type: 'varchar', length: 190, name: 'email_masked', nullable: true })
  emailMasked: string | null;

  @Column({ type: 'enum', enum: customerStatuses, default: 'ACTIVE' })
  status: CustomerStatus;

  @Column({ type: 'varchar', length: 20, nullable: true })
  region: string | null;

  @Column({ type: 'varchar', length: 20, name: 'branch_code', nullable: true })
  branchCode: string | null;

  @Column({ type: 'varchar', length: 40, name: 'segment_label', nullable: true })
  segmentLabel: string | null;

  /** Marketing tags, comma-separated without spaces ("vip,salary"); segments test them exactly. */
  @Column({ type: 'varchar', length: 500, default: '' })
  tags: string;

  @Column({ type: 'enum', enum: propensities, nullable: true })
  propensity: Propensity | null;

  /** When the 투자성향 was assessed (set when it changes); a product recommendation needs a current one. */
  @Column({ type: 'datetime', precision: 3, name: 'propensity_assessed_at', nullable: true })
  propensityAssessedAt: Date | null;

  @Column({ type: 'enum', enum: customerRiskGrades, name: 'risk_grade', default: 'LOW' })
  riskGrade: CustomerRiskGrade;

  @Column({ type: 'int', unsigned: true, name: 'assigned_staff_id', nullable: true })
  assignedStaffId: number | null;

  @Column({ type: 'boolean', name: 'consent_sms', default: false })
  consentSms: boolean;

  @Column({ type: 'datetime', precision: 3, name: 'consent_sms_at', nullable: true })
  consentSmsAt: Date | null;

  @Column({ type: 'boolean', name: 'consent_email', default: false })
  consentEmail: boolean;

  @Column({ type: 'datetime', precision: 3, name: 'consent_email_at', nullable: true })
  consentEmailAt: Date | null;

  @Column({ type: 'boolean', name: 'consent_push', default: false })
  consentPush: boolean;

  @Column({ type: 'datetime', precision: 3, name: 'consent_push_at', nullable: true })
  consentPushAt: Date | null;

  /** Separate consent for advertising between 21:00 and 08:00 KST. */
  @Column({ type: 'boolean', name: 'consent_night', default: false })
  consentNight: boolean;

  @Column({ type: 'datetime', precision: 3, name: 'consent_night_at', nullable: true })
  consentNightAt: Date | null;

  @Column({ type: 'datetime', precision: 3, name: 'status_changed_at', nullable: true })
  statusChangedAt: Date | null;

  @Column({ type: 'datetime', precision: 3, name: 'withdrawn_at', nullable: true })
  withdrawnAt: Date | null;

  @Column({ type: 'datetime', precision: 3, name: 'anonymised_at', nullable: true })
  anonymisedAt: Date | null;

  @CreateDateColumn({ type: 'datetime', precision: 3, name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'datetime', precision: 3, name: 'updated_at' })
  updatedAt: Date;
}
