import type { Connection } from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import type { ConsoleClient, Reply } from './support/console-client.js';
import { dbServer, queries } from './support/db.js';
import { testEnv } from './support/test-env.js';
import { forbidden } from './support/console-api.js';
import { logIn, sessionAs } from './support/demo-staff.js';
import { freshMobile as mobileParts, stamp } from './support/unique.js';
import { connectDatabase } from '../engine/db/data-source.js';
import { PiiCipher } from '../engine/crypto/pii-cipher.js';
import { CustomerService } from '../resources/customer/customer.service.js';
import { runHousekeeping } from '../engine/queues/housekeeping/housekeeping.processor.js';

/**
 * The customer status lifecycle through the console's changeStatus action,
 * the contact log's rule about withdrawn customers, and the anonymisation of
 * withdrawn customers once their retention period has ended.
 */
const R = '/admin/api/resources/Customer';
const statuses = ['ACTIVE', 'DORMANT', 'SUSPENDED', 'WITHDRAWN'] as const;
type Status = (typeof statuses)[number];
/** The lifecycle, written out by hand. */
const allowed: Record<Status, Status[]> = {
  ACTIVE: ['DORMANT', 'SUSPENDED', 'WITHDRAWN'],
  DORMANT: ['ACTIVE', 'SUSPENDED', 'WITHDRAWN'],
  SUSPENDED: ['ACTIVE', 'WITHDRAWN'],
  WITHDRAWN: [],
};

let db: Connection;
const { rows } = queries(() => db);
let banker: ConsoleClient;
let bankerId: number;

beforeAll(async () => {
  ({ db, client: banker, staffId: bankerId } = await sessionAs('banker'));
});
afterAll(async () => {
  await db.end();
});

/** A fresh mobile number, formatted 010-XXXX-XXXX. */
const freshMobile = () => mobileParts().formatted;

const byId = async (id: number) => (await rows('SELECT * FROM customer WHERE id = ?', [id]))[0];
const history = (id: number) =>
  rows('SELECT from_status, to_status, reason, actor_id, actor_email, changed_at FROM customer_status_history WHERE customer_id = ? ORDER BY id', [id]);
const auditRows = (id: number) => rows("SELECT action FROM audit_log WHERE resource = 'Customer' AND record_id = ?", [String(id)]);
const noStack = (r: Reply) => expect(r.body).not.toMatch(/\\n\s+at |\.ts:\d+:\d+|\.js:\d+:\d+|QueryFailedError/);

/** A customer in `status`, made directly in the database (with one initial history row). */
async function customerIn(status: Status): Promise<number> {
  const [ins] = await db.query(
    `INSERT INTO customer (customer_no, name, status, status_changed_at, withdrawn_at, consent_sms, consent_sms_at)
     VALUES (?, '상태시험', ?, UTC_TIMESTAMP(3) - INTERVAL 1 DAY, ?, ?, ?)`,
    [`L${stamp()}`, status, status === 'WITHDRAWN' ? new Date(Date.now() - 86_400_000) : null, status === 'WITHDRAWN' ? 0 : 1, new Date(Date.now() - 10 * 86_400_000)],
  );
  const id = Number((ins as any).insertId);
  await db.query(
    "INSERT INTO customer_status_history (customer_id, from_status, to_status, reason, actor_email, changed_at) VALUES (?, NULL, ?, '시험 데이터', 'test', UTC_TIMESTAMP(3) - INTERVAL 1 DAY)",
    [id, status],
  );
  return id;
}

/** A customer created through the console by the banker. */
async function created(form: Record<string, string> = {}): Promise<number> {
  const r = await banker.request(`${R}/actions/new`, { form: { name: '생애주기', branchCode: 'B001', ...form } });
  expect(r.json().record.errors).toEqual({});
  return Number(r.json().record.params.id);
}

/** A status change as the form posts it; a withdrawal carries its second confirmation (the customer number typed again). */
const changeStatus = async (client: ConsoleClient, id: number, status: string, comment: string) => {
  const confirmWithdrawal = status === 'WITHDRAWN' ? String((await byId(id))?.customer_no ?? '') : '';
  return client.request(`${R}/records/${id}/changeStatus`, { form: { status, comment, confirmWithdrawal } });
};
const names: Record<string, string> = { ACTIVE: '정상', DORMANT: '휴면', SUSPENDED: '거래중지', WITHDRAWN: '탈퇴' };

// ---------------------------------------------------------------- transitions

const pairs = statuses.flatMap((from) => statuses.map((to) => [from, to, allowed[from].includes(to)] as const));

describe.each(pairs)('%s -> %s', (from, to, ok) => {
  test(ok ? 'is applied, with a history row giving the reason and the banker' : 'is refused and changes nothing', async () => {
    const id = await customerIn(from);
    const before = await byId(id);
    const historyBefore = await history(id);
    const auditBefore = await auditRows(id);
    const reason = `사유 ${from}->${to}`;
    const t0 = Date.now() - 1000;
    const r = await changeStatus(banker, id, to, reason);
    expect(r.status).toBe(200);
    expect(forbidden(r)).toBe(false);
    noStack(r);
    if (ok) {
      expect(r.json().record.errors).toEqual({});
      expect(r.json().notice.type).toBe('success');
      const after = await byId(id);
      expect(after.status).toBe(to);
      expect(after.status_changed_at.getTime()).toBeGreaterThanOrEqual(t0);
      const h = await history(id);
      expect(h).toHaveLength(historyBefore.length + 1);
      expect(h.at(-1)).toMatchObject({ from_status: from, to_status: to, reason, actor_id: bankerId, actor_email: 'banker@demo.bank' });
      expect(h.at(-1).changed_at.getTime()).toBeGreaterThanOrEqual(t0);
      expect((await auditRows(id)).map((a) => a.action)).toContain('update');
    } else {
      expect(r.json().notice.type).toBe('error');
      const message = r.json().record.errors.status.message;
      expect(message).toBe(from === to ? `이미 ${names[from]} 상태입니다` : `${names[from]}에서 ${names[to]}(으)로는 변경할 수 없습니다`);
      expect(await byId(id)).toEqual(before);
      expect(await history(id)).toEqual(historyBefore);
      expect(await auditRows(id)).toEqual(auditBefore);
    }
  });
});

test.each([
  ['an empty reason', 'DORMANT', '', 'comment', '변경 사유를 입력하세요 (2자 이상)'],
  ['a blank reason', 'DORMANT', '   ', 'comment', '변경 사유를 입력하세요 (2자 이상)'],
  ['an unknown status', 'DELETED', '고객 요청', 'status', '알 수 없는 상태입니다 (DELETED)'],
  ['no status at all', '', '고객 요청', 'status', '변경할 상태를 선택하세요'],
])('a change with %s is refused and changes nothing', async (_what, to, comment, field, message) => {
  const id = await customerIn('ACTIVE');
  const before = await byId(id);
  const r = await changeStatus(banker, id, to, comment);
  expect(r.json().notice.type).toBe('error');
  expect(r.json().record.errors[field].message).toBe(message);
  noStack(r);
  expect(await byId(id)).toEqual(before);
  expect(await history(id)).toHaveLength(1);
});

test('a withdrawal without its second confirmation is refused under confirmWithdrawal, in the language of the console, and changes nothing', async () => {
  const id = await customerIn('ACTIVE');
  const before = await byId(id);
  const r = await banker.request(`${R}/records/${id}/changeStatus`, { form: { status: 'WITHDRAWN', comment: '본인 요청 해지', confirmWithdrawal: '' } });
  expect(r.json().notice.type).toBe('error');
  expect(Object.keys(r.json().record.errors)).toEqual(['confirmWithdrawal']);
  expect(r.json().record.errors.confirmWithdrawal.message).toContain(before.customer_no);
  const wrong = await banker.request(`${R}/records/${id}/changeStatus`, { form: { status: 'WITHDRAWN', comment: '본인 요청 해지', confirmWithdrawal: 'C9999999' } });
  expect(wrong.json().notice.type).toBe('error');
  expect(await byId(id)).toEqual(before);
});

test('a customer can go round the lifecycle, and the history keeps every step in order', async () => {
  const id = await created();
  for (const [to, why] of [
    ['DORMANT', '1년 미거래'],
    ['ACTIVE', '거래 재개'],
    ['SUSPENDED', '사고 신고'],
    ['ACTIVE', '사고 해제'],
    ['WITHDRAWN', '본인 요청 해지'],
  ] as const) {
    expect((await changeStatus(banker, id, to, why)).json().record.errors).toEqual({});
  }
  expect((await history(id)).map((h) => [h.from_status, h.to_status, h.reason])).toEqual([
    [null, 'ACTIVE', '신규 등록'],
    ['ACTIVE', 'DORMANT', '1년 미거래'],
    ['DORMANT', 'ACTIVE', '거래 재개'],
    ['ACTIVE', 'SUSPENDED', '사고 신고'],
    ['SUSPENDED', 'ACTIVE', '사고 해제'],
    ['ACTIVE', 'WITHDRAWN', '본인 요청 해지'],
  ]);
});

test('withdrawal revokes every marketing consent, dating the revocation, and records when the customer left', async () => {
  const id = await created({ consentSms: 'true', consentEmail: 'true', consentPush: 'true', consentNight: 'true' });
  const before = await byId(id);
  for (const ch of ['sms', 'email', 'push', 'night']) expect([ch, before[`consent_${ch}`]]).toEqual([ch, 1]);
  await new Promise((r) => setTimeout(r, 20));
  const t0 = Date.now();
  const r = await changeStatus(banker, id, 'WITHDRAWN', '본인 요청 해지');
  expect(r.json().record.errors).toEqual({});
  const after = await byId(id);
  expect(after.status).toBe('WITHDRAWN');
  expect(after.withdrawn_at.getTime()).toBeGreaterThanOrEqual(t0 - 5);
  for (const ch of ['sms', 'email', 'push', 'night']) {
    expect([ch, after[`consent_${ch}`]]).toEqual([ch, 0]);
    expect(after[`consent_${ch}_at`].getTime()).toBe(after.withdrawn_at.getTime());
  }
  // The action is no longer offered for a withdrawn customer.
  const show = (await banker.request(`${R}/records/${id}/show`)).json();
  expect(show.record.recordActions.map((a: any) => a.name)).not.toContain('changeStatus');
});

test('a customer who withdrew can rejoin as a new customer record with the same mobile and e-mail (WITHDRAWN is final)', async () => {
  const mobile = freshMobile();
  const email = `rejoin${stamp()}@example.com`;
  const old = await created({ name: '재가입자', mobile, email });
  expect((await changeStatus(banker, old, 'WITHDRAWN', '본인 요청 해지')).json().record.errors).toEqual({});
  // The old record cannot come back...
  expect((await changeStatus(banker, old, 'ACTIVE', '재가입')).json().notice.type).toBe('error');
  // ...so the new record must be able to carry the customer's contact details.
  const r = await banker.request(`${R}/actions/new`, { form: { name: '재가입자', branchCode: 'B001', mobile: mobile.replace(/-/g, ''), email } });
  expect(r.json().record.errors).toEqual({});
  expect((await byId(old)).status).toBe('WITHDRAWN');
});

test('a withdrawn customer cannot be given marketing consent again through the edit form', async () => {
  const id = await created({ consentSms: 'true', consentPush: 'true' });
  expect((await changeStatus(banker, id, 'WITHDRAWN', '본인 요청 해지')).json().record.errors).toEqual({});
  const before = await byId(id);
  const r = await banker.request(`${R}/records/${id}/edit`, { form: { consentSms: 'true', consentEmail: 'true', consentPush: 'true', consentNight: 'true' } });
  noStack(r);
  expect(r.json().notice.type).toBe('error');
  const after = await byId(id);
  for (const ch of ['sms', 'email', 'push', 'night']) expect([ch, after[`consent_${ch}`], after[`consent_${ch}_at`]]).toEqual([ch, 0, before[`consent_${ch}_at`]]);
});

test.each([['marketer'], ['compliance'], ['manager'], ['admin'], ['product']])('%s may not change a status: ForbiddenError and nothing changes', async (role) => {
  const client = await logIn(role);
  const id = await customerIn('ACTIVE');
  const before = await byId(id);
  const r = await changeStatus(client, id, 'SUSPENDED', '권한 없는 변경');
  expect(forbidden(r)).toBe(true);
  expect(await byId(id)).toEqual(before);
  expect(await history(id)).toHaveLength(1);
});

// ---------------------------------------------------------------- contact log

describe('contact log', () => {
  const C = '/admin/api/resources/CustomerContact';
  const contactsOf = (id: number) => rows('SELECT staff_id, channel, direction, note FROM customer_contact WHERE customer_id = ? ORDER BY id', [id]);

  test('a banker logs an outbound contact; the staff member is the banker, whatever the form says', async () => {
    const id = await customerIn('ACTIVE');
    const [other] = await rows("SELECT id FROM staff WHERE email = 'banker2@demo.bank'");
    const r = await banker.request(`${C}/actions/new`, {
      form: { customerId: String(id), channel: 'PHONE', direction: 'OUTBOUND', note: '정기예금 만기 안내', staffId: String(other.id) },
    });
    expect(r.json().record.errors).toEqual({});
    expect(await contactsOf(id)).toEqual([{ staff_id: bankerId, channel: 'PHONE', direction: 'OUTBOUND', note: '정기예금 만기 안내' }]);
  });

  test.each([
    ['explicitly outbound', { direction: 'OUTBOUND' }],
    ['outbound by default', {}],
  ])('a contact %s to a withdrawn customer is refused and not stored', async (_what, extra) => {
    const id = await customerIn('WITHDRAWN');
    const [{ customer_no: no }] = await rows('SELECT customer_no FROM customer WHERE id = ?', [id]);
    const r = await banker.request(`${C}/actions/new`, { form: { customerId: String(id), channel: 'SMS', note: '이벤트 안내', ...extra } });
    expect(r.json().notice.type).toBe('error');
    expect(r.json().record.errors.customerId.message).toBe(`탈퇴한 고객(${no})에게는 연락할 수 없습니다`);
    noStack(r);
    expect(await contactsOf(id)).toEqual([]);
  });

  test('an inbound contact from a withdrawn customer (they called) is logged', async () => {
    const id = await customerIn('WITHDRAWN');
    const r = await banker.request(`${C}/actions/new`, { form: { customerId: String(id), channel: 'PHONE', direction: 'INBOUND', note: '해지 확인 문의' } });
    expect(r.json().record.errors).toEqual({});
    expect(await contactsOf(id)).toEqual([{ staff_id: bankerId, channel: 'PHONE', direction: 'INBOUND', note: '해지 확인 문의' }]);
  });

  test('bad contact input is refused field by field, and roles without the right are refused', async () => {
    const id = await customerIn('ACTIVE');
    const r = await banker.request(`${C}/actions/new`, { form: { customerId: String(id), channel: 'FAX', note: 'x' } });
    expect(Object.keys(r.json().record.errors).sort()).toEqual(['channel', 'note']);
    const future = await banker.request(`${C}/actions/new`, {
      form: { customerId: String(id), channel: 'PHONE', note: '미래 연락', contactedAt: new Date(Date.now() + 86_400_000).toISOString() },
    });
    expect(future.json().record.errors.contactedAt.message).toBe('연락 일시는 미래일 수 없습니다');
    const marketer = await logIn('marketer');
    expect(forbidden(await marketer.request(`${C}/actions/new`, { form: { customerId: String(id), channel: 'PHONE', note: '마케팅 전화' } }))).toBe(true);
    expect(await contactsOf(id)).toEqual([]);
  });
});

// ---------------------------------------------------------------- anonymisation

describe('anonymisation after the retention period', () => {
  const retentionDays = 1825;
  let ds: DataSource;
  let customers: CustomerService;
  beforeAll(async () => {
    ds = await connectDatabase({ ...dbServer(), database: testEnv.dbName });
    customers = new CustomerService(ds, new PiiCipher(Buffer.from(testEnv.piiKey, 'base64')));
  });
  afterAll(async () => {
    await ds.destroy();
  });

  test('personal data of customers withdrawn longer ago than the retention period is erased once; recent leavers keep theirs', async () => {
    const s = stamp();
    const oldMobile = freshMobile();
    const old = await created({ name: '오래된이', nameEn: 'Old Leaver', gender: 'F', birthDate: '1960-01-02', mobile: oldMobile, email: `old${s}@example.com` });
    const recent = await created({ name: '최근탈퇴', birthDate: '1970-05-06', mobile: freshMobile(), email: `recent${s}@example.com` });
    // Notes are free text about the person: they go with the rest of the personal data.
    const note = { channel: 'VISIT', direction: 'OUTBOUND', note: '자녀 유학 자금 상담, 배우자 동행' };
    for (const id of [old, recent]) {
      expect((await banker.request('/admin/api/resources/CustomerContact/actions/new', { form: { customerId: String(id), ...note } })).json().record.errors).toEqual({});
    }
    const contactAudit = await rows("SELECT diff FROM audit_log WHERE resource = 'CustomerContact' AND action = 'create' ORDER BY id DESC LIMIT 2");
    expect(JSON.stringify(contactAudit)).not.toContain('자녀 유학');
    for (const id of [old, recent]) expect((await changeStatus(banker, id, 'WITHDRAWN', '본인 요청 해지')).json().record.errors).toEqual({});
    // The old one left just over the retention period ago; the recent one a day inside it.
    await db.query('UPDATE customer SET withdrawn_at = UTC_TIMESTAMP(3) - INTERVAL ? DAY WHERE id = ?', [retentionDays + 2, old]);
    await db.query('UPDATE customer SET withdrawn_at = UTC_TIMESTAMP(3) - INTERVAL ? DAY WHERE id = ?', [retentionDays - 1, recent]);
    const oldBefore = await byId(old);
    const recentBefore = await byId(recent);
    const historyBefore = await history(old);

    const t0 = Date.now() - 1000;
    const first = await runHousekeeping(ds, new Date(), { customers, days: retentionDays });
    expect(first.anonymisedCustomers).toBeGreaterThanOrEqual(1);

    const after = await byId(old);
    expect(after).toMatchObject({
      name: '탈퇴고객',
      name_en: null,
      gender: null,
      birth_date: null,
      mobile_enc: null,
      mobile_hash: null,
      mobile_masked: null,
      email_enc: null,
      email_hash: null,
      email_masked: null,
      // The business record stays.
      customer_no: oldBefore.customer_no,
      status: 'WITHDRAWN',
      branch_code: 'B001',
    });
    expect(after.withdrawn_at).toEqual(oldBefore.withdrawn_at);
    expect(after.anonymised_at.getTime()).toBeGreaterThanOrEqual(t0);
    expect(await history(old)).toEqual(historyBefore);
    // The contact stays as a business fact (who, when, how); its note does not.
    expect(await rows('SELECT staff_id, channel, note FROM customer_contact WHERE customer_id = ?', [old])).toEqual([
      { staff_id: bankerId, channel: 'VISIT', note: '(보존기간 경과로 파기됨)' },
    ]);
    expect(await rows('SELECT note FROM customer_contact WHERE customer_id = ?', [recent])).toEqual([{ note: note.note }]);
    const audit = await rows("SELECT actor_email, detail FROM audit_log WHERE resource = 'Customer' AND record_id = ? AND action = 'pii.anonymise'", [String(old)]);
    expect(audit).toHaveLength(1);
    expect(audit[0].detail).toContain(oldBefore.customer_no);
    expect(audit[0].detail).not.toContain('오래된이');

    // Within the retention period: untouched.
    expect(await byId(recent)).toEqual(recentBefore);
    expect(await rows("SELECT id FROM audit_log WHERE resource = 'Customer' AND record_id = ? AND action = 'pii.anonymise'", [String(recent)])).toEqual([]);

    // A second run has nothing left to do.
    const second = await runHousekeeping(ds, new Date(), { customers, days: retentionDays });
    expect(second.anonymisedCustomers).toBe(0);
    expect((await byId(old)).anonymised_at).toEqual(after.anonymised_at);

    // The erased customer can no longer be edited or unmasked into anything, and their old number is free for a new customer.
    const edit = await banker.request(`${R}/records/${old}/edit`, { form: { name: '되살리기' } });
    expect(edit.json().notice.type).toBe('error');
    expect((await byId(old)).name).toBe('탈퇴고객');
    const unmask = await banker.request(`${R}/records/${old}/unmask`, { form: { confirm: 'true' } });
    expect(unmask.json().unmasked ?? { mobile: null, email: null }).toMatchObject({ mobile: null, email: null });
    expect(unmask.body).not.toContain(oldMobile);
    await created({ name: '재가입', mobile: oldMobile });
  });

  test('customers never withdrawn are never anonymised, however old their record', async () => {
    const id = await created({ name: '장기고객', mobile: freshMobile() });
    await db.query('UPDATE customer SET created_at = UTC_TIMESTAMP(3) - INTERVAL 4000 DAY, status_changed_at = UTC_TIMESTAMP(3) - INTERVAL 4000 DAY WHERE id = ?', [id]);
    const before = await byId(id);
    await customers.anonymiseExpired(retentionDays);
    expect(await byId(id)).toEqual(before);
  });
});
