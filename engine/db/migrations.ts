import { Foundation1732300000000 } from '../../migrations/1732300000000-foundation.js';
import { Crm1732400000000 } from '../../migrations/1732400000000-crm.js';
import { Segments1732500000000 } from '../../migrations/1732500000000-segments.js';
import { SegmentIndexes1732600000000 } from '../../migrations/1732600000000-segment-indexes.js';
import { CustomerAudienceIndex1732700000000 } from '../../migrations/1732700000000-customer-audience-index.js';
import { ExactIdentifiers1733000000000 } from '../../migrations/1733000000000-exact-identifiers.js';
import { StaffSessions1733000100000 } from '../../migrations/1733000100000-staff-sessions.js';
import { DomainEventOutbox1733000200000 } from '../../migrations/1733000200000-domain-event-outbox.js';
import { Journeys1733000300000 } from '../../migrations/1733000300000-journeys.js';
import { ServiceTokens1733000400000 } from '../../migrations/1733000400000-service-tokens.js';
import { JourneyReadIndexes1733000500000 } from '../../migrations/1733000500000-journey-read-indexes.js';
import { MessageTemplates1733000600000 } from '../../migrations/1733000600000-message-templates.js';
import { MessageDelivery1733000700000 } from '../../migrations/1733000700000-message-delivery.js';
import { MessageResults1733000800000 } from '../../migrations/1733000800000-message-results.js';
import { ProductEligibility1733000900000 } from '../../migrations/1733000900000-product-eligibility.js';
import { DashboardIndexes1733001000000 } from '../../migrations/1733001000000-dashboard-indexes.js';

/**
 * Migrations in the order they run. Listed explicitly rather than globbed so
 * that tsx, Jest and a compiled build all load exactly the same set.
 */
export const migrations = [
  Foundation1732300000000,
  Crm1732400000000,
  Segments1732500000000,
  SegmentIndexes1732600000000,
  CustomerAudienceIndex1732700000000,
  ExactIdentifiers1733000000000,
  StaffSessions1733000100000,
  DomainEventOutbox1733000200000,
  Journeys1733000300000,
  ServiceTokens1733000400000,
  JourneyReadIndexes1733000500000,
  MessageTemplates1733000600000,
  MessageDelivery1733000700000,
  MessageResults1733000800000,
  ProductEligibility1733000900000,
  DashboardIndexes1733001000000,
];
