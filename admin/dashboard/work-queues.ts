import type { CurrentAdmin } from 'adminjs';
import type { DataSource } from 'typeorm';
import { can } from '../access/admin-actions.js';
import type { AppAction, AppSubject } from '../access/abilities.js';

/**
 * Work queues (inboxes) on the landing page: what waits for the signed-in
 * staff member, oldest first, each item one click from where it is acted on.
 *
 * Which queues a role gets is decided by CASL alone (`queuesFor`): a queue
 * is listed only to who may act on its items (approve for the checker's
 * queues, submit for the maker's), so the dashboard API reveals nothing the
 * actions would not let the user do. Journeys have no approval state
 * (resources/journey/journey-lifecycle.rules.ts), so they have no queue.
 */
export const queueKeys = ['versionsToApprove', 'disclosuresToReview', 'templatesToApprove', 'myRejected', 'myDrafts', 'myRejectedTemplates'] as const;
export type QueueKey = (typeof queueKeys)[number];

/** The grant a queue needs: acting on its items. */
export const queueGrant: Record<QueueKey, { action: AppAction; subject: AppSubject }> = {
  versionsToApprove: { action: 'approve', subject: 'ProductVersion' },
  disclosuresToReview: { action: 'approve', subject: 'Disclosure' },
  templatesToApprove: { action: 'approve', subject: 'MessageTemplate' },
  myRejected: { action: 'submit', subject: 'ProductVersion' },
  myDrafts: { action: 'submit', subject: 'ProductVersion' },
  myRejectedTemplates: { action: 'submit', subject: 'MessageTemplate' },
};

/** The queues `user` may see, in display order. */
export function queuesFor(user: CurrentAdmin | undefined): QueueKey[] {
  return queueKeys.filter((k) => can(user, queueGrant[k].action, queueGrant[k].subject));
}

export interface QueueItem {
  kind: 'ProductVersion' | 'Disclosure' | 'MessageTemplate';
  id: number;
  title: string;
  /** When it started waiting (submitted, rejected or last edited). */
  since: string | null;
  /** Who submitted it, or who rejected it. */
  by: string | null;
  /** The rejection reason, for the maker's queues. */
  reason: string | null;
  /** A disclosure revision reviewed together with the version, if any. */
  withDisclosure: { id: number; revision: number; title: string } | null;
  /** Where one click takes the user. */
  href: string;
}

export interface WorkQueue {
  key: QueueKey;
  /** All waiting items; `items` holds the oldest `limit` of them. */
  count: number;
  items: QueueItem[];
}

/** Items listed per queue (oldest first); the count covers them all. */
const LIMIT = 50;
const res = (r: string, id: number, action: string) => `/admin/resources/${r}/records/${id}/${action}`;
const iso = (v: unknown): string | null => (v ? new Date(v as string).toISOString() : null);

type Row = Record<string, unknown>;

/** Loads the queues of `user` (only those `queuesFor` grants). */
export async function loadWorkQueues(ds: DataSource, user: CurrentAdmin | undefined): Promise<WorkQueue[]> {
  const me = Number(user?.id);
  const out: WorkQueue[] = [];
  for (const key of queuesFor(user)) {
    const { count, rows } = await loaders[key](ds, me);
    out.push({ key, count, items: rows });
  }
  return out;
}

type Loader = (ds: DataSource, me: number) => Promise<{ count: number; rows: QueueItem[] }>;

const countOf = async (ds: DataSource, sql: string, args: unknown[]) => Number(((await ds.query(sql, args)) as Array<{ n: number | string }>)[0]?.n ?? 0);

/** The latest transition of a subject into `to` (when it was submitted or rejected, by whom, why). */
const lastMove = (subject: string, alias: string, to: string, from?: string) => `(SELECT t.%COL% FROM lifecycle_transition t
   WHERE t.subject_type = '${subject}' AND t.subject_id = ${alias}.id AND t.to_status = '${to}'${from ? ` AND t.from_status = '${from}'` : ''}
   ORDER BY t.occurred_at DESC, t.id DESC LIMIT 1)`;
const col = (sql: string, c: string) => sql.replace('%COL%', c);

const submittedVersion = lastMove('PRODUCT_VERSION', 'v', 'PENDING_APPROVAL');
const rejectedVersion = lastMove('PRODUCT_VERSION', 'v', 'DRAFT', 'PENDING_APPROVAL');
const submittedDisclosure = lastMove('DISCLOSURE', 'd', 'PENDING_REVIEW');
const rejectedDisclosure = lastMove('DISCLOSURE', 'd', 'DRAFT', 'PENDING_REVIEW');

const loaders: Record<QueueKey, Loader> = {
  async versionsToApprove(ds) {
    const where = `v.status = 'PENDING_APPROVAL' AND p.deleted_at IS NULL`;
    const rows: Row[] = await ds.query(
      `SELECT v.id, v.label, ${col(submittedVersion, 'occurred_at')} since, ${col(submittedVersion, 'actor_email')} who,
              d.id dId, d.revision dRev, d.title dTitle
         FROM product_version v JOIN product p ON p.id = v.product_id
         LEFT JOIN disclosure d ON d.product_version_id = v.id AND d.status = 'PENDING_REVIEW'
        WHERE ${where} ORDER BY since IS NULL, since, v.id LIMIT ${LIMIT}`,
    );
    return {
      count: await countOf(ds, `SELECT COUNT(*) n FROM product_version v JOIN product p ON p.id = v.product_id WHERE ${where}`, []),
      rows: rows.map((r) => ({
        kind: 'ProductVersion',
        id: Number(r.id),
        title: String(r.label),
        since: iso(r.since),
        by: (r.who as string) ?? null,
        reason: null,
        withDisclosure: r.dId ? { id: Number(r.dId), revision: Number(r.dRev), title: String(r.dTitle) } : null,
        href: res('ProductVersion', Number(r.id), 'approve'),
      })),
    };
  },
  // Disclosures reviewed on their own: a new revision of a live version's text. One whose
  // version waits for approval too is approved with it (versionsToApprove).
  async disclosuresToReview(ds) {
    const where = `d.status = 'PENDING_REVIEW' AND v.status <> 'PENDING_APPROVAL'`;
    const rows: Row[] = await ds.query(
      `SELECT d.id, d.revision, d.title, v.label, ${col(submittedDisclosure, 'occurred_at')} since, ${col(submittedDisclosure, 'actor_email')} who
         FROM disclosure d JOIN product_version v ON v.id = d.product_version_id
        WHERE ${where} ORDER BY since IS NULL, since, d.id LIMIT ${LIMIT}`,
    );
    return {
      count: await countOf(ds, `SELECT COUNT(*) n FROM disclosure d JOIN product_version v ON v.id = d.product_version_id WHERE ${where}`, []),
      rows: rows.map((r) => ({
        kind: 'Disclosure',
        id: Number(r.id),
        title: `${String(r.title)} (r${Number(r.revision)} · ${String(r.label)})`,
        since: iso(r.since),
        by: (r.who as string) ?? null,
        reason: null,
        withDisclosure: null,
        href: res('Disclosure', Number(r.id), 'approve'),
      })),
    };
  },
  async templatesToApprove(ds) {
    const rows: Row[] = await ds.query(
      `SELECT m.id, m.name, m.revision, m.submitted_at since, s.email who
         FROM message_template m LEFT JOIN staff s ON s.id = m.author_id
        WHERE m.status = 'PENDING' ORDER BY m.submitted_at IS NULL, m.submitted_at, m.id LIMIT ${LIMIT}`,
    );
    return {
      count: await countOf(ds, `SELECT COUNT(*) n FROM message_template WHERE status = 'PENDING'`, []),
      rows: rows.map((r) => ({
        kind: 'MessageTemplate',
        id: Number(r.id),
        title: `${String(r.name)} (r${Number(r.revision)})`,
        since: iso(r.since),
        by: (r.who as string) ?? null,
        reason: null,
        withDisclosure: null,
        href: `/admin/pages/templates?id=${Number(r.id)}`,
      })),
    };
  },
  // The maker's versions and disclosures that came back: still a draft, and the last move into DRAFT was a rejection.
  async myRejected(ds, me) {
    const versions: Row[] = await ds.query(
      `SELECT * FROM (SELECT v.id, v.label title, ${col(rejectedVersion, 'occurred_at')} since, ${col(rejectedVersion, 'actor_email')} who, ${col(rejectedVersion, 'comment')} reason
         FROM product_version v WHERE v.status = 'DRAFT' AND v.author_id = ?) x WHERE since IS NOT NULL`,
      [me],
    );
    const disclosures: Row[] = await ds.query(
      `SELECT * FROM (SELECT d.id, CONCAT(d.title, ' (r', d.revision, ')') title, ${col(rejectedDisclosure, 'occurred_at')} since,
              ${col(rejectedDisclosure, 'actor_email')} who, ${col(rejectedDisclosure, 'comment')} reason
         FROM disclosure d WHERE d.status = 'DRAFT' AND d.author_id = ?) x WHERE since IS NOT NULL`,
      [me],
    );
    const all: QueueItem[] = [...versions.map((r) => ({ kind: 'ProductVersion' as const, r })), ...disclosures.map((r) => ({ kind: 'Disclosure' as const, r }))]
      .map(({ kind, r }) => ({
        kind,
        id: Number(r.id),
        title: String(r.title),
        since: iso(r.since),
        by: (r.who as string) ?? null,
        reason: (r.reason as string) ?? null,
        withDisclosure: null,
        href: res(kind, Number(r.id), 'show'),
      }))
      .sort((a, b) => String(a.since).localeCompare(String(b.since)));
    return { count: all.length, rows: all.slice(0, LIMIT) };
  },
  // The maker's own drafts never sent back (those are in myRejected), oldest edit first.
  async myDrafts(ds, me) {
    const where = `v.status = 'DRAFT' AND v.author_id = ? AND p.deleted_at IS NULL
      AND NOT EXISTS (SELECT 1 FROM lifecycle_transition t WHERE t.subject_type = 'PRODUCT_VERSION' AND t.subject_id = v.id AND t.from_status = 'PENDING_APPROVAL')`;
    const rows: Row[] = await ds.query(
      `SELECT v.id, v.label, v.updated_at since FROM product_version v JOIN product p ON p.id = v.product_id WHERE ${where} ORDER BY v.updated_at, v.id LIMIT ${LIMIT}`,
      [me],
    );
    return {
      count: await countOf(ds, `SELECT COUNT(*) n FROM product_version v JOIN product p ON p.id = v.product_id WHERE ${where}`, [me]),
      rows: rows.map((r) => ({
        kind: 'ProductVersion',
        id: Number(r.id),
        title: String(r.label),
        since: iso(r.since),
        by: null,
        reason: null,
        withDisclosure: null,
        href: res('ProductVersion', Number(r.id), 'show'),
      })),
    };
  },
  async myRejectedTemplates(ds, me) {
    const where = `status = 'REJECTED' AND author_id = ?`;
    const rows: Row[] = await ds.query(
      `SELECT m.id, m.name, m.revision, m.updated_at since, m.rejection_reason reason, s.email who
         FROM message_template m LEFT JOIN staff s ON s.id = m.approver_id WHERE m.status = 'REJECTED' AND m.author_id = ?
        ORDER BY m.updated_at, m.id LIMIT ${LIMIT}`,
      [me],
    );
    return {
      count: await countOf(ds, `SELECT COUNT(*) n FROM message_template WHERE ${where}`, [me]),
      rows: rows.map((r) => ({
        kind: 'MessageTemplate',
        id: Number(r.id),
        title: `${String(r.name)} (r${Number(r.revision)})`,
        since: iso(r.since),
        by: (r.who as string) ?? null,
        reason: (r.reason as string) ?? null,
        withDisclosure: null,
        href: `/admin/pages/templates?id=${Number(r.id)}`,
      })),
    };
  },
};
