import type { Kafka } from 'kafkajs';

/** Creates missing topics; existing ones are left untouched. */
export async function ensureTopics(kafka: Kafka, topics: Array<{ name: string; partitions: number }>): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t.name));
    if (missing.length > 0) {
      await admin.createTopics({ waitForLeaders: true, topics: missing.map((t) => ({ topic: t.name, numPartitions: t.partitions, replicationFactor: -1 })) });
    }
    return missing.map((t) => t.name);
  } finally {
    await admin.disconnect();
  }
}
