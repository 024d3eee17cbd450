import { TaxonomyError } from './taxonomy-error.js';

/**
 * A dependency failed for now: retried with backoff (`retry-delay.ts`)
 * until it recovers or the attempts run out. E.g. `connectionFailed`,
 * `lockWaitTimeout`, `deadlock`, `kafkaUnavailable`.
 */
export class OperationalError extends TaxonomyError {
  readonly kind = 'operational' as const;
  override readonly name = 'OperationalError';
}
