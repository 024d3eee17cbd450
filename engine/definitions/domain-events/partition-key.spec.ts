import { domainEventTypes } from './domain-event.schema.js';
import { domainEventSamples } from './domain-event.samples.js';
import { partitionKeyOf } from './partition-key.js';

test("every event is keyed by its customer number, so one customer's events stay in order on one partition", () => {
  for (const type of domainEventTypes) {
    const e = { ...domainEventSamples[type], customerNo: `K-${type}` };
    expect({ type, key: partitionKeyOf(e) }).toEqual({ type, key: `K-${type}` });
  }
});
