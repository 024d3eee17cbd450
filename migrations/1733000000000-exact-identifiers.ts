import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Identifiers that come from outside (channel systems, core banking) compare
 * exactly: `abc`, `ABC`, `ábc` and `abc ` are four different values.
 *
 * The tables default to utf8mb4_unicode_ci, under which those spellings are
 * equal: a unique key on event_id then merged three events into one (INSERT
 * IGNORE kept the first and counted the rest as stored), and a look-up of
 * `c0000001` found customer `C0000001`. utf8mb4_nopad_bin compares code points
 * and, unlike utf8mb4_bin, does not pad, so a trailing space is significant
 * too (the parser refuses such ids anyway; the database no longer merges them).
 *
 * Columns: the event's own id, customer number and type (behaviour_event),
 * the customer number the ingestion resolves (customer), and the other
 * external keys a channel may send or match on (product.code,
 * holding.contract_no). No other column is compared with these in a join, so
 * no mix of collations arises. branch.code is left alone: it is joined with
 * branch_code columns across tables. staff.email belongs to login.
 */
const columns: Array<{ table: string; column: string; definition: string }> = [
  { table: 'behaviour_event', column: 'event_id', definition: 'VARCHAR(100) NOT NULL' },
  { table: 'behaviour_event', column: 'customer_no', definition: 'VARCHAR(20) NOT NULL' },
  { table: 'behaviour_event', column: 'type', definition: 'VARCHAR(64) NOT NULL' },
  { table: 'customer', column: 'customer_no', definition: 'VARCHAR(20) NOT NULL' },
  { table: 'product', column: 'code', definition: 'VARCHAR(30) NOT NULL' },
  { table: 'holding', column: 'contract_no', definition: 'VARCHAR(30) NOT NULL' },
];

export class ExactIdentifiers1733000000000 implements MigrationInterface {
  name = 'ExactIdentifiers1733000000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of new Set(columns.map((c) => c.table))) {
      const changes = columns
        .filter((c) => c.table === table)
        .map((c) => `MODIFY ${c.column} ${c.definition.replace(' NOT NULL', ' CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL')}`);
      await q.query(`ALTER TABLE ${table} ${changes.join(', ')}`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    // Refused if exact-only duplicates (e.g. `abc` and `ABC`) exist by then: the unique keys would merge them.
    for (const table of new Set(columns.map((c) => c.table))) {
      const changes = columns
        .filter((c) => c.table === table)
        .map((c) => `MODIFY ${c.column} ${c.definition.replace(' NOT NULL', ' CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NOT NULL')}`);
      await q.query(`ALTER TABLE ${table} ${changes.join(', ')}`);
    }
  }
}
