import { Staff } from '../../resources/staff/staff.entity.js';
import { AuditLog } from '../../resources/audit/audit-log.entity.js';
import { Customer } from '../../resources/customer/customer.entity.js';
import { BehaviourEvent } from '../../resources/behaviour/behaviour-event.entity.js';

/** Every TypeORM entity of the platform; new domains add theirs here. */
export const entities = [Staff, AuditLog, Customer, BehaviourEvent];
