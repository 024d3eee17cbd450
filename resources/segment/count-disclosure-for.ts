import type { CurrentAdmin } from 'adminjs';
import { maskIdentity } from '../customer/customer-masking.js';
import { exactCounts, type CountDisclosure } from '../../engine/segments/count-disclosure.js';
import type { CustomerKey } from '../../engine/segments/segment-plan.js';

/** Every customer column a segment condition can test, by the property name the masking module uses. */
const segmentKeys: CustomerKey[] = [
  'customerNo',
  'status',
  'gender',
  'birthDate',
  'region',
  'branchCode',
  'propensity',
  'riskGrade',
  'segmentLabel',
  'assignedStaffId',
  'consentSms',
  'consentEmail',
  'consentPush',
  'consentNight',
  'tags',
  'createdAt',
  'statusChangedAt',
];

/**
 * Which of those the viewer sees masked, asked of the masking module itself
 * (resources/customer/customer-masking.ts) with a probe record rather than
 * copied from it: whatever that module masks for a role — birth dates today,
 * anything it masks tomorrow — is what counts must not reveal to that role.
 */
export function maskedSegmentKeys(admin: CurrentAdmin | undefined): Set<CustomerKey> {
  const probe = Object.fromEntries(segmentKeys.map((k) => [k, '1990-12-31']));
  const shown = maskIdentity(probe, admin);
  return new Set(segmentKeys.filter((k) => shown[k] !== probe[k]));
}

/** SEGMENT_MIN_AUDIENCE, set once at start (SegmentService.minAudience); process configuration, not per request. */
let configuredMinAudience = 10;
export const configureMinAudience = (n: number): void => {
  configuredMinAudience = Math.max(1, Math.floor(n));
};
export const configuredMinimumAudience = (): number => configuredMinAudience;

/** Exact counts for roles that see every tested field in clear; guarded counts for the others. */
export function countDisclosureFor(admin: CurrentAdmin | undefined, minAudience = configuredMinAudience): CountDisclosure {
  const maskedKeys = maskedSegmentKeys(admin);
  return maskedKeys.size === 0 ? exactCounts : { kind: 'guarded', minAudience, maskedKeys };
}
