import type { AppConfig } from '../config/load-config.js';
import { StartupError } from '../config/config.error.js';
import { adoptOrphanBroker, isKafkaAnswering, startKafka } from '../../docker/kafka/launcher.js';

export interface ResolvedKafka {
  brokers: string[];
  /** Present when this process launched the broker and must stop it. */
  stop?: () => Promise<void>;
  origin: 'configured' | 'already-running' | 'adopted' | 'launched';
}

/**
 * KAFKA_BROKERS set: it must answer. Unset: adopt the broker an earlier,
 * killed start launched (and stop it on exit), else reuse a broker already on
 * 127.0.0.1:KAFKA_LOCAL_PORT (someone else's, left running), or launch the
 * project's own (docker/kafka).
 */
export async function resolveKafka(config: AppConfig, log: (line: string) => void): Promise<ResolvedKafka> {
  if (config.kafka.brokers) {
    if (!(await isKafkaAnswering(config.kafka.brokers, 5000))) {
      throw new StartupError(`Kafka at ${config.kafka.brokers.join(',')} did not answer: start it or fix KAFKA_BROKERS`);
    }
    return { brokers: config.kafka.brokers, origin: 'configured' };
  }
  const local = [`127.0.0.1:${config.kafka.localPort}`];
  const orphan = await adoptOrphanBroker({ port: config.kafka.localPort, log });
  if (orphan) return { brokers: orphan.brokers, stop: () => orphan.stop(), origin: 'adopted' };
  if (await isKafkaAnswering(local, 2000)) return { brokers: local, origin: 'already-running' };
  const running = await startKafka({ port: config.kafka.localPort, log });
  log(`kafka: broker pid ${running.pid} (stopped with this process)`);
  return { brokers: running.brokers, stop: () => running.stop(), origin: 'launched' };
}
