import type Queue from 'bull';
import type { QueueFactory } from '../../queues/queue-factory.js';
import type { MessageChannel } from '../../definitions/journey/journey-action-nodes.schema.js';
import type { WebhookJob } from './advance.js';

/**
 * The Bull queues of the journey runtime. Redis holds only work that is due
 * now: batches of instance ids to wake (never one delayed job per waiting
 * customer), webhook calls in flight, and send requests for the channel
 * workers (`send-sms`, `send-email`, `send-push`, one job per message row,
 * job id = the row id so a job is never queued twice while it exists).
 */
export const journeyQueueNames = {
  wake: 'journey-wake',
  webhook: 'journey-webhook',
  schedule: 'journey-schedule',
  send: { sms: 'send-sms', email: 'send-email', push: 'send-push' } satisfies Record<MessageChannel, string>,
} as const;

export interface WakeJob {
  ids: string[];
  dueBy: number;
}
export interface SendJob {
  messageId: string;
}
export interface ScheduleJob {
  journeyId: number;
  versionId: number;
}

export interface JourneyQueues {
  wake: Queue.Queue<WakeJob>;
  webhook: Queue.Queue<WebhookJob>;
  schedule: Queue.Queue<ScheduleJob>;
  send: Record<MessageChannel, Queue.Queue<SendJob>>;
  all(): Array<[string, Queue.Queue<unknown>]>;
  close(): Promise<void>;
}

export function createJourneyQueues(factory: QueueFactory): JourneyQueues {
  const send = {
    sms: factory.create<SendJob>(journeyQueueNames.send.sms),
    email: factory.create<SendJob>(journeyQueueNames.send.email),
    push: factory.create<SendJob>(journeyQueueNames.send.push),
  };
  const q = {
    wake: factory.create<WakeJob>(journeyQueueNames.wake),
    webhook: factory.create<WebhookJob>(journeyQueueNames.webhook),
    schedule: factory.create<ScheduleJob>(journeyQueueNames.schedule),
    send,
  };
  const all = (): Array<[string, Queue.Queue<unknown>]> =>
    [
      [journeyQueueNames.wake, q.wake],
      [journeyQueueNames.webhook, q.webhook],
      [journeyQueueNames.schedule, q.schedule],
      ...Object.entries(send).map(([c, queue]) => [journeyQueueNames.send[c as MessageChannel], queue] as [string, Queue.Queue<unknown>]),
    ] as Array<[string, Queue.Queue<unknown>]>;
  return {
    ...q,
    all,
    async close() {
      await Promise.all(all().map(([, queue]) => queue.close()));
    },
  };
}

/** A message's job id: the row id, so Bull refuses a second job for the same row while one exists. */
export const sendJobId = (messageId: string) => `m${messageId}`;
