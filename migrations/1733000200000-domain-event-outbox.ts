import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The domain-event spine's outbox (engine/outbox/):
 *
 * - `domain_event`: one row per event of the catalogue
 *   (engine/definitions/domain-events/), written in the same transaction as
 *   the change that caused it; `body` is the whole event as JSON. The relay
 *   reads unpublished rows in id order (`idx_domain_event_outbox`), sends
 *   them to Kafka, runs the in-process subscribers and sets `published_at`;
 *   housekeeping deletes published rows after OUTBOX_RETENTION_DAYS.
 *   `event_id`, `type` and `customer_no` compare exactly (binary, no pad),
 *   like every other external identifier (1733000000000-exact-identifiers).
 * - `domain_event_relay`: one row, locked by the process that relays
 *   (FOR UPDATE SKIP LOCKED; see domain-event-relay.ts for why a lease and
 *   not row claims), with who relayed last and when, for operators.
 *
 * segment_transition stays the membership history but is no longer an
 * outbox: transitions not yet sent when this migration runs become
 * segment.entered / segment.exited rows of domain_event (with the same
 * `segment-transition-<id>` message id on Kafka), and its `published_at`
 * column and outbox index go.
 */
export class DomainEventOutbox1733000200000 implements MigrationInterface {
  name = 'DomainEventOutbox1733000200000';

  async up(q: QueryRunner): Promise<void> {
    const table = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';
    const exact = 'CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin';
    await q.query(`CREATE TABLE domain_event (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      event_id CHAR(36) ${exact} NOT NULL,
      type VARCHAR(64) ${exact} NOT NULL,
      customer_no VARCHAR(20) ${exact} NOT NULL,
      occurred_at DATETIME(3) NOT NULL,
      body LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL CHECK (JSON_VALID(body)),
      published_at DATETIME(3) NULL,
      UNIQUE KEY uq_domain_event_event_id (event_id),
      KEY idx_domain_event_outbox (published_at, id),
      KEY idx_domain_event_customer (customer_no, id)
    ) ${table}`);

    await q.query(`CREATE TABLE domain_event_relay (
      id TINYINT UNSIGNED NOT NULL PRIMARY KEY,
      holder VARCHAR(200) NULL,
      relayed_at DATETIME(3) NULL
    ) ${table}`);
    await q.query('INSERT INTO domain_event_relay (id) VALUES (1)');

    // Transitions the old relay had not sent yet, as the spine's writers would have written them. A
    // temporary table first, so UUID() is evaluated once per row (a merged derived table may evaluate it twice).
    await q.query(`CREATE TEMPORARY TABLE pending_transition ENGINE=InnoDB AS
      SELECT t.id, UUID() AS event_id, IF(t.kind = 'ENTERED', 'segment.entered', 'segment.exited') AS type,
             COALESCE(c.customer_no, CAST(t.customer_id AS CHAR)) AS customer_no, t.occurred_at, t.cause,
             t.customer_id, t.segment_id, t.version_id, v.version, s.name AS segment_name
        FROM segment_transition t
        JOIN segment_version v ON v.id = t.version_id
        JOIN segment s ON s.id = t.segment_id
        LEFT JOIN customer c ON c.id = t.customer_id
       WHERE t.published_at IS NULL`);
    await q.query(`INSERT INTO domain_event (event_id, type, customer_no, occurred_at, body)
      SELECT e.event_id, e.type, e.customer_no, e.occurred_at,
             JSON_OBJECT(
               'eventId', e.event_id, 'type', e.type,
               'occurredAt', CONCAT(LEFT(DATE_FORMAT(e.occurred_at, '%Y-%m-%dT%H:%i:%s.%f'), 23), 'Z'),
               'customerNo', e.customer_no,
               'actor', JSON_OBJECT('kind', 'system', 'id', IF(e.cause = 'EVENT', 'ingestion', 'segment-refresh')),
               'payload', JSON_OBJECT(
                 'transitionId', CAST(e.id AS CHAR), 'customerId', e.customer_id, 'segmentId', e.segment_id,
                 'versionId', e.version_id, 'version', e.version, 'segmentName', e.segment_name, 'cause', LOWER(e.cause)))
        FROM pending_transition e ORDER BY e.id`);
    await q.query('DROP TEMPORARY TABLE pending_transition');
    await q.query('ALTER TABLE segment_transition DROP KEY idx_transition_outbox, DROP COLUMN published_at');
  }

  async down(q: QueryRunner): Promise<void> {
    // History is marked sent: the old relay must not send years of transitions again.
    await q.query('ALTER TABLE segment_transition ADD published_at DATETIME(3) NULL AFTER occurred_at, ADD KEY idx_transition_outbox (published_at, id)');
    await q.query('UPDATE segment_transition SET published_at = occurred_at');
    await q.query('DROP TABLE domain_event_relay');
    await q.query('DROP TABLE domain_event');
  }
}
