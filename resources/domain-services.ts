import type { DataSource } from 'typeorm';
import type { PiiCipher } from '../engine/crypto/pii-cipher.js';
import { CustomerService } from './customer/customer.service.js';
import { CatalogueService } from './product/catalogue.service.js';
import { DisclosureService } from './disclosure/disclosure.service.js';
import { HoldingService } from './holding/holding.service.js';
import { SegmentService } from './segment/segment.service.js';
import { SegmentOptionsQuery } from './segment/segment-options.query.js';
import { JourneyService } from './journey/journey.service.js';
import { noOutboxKick, type OutboxKick } from '../engine/outbox/outbox-kick.js';
import type { DomainEventHandler } from '../engine/outbox/domain-event-relay.js';
import type { DomainEventType } from '../engine/definitions/domain-events/index.js';

/** The domain services, built once per process and shared by the console, seeds and jobs. */
export interface DomainServices {
  ds: DataSource;
  cipher: PiiCipher;
  customers: CustomerService;
  catalogue: CatalogueService;
  disclosures: DisclosureService;
  holdings: HoldingService;
  segments: SegmentService;
  segmentOptions: SegmentOptionsQuery;
  journeys: JourneyService;
}

export interface DomainServiceOptions {
  segmentCountTimeoutMs?: number;
  /**
   * The domain-event relay (engine/outbox), kicked by the services after
   * they committed events. Default: none; the events wait in the outbox for
   * a relay's sweep (seeds, scripts, tests of the services alone).
   */
  outbox?: OutboxKick;
  /** Where failures that must not fail a committed write are reported. */
  logger?: { error(obj: object, msg: string): void };
}

export function createDomainServices(ds: DataSource, cipher: PiiCipher, opts: DomainServiceOptions = {}): DomainServices {
  const outbox = opts.outbox ?? noOutboxKick;
  return {
    ds,
    cipher,
    customers: new CustomerService(ds, cipher, outbox),
    catalogue: new CatalogueService(ds),
    disclosures: new DisclosureService(ds),
    holdings: new HoldingService(ds, outbox),
    segments: new SegmentService(ds, opts.segmentCountTimeoutMs, { outbox, logger: opts.logger }),
    segmentOptions: new SegmentOptionsQuery(ds),
    journeys: new JourneyService(ds),
  };
}

/** An in-process subscriber of the domain-event relay, as `relay.subscribe(name, types, handler)` takes it. */
export interface DomainSubscriber {
  name: string;
  types: DomainEventType[];
  handler: DomainEventHandler;
}

/**
 * A customer or holding changed (by staff, a bank system or housekeeping):
 * the customer is re-evaluated against the published segments at once, as an
 * ingested event would be (the scheduled refresh is the safety net). One
 * evaluation per batch of events; idempotent, as the relay requires.
 */
export function segmentReevaluationSubscriber(services: Pick<DomainServices, 'segments'>): DomainSubscriber {
  return {
    name: 'segment-reevaluation',
    types: ['customer.changed', 'customer.statusChanged', 'holding.opened', 'holding.changed', 'holding.closed'],
    handler: async (events) => {
      await services.segments.reevaluate([...new Set(events.map((e) => e.payload.customerId))]);
    },
  };
}
