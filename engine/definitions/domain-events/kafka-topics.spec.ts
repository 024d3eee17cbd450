import { envSchema } from '../../config/config.schema.js';
import { domainEventTypes } from './domain-event.schema.js';
import { domainEventSamples } from './domain-event.samples.js';
import { defaultDomainTopicNames, domainTopics, kafkaRecordOf, kafkaRoutes, kafkaTopicOf } from './kafka-topics.js';
import { parseDomainEvent } from './parse-domain-event.js';
import { toSegmentKafkaMessage } from './segment-kafka-message.js';

const configDefaults = envSchema.parse({});

test('segment events stay on the configured segment-events topic; message events go to message-events', () => {
  expect(kafkaTopicOf('segment.entered')).toBe(configDefaults.KAFKA_TOPIC_SEGMENT_EVENTS);
  expect(kafkaTopicOf('segment.exited')).toBe('segment-events');
  for (const t of ['message.requested', 'message.sent', 'message.delivered', 'message.failed', 'message.opened', 'message.clicked'] as const) {
    expect(kafkaTopicOf(t)).toBe(configDefaults.KAFKA_TOPIC_MESSAGE_EVENTS);
  }
});

test("no domain event is produced to the channel systems' input topic or its dead-letter topic (ingestion would read it back)", () => {
  const forbidden = [configDefaults.KAFKA_TOPIC_CUSTOMER_EVENTS, configDefaults.KAFKA_TOPIC_DLQ];
  expect(domainEventTypes.map((t) => kafkaTopicOf(t)).filter((t) => forbidden.includes(t))).toEqual([]);
});

test('every type has a route, and the configured names are used', () => {
  expect(Object.keys(kafkaRoutes).sort()).toEqual([...domainEventTypes].sort());
  const names = { crmEvents: 'bank.crm', segmentEvents: 'bank.segments', journeyEvents: 'bank.journeys', messageEvents: 'bank.messages' };
  expect(kafkaTopicOf('customer.changed', names)).toBe('bank.crm');
  expect(kafkaTopicOf('holding.opened', names)).toBe('bank.crm');
  expect(kafkaTopicOf('segment.entered', names)).toBe('bank.segments');
  expect(kafkaTopicOf('journey.stepEntered', names)).toBe('bank.journeys');
  expect(kafkaTopicOf('message.clicked', names)).toBe('bank.messages');
  expect(new Set(Object.values(defaultDomainTopicNames)).size).toBe(domainTopics.length);
});

test("a record is keyed by customer; segment events keep today's message, the others carry the event itself", () => {
  for (const type of domainEventTypes) {
    const event = domainEventSamples[type];
    const record = kafkaRecordOf(event);
    expect(record.key).toBe(event.customerNo);
    expect(record.topic).toBe(kafkaTopicOf(type));
    const value = JSON.parse(record.value);
    if (event.type === 'segment.entered' || event.type === 'segment.exited') expect(value).toEqual(toSegmentKafkaMessage(event));
    else expect(parseDomainEvent(value)).toEqual({ ok: true, event });
  }
});
