import { stamp } from './unique.js';

/**
 * Message templates straight into `message_template`, for tests that publish
 * journeys: publishing refuses a send block whose template is missing, of
 * another channel, not approved, or outside its review period. The
 * definitions are valid informational templates (they pass the save-time
 * check and render for any customer), so the channel workers can send them.
 *
 * Takes a mysql2 connection (`testDb()`) or a TypeORM DataSource.
 */
interface Sql {
  query(sql: string, args?: unknown[]): Promise<unknown>;
}

export type TemplateChannel = 'sms' | 'email' | 'push';

export const testTemplateDefinitions: Record<TemplateChannel, Record<string, unknown>> = {
  sms: { version: 1, channel: 'sms', kind: 'informational', text: '[테스트] {{ customer.name }} 고객님, 안내 문자입니다.' },
  email: {
    version: 1,
    channel: 'email',
    kind: 'informational',
    subject: '[테스트] {{ customer.name }} 고객님께 드리는 안내',
    html: '<!doctype html><html><body><p>{{ customer.name }} 고객님, 안내 메일입니다.</p></body></html>',
    text: '{{ customer.name }} 고객님, 안내 메일입니다.',
  },
  push: { version: 1, channel: 'push', kind: 'informational', title: '[테스트] 안내', body: '{{ customer.name }} 고객님, 안내 알림입니다.' },
};

const DAY = 86_400_000;

export interface TestTemplateOptions {
  channel: TemplateChannel;
  /** Default APPROVED. */
  status?: 'DRAFT' | 'PENDING' | 'APPROVED' | 'REJECTED' | 'RETIRED';
  /** Review period of an approved template; default from yesterday for a year. */
  validFrom?: Date;
  validUntil?: Date;
  name?: string;
}

const insertIdOf = (result: unknown): number => {
  const header = (Array.isArray(result) ? result[0] : result) as { insertId?: number | string };
  return Number(header.insertId);
};

/** One template revision (revision 1 of its own name); returns its id. */
export async function insertTestTemplate(db: Sql, o: TestTemplateOptions): Promise<number> {
  const status = o.status ?? 'APPROVED';
  const now = Date.now();
  const approved = status === 'APPROVED' || status === 'RETIRED';
  const result = await db.query(
    `INSERT INTO message_template (name, channel, kind, status, revision, definition, problems, review_number, valid_from, valid_until, submitted_at, approved_at)
     VALUES (?, ?, 'informational', ?, 1, ?, '[]', ?, ?, ?, ?, ?)`,
    [
      o.name ?? `test ${o.channel} ${status.toLowerCase()} ${stamp()}`,
      o.channel,
      status,
      JSON.stringify(testTemplateDefinitions[o.channel]),
      approved ? `테스트 심의필 제${stamp()}호` : null,
      approved ? (o.validFrom ?? new Date(now - DAY)) : null,
      approved ? (o.validUntil ?? new Date(now + 365 * DAY)) : null,
      status === 'DRAFT' ? null : new Date(now - DAY),
      approved ? new Date(now - DAY) : null,
    ],
  );
  return insertIdOf(result);
}

/** An approved template per channel, valid from yesterday for a year: the ids journeys' send blocks can publish with. */
export async function approvedTemplates(db: Sql): Promise<Record<TemplateChannel, number>> {
  return {
    sms: await insertTestTemplate(db, { channel: 'sms' }),
    email: await insertTestTemplate(db, { channel: 'email' }),
    push: await insertTestTemplate(db, { channel: 'push' }),
  };
}
