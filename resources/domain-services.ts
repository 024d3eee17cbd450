import type { DataSource } from 'typeorm';
import type { PiiCipher } from '../engine/crypto/pii-cipher.js';
import { CustomerService } from './customer/customer.service.js';
import { CatalogueService } from './product/catalogue.service.js';
import { DisclosureService } from './disclosure/disclosure.service.js';
import { HoldingService } from './holding/holding.service.js';
import { SegmentService } from './segment/segment.service.js';
import { SegmentOptionsQuery } from './segment/segment-options.query.js';

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
}

export function createDomainServices(ds: DataSource, cipher: PiiCipher, opts: { segmentCountTimeoutMs?: number } = {}): DomainServices {
  return {
    ds,
    cipher,
    customers: new CustomerService(ds, cipher),
    catalogue: new CatalogueService(ds),
    disclosures: new DisclosureService(ds),
    holdings: new HoldingService(ds),
    segments: new SegmentService(ds, opts.segmentCountTimeoutMs),
    segmentOptions: new SegmentOptionsQuery(ds),
  };
}
