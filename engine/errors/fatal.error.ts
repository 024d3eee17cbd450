import { TaxonomyError } from './taxonomy-error.js';

/**
 * A bug or a broken invariant: the item stops (retrying would fail the same
 * way) and the error is reported (logged at error level, counted). E.g.
 * `unexpected`, `invalidDomainEvent`, `databaseError`.
 */
export class FatalError extends TaxonomyError {
  readonly kind = 'fatal' as const;
  override readonly name = 'FatalError';
}
