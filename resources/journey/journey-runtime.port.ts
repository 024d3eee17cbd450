/**
 * What the journey lifecycle service (resources/journey/journey.service.ts)
 * and the service API ask of the journey runtime, always after their own
 * transaction committed. The runtime side implements it
 * (engine/journeys/runtime/journey-runtime-port.ts); a process without the
 * runtime (a console-only process) passes none, and then nothing is called:
 * the engine process picks lifecycle changes up from MariaDB on its own.
 */
export interface JourneyRuntimePort {
  /** Lifecycle changed (publish, pause, resume, archive): live journeys are re-read, schedules (re)registered or removed. */
  lifecycleChanged(journeyId: number): Promise<void>;
  /** Archive: ends every running instance with reason `archived`; returns how many. */
  archived(journeyId: number): Promise<number>;
  /** Starts one customer on a PUBLISHED api-entry journey; `entryKey` unique per journey makes a repeat start nothing twice. */
  startForApi(journeyId: number, customer: { id: number; customerNo: string }, entryKey: string): Promise<{ instanceId: string | null; started: boolean; reason?: string }>;
}
