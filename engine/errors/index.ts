export { errorKinds, isTaxonomyError, TaxonomyError, type ErrorKind, type ErrorRecord } from './taxonomy-error.js';
export { UserError } from './user.error.js';
export { OperationalError } from './operational.error.js';
export { FatalError } from './fatal.error.js';
export { classifyError, toTaxonomyError, type ClassifyOptions } from './classify-error.js';
export { retryDelayMs, type RetryDelayOptions } from './retry-delay.js';
