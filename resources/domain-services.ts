import type { DataSource } from 'typeorm';
import type { PiiCipher } from '../engine/crypto/pii-cipher.js';
import { CustomerService } from './customer/customer.service.js';
import { CatalogueService } from './product/catalogue.service.js';
import { DisclosureService } from './disclosure/disclosure.service.js';
import { HoldingService } from './holding/holding.service.js';
import { SegmentService } from './segment/segment.service.js';
import { SegmentOptionsQuery } from './segment/segment-options.query.js';
import { JourneyService } from './journey/journey.service.js';
import type { WriteResult } from './shared/write-result.js';
import type { OutboxKick } from '../engine/outbox/outbox-kick.js';

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

export function createDomainServices(
  ds: DataSource, cipher: PiiCipher, opts: { segmentCountTimeoutMs?: number; outbox?: OutboxKick; logger?: { error(obj: object, msg: string): void } } = {},
): DomainServices {
  const segments = new SegmentService(ds, opts.segmentCountTimeoutMs, { outbox: opts.outbox, logger: opts.logger });
  const customers = new CustomerService(ds, cipher);
  const holdings = new HoldingService(ds);
  // A customer or holding changed by staff is re-evaluated against the published
  // segments at once, as an ingested event would be (the scheduled refresh is the safety net).
  const reevaluate = (customerId: number) => segments.reevaluate([customerId])
    .catch((err: unknown) => opts.logger?.error({ err, customerId }, 'segments: re-evaluating a customer failed'));
  afterSuccessfulWrite(customers, ['create', 'update', 'changeStatus'], (c: { id: number }) => reevaluate(c.id));
  afterSuccessfulWrite(holdings, ['open', 'update'], (h: { customerId: number }) => reevaluate(Number(h.customerId)));
  return {
    ds,
    cipher,
    customers,
    catalogue: new CatalogueService(ds),
    disclosures: new DisclosureService(ds),
    holdings,
    segments,
    segmentOptions: new SegmentOptionsQuery(ds),
    journeys: new JourneyService(ds),
  };
}

/** Runs `then` with the written entity after each successful call of the named write methods. */
function afterSuccessfulWrite<S extends object, E>(service: S, methods: Array<keyof S & string>, then: (entity: E) => Promise<void>): void {
  for (const name of methods) {
    const original = (service[name] as unknown as (...args: unknown[]) => Promise<WriteResult<E>>).bind(service);
    (service as Record<string, unknown>)[name] = async (...args: unknown[]) => {
      const result = await original(...args);
      if (result.ok) await then(result.entity);
      return result;
    };
  }
}
