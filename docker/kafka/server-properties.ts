import { randomBytes } from 'node:crypto';

/** Where and how one local broker listens and keeps its data. */
export interface BrokerLayout {
  port: number;
  controllerPort: number;
  /** Kafka's "log.dirs": partition segments and the KRaft metadata log (meta.properties lives here). */
  logDir: string;
}

/**
 * server.properties for a single-node KRaft cluster: one JVM is both the
 * controller (metadata quorum of one) and the broker, so no ZooKeeper is needed.
 * Everything binds to 127.0.0.1 only: this broker is for local development and
 * tests and must not be reachable from the network.
 */
export function renderServerProperties({ port, controllerPort, logDir }: BrokerLayout): string {
  const lines = [
    '# Written by docker/kafka/launcher.ts on every start; edits here are overwritten.',
    '',
    '# --- single-node KRaft (combined broker + controller) ---',
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    '',
    '# --- one replica of everything: there is only one broker ---',
    'default.replication.factor=1',
    'min.insync.replicas=1',
    'offsets.topic.replication.factor=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    '# 50 partitions (the default) for __consumer_offsets makes the first consumer',
    '# group join take seconds longer; a handful is plenty for one developer.',
    'offsets.topic.num.partitions=5',
    'transaction.state.log.num.partitions=5',
    'num.partitions=1',
    '',
    '# --- dev/test behaviour ---',
    '# Consumers in tests should get their assignment at once, not after 3 s.',
    'group.initial.rebalance.delay.ms=0',
    '# Topics are created explicitly by the launcher; a typo in a topic name',
    '# should fail loudly instead of silently creating a new topic.',
    'auto.create.topics.enable=false',
    'delete.topic.enable=true',
    "# Kafka's default, written out because ingestion and its attack tests depend on it:",
    '# the largest record batch a producer may send (the DLQ sender reads it per topic).',
    'message.max.bytes=1048588',
    '# After a broker is killed (kill -9, a crashed test run), its restart must',
    '# wait until the controller expires the dead registration (default 9 s, and',
    '# retries back off to ~15 s). Faster heartbeats make that about 3 s.',
    'broker.heartbeat.interval.ms=500',
    'broker.session.timeout.ms=3000',
    '',
    '# --- storage: small, short-lived ---',
    `log.dirs=${logDir}`,
    'log.segment.bytes=16777216',
    'log.retention.hours=24',
    'log.retention.bytes=134217728',
    'log.retention.check.interval.ms=60000',
    '# The log cleaner (compaction of __consumer_offsets) reserves 128 MiB of heap',
    '# by default; 16 MiB is ample here and keeps the broker fitting in a small heap.',
    'log.cleaner.dedupe.buffer.size=16777216',
    '',
    '# --- fewer threads: a laptop or a 2-core CI machine, not a server ---',
    'num.network.threads=2',
    'num.io.threads=4',
    'background.threads=4',
    'num.recovery.threads.per.data.dir=1',
  ];
  return lines.join('\n') + '\n';
}

/**
 * A new cluster id in Kafka's own Uuid text format: 16 random bytes as unpadded
 * base64url (22 characters). Like Kafka's Uuid.randomUuid(), ids starting with
 * '-' are rejected, because they read as an option on a command line.
 */
export function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}
