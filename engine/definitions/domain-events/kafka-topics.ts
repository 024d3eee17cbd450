import type { DomainEvent, DomainEventType } from './domain-event.schema.js';
import { partitionKeyOf } from './partition-key.js';
import { toSegmentKafkaMessage } from './segment-kafka-message.js';

/**
 * Where each event type goes on Kafka, and in which shape, decided in this
 * one table. Topics are named by role; their actual names come from the
 * configuration (`KAFKA_TOPIC_*`), with these defaults:
 * - `segmentEvents` (segment-events): segment.entered / exited, in the
 *   message shape its consumers already read (`toSegmentKafkaMessage`);
 * - `messageEvents` (message-events): a message's life, as ARCHITECTURE says;
 * - `crmEvents` (crm-events): customer and holding changes made in the CRM;
 * - `journeyEvents` (journey-events): journey instances and steps.
 * No domain event goes to `customer-events`: that topic is the channel
 * systems' input, and the ingestion consumer would read our own events back.
 */
export const domainTopics = ['crmEvents', 'segmentEvents', 'journeyEvents', 'messageEvents'] as const;
export type DomainTopic = (typeof domainTopics)[number];
export type DomainTopicNames = Record<DomainTopic, string>;

export const defaultDomainTopicNames: DomainTopicNames = {
  crmEvents: 'crm-events',
  segmentEvents: 'segment-events',
  journeyEvents: 'journey-events',
  messageEvents: 'message-events',
};

/** `envelope`: the event as it is (JSON); `segmentMessage`: today's segment-events message. */
export type KafkaShape = 'envelope' | 'segmentMessage';

export const kafkaRoutes: Record<DomainEventType, { topic: DomainTopic; shape: KafkaShape }> = {
  'customer.changed': { topic: 'crmEvents', shape: 'envelope' },
  'customer.statusChanged': { topic: 'crmEvents', shape: 'envelope' },
  'holding.opened': { topic: 'crmEvents', shape: 'envelope' },
  'holding.closed': { topic: 'crmEvents', shape: 'envelope' },
  'holding.changed': { topic: 'crmEvents', shape: 'envelope' },
  'segment.entered': { topic: 'segmentEvents', shape: 'segmentMessage' },
  'segment.exited': { topic: 'segmentEvents', shape: 'segmentMessage' },
  'journey.instanceStarted': { topic: 'journeyEvents', shape: 'envelope' },
  'journey.stepEntered': { topic: 'journeyEvents', shape: 'envelope' },
  'journey.instanceExited': { topic: 'journeyEvents', shape: 'envelope' },
  'journey.converted': { topic: 'journeyEvents', shape: 'envelope' },
  'message.requested': { topic: 'messageEvents', shape: 'envelope' },
  'message.sent': { topic: 'messageEvents', shape: 'envelope' },
  'message.held': { topic: 'messageEvents', shape: 'envelope' },
  'message.suppressed': { topic: 'messageEvents', shape: 'envelope' },
  'message.converted': { topic: 'messageEvents', shape: 'envelope' },
  'message.delivered': { topic: 'messageEvents', shape: 'envelope' },
  'message.failed': { topic: 'messageEvents', shape: 'envelope' },
  'message.opened': { topic: 'messageEvents', shape: 'envelope' },
  'message.clicked': { topic: 'messageEvents', shape: 'envelope' },
};

/** The topic name an event type is produced to. */
export function kafkaTopicOf(type: DomainEventType, names: DomainTopicNames = defaultDomainTopicNames): string {
  return names[kafkaRoutes[type].topic];
}

/** The Kafka record of an event: topic, key (the customer) and JSON value in the route's shape. */
export function kafkaRecordOf(event: DomainEvent, names: DomainTopicNames = defaultDomainTopicNames): { topic: string; key: string; value: string } {
  const value = event.type === 'segment.entered' || event.type === 'segment.exited' ? toSegmentKafkaMessage(event) : event;
  return { topic: kafkaTopicOf(event.type, names), key: partitionKeyOf(event), value: JSON.stringify(value) };
}
