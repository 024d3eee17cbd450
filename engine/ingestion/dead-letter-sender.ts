import type { Admin, ConfigResourceTypes, Producer } from 'kafkajs';
import type { Logger } from '../observability/logger.js';
import { chunkBySize, recordSize, sendBudget, toDlqMessage, type DeadLetter, type DlqMessage } from './dead-letter-messages.js';
import { deadLettersDropped } from './ingestion-metrics.js';

/** ConfigResourceTypes.TOPIC; kafkajs (CommonJS) does not expose that enum as an ES named export. */
const TOPIC_RESOURCE = 2 as ConfigResourceTypes;
/** Kafka's own default for message.max.bytes, used when the topic's setting cannot be read. */
const FALLBACK_MAX_MESSAGE_BYTES = 1_048_588;
/** When even a message without payload is refused, what is left of the reason. */
const LAST_RESORT_REASON_CHARS = 200;

/**
 * Sends dead letters to the DLQ topic in sends that fit its max.message.bytes.
 *
 * If the broker still refuses a send for its size (the topic's limit was
 * lowered meanwhile), the limit is read again and each dead letter is sent
 * alone, cut to the new limit, and as a last resort as headers only; one that
 * is refused even then is logged with its source and counted in
 * `ingestion_dead_letters_dropped_total` — never silently skipped, and never
 * a reason to stop consuming. Any other failure (broker unreachable, topic
 * missing) is thrown: the batch is then retried, its offsets uncommitted.
 */
export class DeadLetterSender {
  private maxMessageBytes = FALLBACK_MAX_MESSAGE_BYTES;

  constructor(
    private readonly producer: Producer,
    private readonly admin: Admin,
    private readonly topic: string,
    private readonly logger: Logger,
  ) {}

  /** Reads the DLQ topic's effective max.message.bytes (topic override or broker default). */
  async refreshLimit(): Promise<number> {
    try {
      const { resources } = await this.admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: TOPIC_RESOURCE, name: this.topic, configNames: ['max.message.bytes'] }],
      });
      const value = Number(resources[0]?.configEntries.find((e) => e.configName === 'max.message.bytes')?.configValue);
      if (Number.isInteger(value) && value > 0) this.maxMessageBytes = value;
    } catch (err) {
      this.logger.warn({ err, topic: this.topic }, `could not read max.message.bytes of the DLQ topic; assuming ${this.maxMessageBytes}`);
    }
    return this.maxMessageBytes;
  }

  /** `between` runs after each send (the batch handler heartbeats there). */
  async send(dead: DeadLetter[], between: () => Promise<void> = async () => undefined): Promise<void> {
    const at = new Date();
    const budget = sendBudget(this.maxMessageBytes);
    const prepared = dead.map((d) => ({ d, m: toDlqMessage(d, budget, at) }));
    for (const chunk of chunkBySize(prepared, (p) => recordSize(p.m), budget)) {
      try {
        await this.producer.send({ topic: this.topic, messages: chunk.map((p) => p.m) });
      } catch (err) {
        if (!isTooLarge(err)) throw err;
        await this.refreshLimit();
        for (const p of chunk) await this.sendAlone(p.d, at);
      }
      await between();
    }
  }

  private async sendAlone(d: DeadLetter, at: Date): Promise<void> {
    const budget = sendBudget(this.maxMessageBytes);
    const attempts: DlqMessage[] = [toDlqMessage(d, budget, at), toDlqMessage({ ...d, key: null, value: null, reason: d.reason.slice(0, LAST_RESORT_REASON_CHARS) }, budget, at)];
    attempts[1]!.headers['dlq-truncated'] = 'key,value';
    attempts[1]!.headers['dlq-original-bytes'] = String(d.value?.length ?? 0);
    for (const message of attempts) {
      try {
        await this.producer.send({ topic: this.topic, messages: [message] });
        return;
      } catch (err) {
        if (!isTooLarge(err)) throw err;
      }
    }
    deadLettersDropped.inc();
    this.logger.error(
      { source: `${d.topic}/${d.partition}/${d.offset}`, reason: d.reason.slice(0, LAST_RESORT_REASON_CHARS), dlqTopic: this.topic },
      'the DLQ refused this dead letter even without its payload: it is recorded only in this log line',
    );
  }
}

const TOO_LARGE = new Set(['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE']);

/** True if the broker refused the send for its size (KafkaJS wraps the protocol error in retry errors). */
export function isTooLarge(err: unknown): boolean {
  for (let e = err as { type?: string; cause?: unknown; originalError?: unknown } | undefined, depth = 0; e && depth < 10; depth++) {
    if (e.type && TOO_LARGE.has(e.type)) return true;
    e = (e.cause ?? e.originalError) as typeof e;
  }
  return false;
}
