import { exampleJourneys, type ExampleJourneyRefs } from '../engine/definitions/journey/journey-examples.js';
import { runAsActor } from '../engine/context/request-context.js';
import type { DomainServices } from '../resources/domain-services.js';
import { depositMaturingSegmentName } from './demo-segments.js';

/**
 * The three example journeys (engine/definitions/journey/journey-examples.ts),
 * created and published through the journey service as the demo marketer
 * would from the console, so they carry version 1, an audit trail and a
 * publisher, their send blocks on the demo templates (`templates`, from
 * seedDemoTemplates). Idempotent: a journey with the same name is kept as it is
 * (edited, paused or archived by someone, or left a draft by an earlier run
 * that stopped between create and publish).
 */
export async function seedJourneys(services: DomainServices, now: Date, templates: ExampleJourneyRefs['templates']): Promise<number> {
  const [segment]: Array<{ id: number; status: string }> = await services.ds.query('SELECT id, status FROM segment WHERE name = ?', [depositMaturingSegmentName]);
  if (!segment) throw new Error(`demo journeys: the segment ${depositMaturingSegmentName} is missing (seeded before the journeys)`);
  const refs: ExampleJourneyRefs = {
    segments: { depositMaturing: Number(segment.id) },
    // The eight demo templates (seeds/demo-templates.ts), approved: publishing refuses a send block whose template cannot be sent.
    templates,
  };
  const [marketer]: Array<{ id: number; email: string; role: string }> = await services.ds.query("SELECT id, email, role FROM staff WHERE email = 'marketer@demo.bank'");
  if (!marketer) throw new Error('demo journeys: the demo marketer marketer@demo.bank is missing (seeded before the journeys)');
  const actor = { id: Number(marketer.id), email: marketer.email, role: marketer.role, ip: null };
  let created = 0;
  for (const journey of exampleJourneys(refs)) {
    const [exists] = await services.ds.query('SELECT id FROM journey WHERE name = ?', [journey.name]);
    if (exists) continue;
    await runAsActor(actor, async () => {
      const made = await services.journeys.create({ name: journey.name, description: journey.description, definition: journey.definition }, now);
      if (!made.ok) throw new Error(`demo journey ${journey.name}: ${made.problems.map((p) => p.message.en).join('; ')}`);
      const published = await services.journeys.publish(made.id, now);
      if (!published.ok) throw new Error(`demo journey ${journey.name}: ${published.problems.map((p) => p.message.en).join('; ')}`);
    });
    created++;
  }
  return created;
}
