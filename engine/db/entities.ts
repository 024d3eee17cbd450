import { Staff } from '../../resources/staff/staff.entity.js';
import { AuditLog } from '../../resources/audit/audit-log.entity.js';
import { Customer } from '../../resources/customer/customer.entity.js';
import { CustomerStatusHistory } from '../../resources/customer/customer-status-history.entity.js';
import { CustomerContact } from '../../resources/contact/contact.entity.js';
import { BehaviourEvent } from '../../resources/behaviour/behaviour-event.entity.js';
import { Branch } from '../../resources/branch/branch.entity.js';
import { Product } from '../../resources/product/product.entity.js';
import { ProductVersion } from '../../resources/product/product-version.entity.js';
import { RateTier } from '../../resources/product/rate-tier.entity.js';
import { LifecycleTransition } from '../../resources/product/lifecycle-transition.entity.js';
import { Disclosure } from '../../resources/disclosure/disclosure.entity.js';
import { Holding } from '../../resources/holding/holding.entity.js';
import { Segment } from '../../resources/segment/segment.entity.js';
import { SegmentVersion } from '../../resources/segment/segment-version.entity.js';

/** Every TypeORM entity of the platform; new domains add theirs here. */
export const entities = [
  Staff,
  AuditLog,
  Customer,
  CustomerStatusHistory,
  CustomerContact,
  BehaviourEvent,
  Branch,
  Product,
  ProductVersion,
  RateTier,
  LifecycleTransition,
  Disclosure,
  Holding,
  Segment,
  SegmentVersion,
];
