import { Foundation1732300000000 } from '../../migrations/1732300000000-foundation.js';

/**
 * Migrations in the order they run. Listed explicitly rather than globbed so
 * that tsx, Jest and a compiled build all load exactly the same set.
 */
export const migrations = [Foundation1732300000000];
