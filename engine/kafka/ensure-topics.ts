import type { Admin, Kafka } from 'kafkajs';

/** Creates missing topics; existing ones are left untouched. Returns the names created. */
export async function ensureTopics(kafka: Kafka, topics: Array<{ name: string; partitions: number }>): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t.name));
    if (missing.length > 0) {
      // waitForLeaders: false — KafkaJS's own wait throws on the first metadata error; ours below polls.
      await admin.createTopics({ waitForLeaders: false, topics: missing.map((t) => ({ topic: t.name, numPartitions: t.partitions, replicationFactor: -1 })) });
      await waitForLeaders(
        admin,
        missing.map((t) => t.name),
      );
    }
    return missing.map((t) => t.name);
  } finally {
    await admin.disconnect();
  }
}

/**
 * createTopics' own waitForLeaders gives up on the first metadata error, and a
 * broker that has just started (or is busy) answers "does not host this
 * topic-partition" for a moment after creating a topic: start-up then failed
 * now and then. This polls until every partition has a leader.
 */
async function waitForLeaders(admin: Admin, names: string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: names });
      const led = (name: string) => {
        const partitions = topics.find((t) => t.name === name)?.partitions ?? [];
        return partitions.length > 0 && partitions.every((p) => p.leader >= 0);
      };
      if (names.every(led)) return;
    } catch (err) {
      if (Date.now() >= deadline) throw err;
    }
    if (Date.now() >= deadline) throw new Error(`Kafka topics ${names.join(', ')} have no partition leaders after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
