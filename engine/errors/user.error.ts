import { TaxonomyError } from './taxonomy-error.js';

/**
 * The input or request is at fault: recorded on the item (its `code` and
 * `message`), never retried. E.g. `invalidInput`, `duplicate` (the work was
 * done already), `conflict`.
 */
export class UserError extends TaxonomyError {
  readonly kind = 'user' as const;
  override readonly name = 'UserError';
}
