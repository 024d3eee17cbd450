import { customerStatuses } from '../../../resources/customer/customer-status.js';
import { customerRiskGrades, genders, propensities, regions } from '../../../resources/customer/customer-attributes.js';

/**
 * The customer attributes a segment may test, and how each is stored. One
 * catalogue serves the schema (which operators fit which field), both
 * evaluators (column and value type) and the canvas (the side panel's
 * choices). Contact details are deliberately absent: they are encrypted and
 * no segment should single customers out by them.
 *
 * Kinds:
 * - enum: a fixed code list (in / notIn);
 * - code: a code whose values come from the data, e.g. branches (in / notIn);
 * - text: free text (eq / neq / startsWith / contains), compared exactly (case-sensitive);
 * - number: a whole number (eq / gte / lte / between);
 * - boolean: a flag (is);
 * - date: a calendar date in Asia/Seoul (before / after / between / withinLastDays);
 * - tags: the customer's tag set (hasAny / hasAll / hasNone).
 */
export type FieldKind = 'enum' | 'code' | 'text' | 'number' | 'boolean' | 'date' | 'tags';

export interface CustomerField {
  kind: FieldKind;
  /** Column on `customer`; `age` is derived from birth_date. */
  column: string;
  /** DATE columns compare calendar days, DATETIME columns instants. */
  storage?: 'date' | 'datetime' | 'int';
  nullable: boolean;
  values?: readonly string[];
}

export const customerFields = {
  status: { kind: 'enum', column: 'status', nullable: false, values: customerStatuses },
  age: { kind: 'number', column: 'birth_date', storage: 'date', nullable: true },
  gender: { kind: 'enum', column: 'gender', nullable: true, values: genders },
  birthDate: { kind: 'date', column: 'birth_date', storage: 'date', nullable: true },
  region: { kind: 'enum', column: 'region', nullable: true, values: regions },
  branch: { kind: 'code', column: 'branch_code', nullable: true },
  propensity: { kind: 'enum', column: 'propensity', nullable: true, values: propensities },
  riskGrade: { kind: 'enum', column: 'risk_grade', nullable: false, values: customerRiskGrades },
  segmentLabel: { kind: 'text', column: 'segment_label', nullable: true },
  customerNo: { kind: 'text', column: 'customer_no', nullable: false },
  assignedStaff: { kind: 'code', column: 'assigned_staff_id', storage: 'int', nullable: true },
  consentSms: { kind: 'boolean', column: 'consent_sms', nullable: false },
  consentEmail: { kind: 'boolean', column: 'consent_email', nullable: false },
  consentPush: { kind: 'boolean', column: 'consent_push', nullable: false },
  consentNight: { kind: 'boolean', column: 'consent_night', nullable: false },
  tags: { kind: 'tags', column: 'tags', nullable: false },
  customerSince: { kind: 'date', column: 'created_at', storage: 'datetime', nullable: false },
  statusChangedAt: { kind: 'date', column: 'status_changed_at', storage: 'datetime', nullable: true },
} as const satisfies Record<string, CustomerField>;

export type CustomerFieldName = keyof typeof customerFields;
export const customerFieldNames = Object.keys(customerFields) as CustomerFieldName[];

/** The operators that fit each kind of field. */
export const operatorsByKind = {
  enum: ['in', 'notIn'],
  code: ['in', 'notIn'],
  text: ['eq', 'neq', 'startsWith', 'contains'],
  number: ['eq', 'gte', 'lte', 'between'],
  boolean: ['is'],
  date: ['before', 'after', 'between', 'withinLastDays'],
  tags: ['hasAny', 'hasAll', 'hasNone'],
} as const satisfies Record<FieldKind, readonly string[]>;

export type AttributeOperator = (typeof operatorsByKind)[FieldKind][number];
export const attributeOperators = [...new Set(Object.values(operatorsByKind).flat())] as AttributeOperator[];
