import type { Connection } from 'mysql2/promise';
import type { ConsoleClient, Reply } from './support/console-client.js';
import { queries } from './support/db.js';
import { testEnv } from './support/test-env.js';
import { sessionAs } from './support/demo-staff.js';
import { freshMobile, stamp } from './support/unique.js';
import { PiiCipher } from '../engine/crypto/pii-cipher.js';

/**
 * Creating and editing customers through the console's API as a banker
 * would: what is stored (encrypted, hashed, masked), what is refused field by
 * field (and that nothing is written then), duplicates named by the existing
 * customer's number, and the audit trail without personal data.
 */
const R = '/admin/api/resources/Customer';
const cipher = new PiiCipher(Buffer.from(testEnv.piiKey, 'base64'));

let db: Connection;
const { rows, one } = queries(() => db);
let banker: ConsoleClient;
let bankerId: number;

beforeAll(async () => {
  ({ db, client: banker, staffId: bankerId } = await sessionAs('banker'));
});
afterAll(async () => {
  await db.end();
});

// ---------------------------------------------------------------- helpers

const freshNo = () => `Z${stamp()}`;
const freshEmail = (local = 'Hong.Gil') => `${local}${stamp()}@Example.com`;

const customerCount = async () => Number((await one<{ n: number }>('SELECT COUNT(*) n FROM customer')).n);
const byId = (id: number | string) => one('SELECT * FROM customer WHERE id = ?', [id]);
const auditFor = async (id: number | string) =>
  (await rows("SELECT action, actor_id, actor_email, actor_role, ip, diff FROM audit_log WHERE resource = 'Customer' AND record_id = ? ORDER BY id", [String(id)])).map((r) => ({
    ...r,
    diff: typeof r.diff === 'string' ? JSON.parse(r.diff) : r.diff,
  }));

/** A complete, valid creation form (as strings, like the console's form). */
function validForm(overrides: Record<string, string> = {}): Record<string, string> {
  const m = freshMobile();
  return {
    customerNo: freshNo(),
    name: '홍길동',
    nameEn: 'Hong Gildong',
    gender: 'M',
    birthDate: '1985-03-14',
    mobile: m.formatted,
    email: freshEmail(),
    region: 'BUSAN',
    branchCode: 'B001',
    segmentLabel: '우수',
    propensity: 'NEUTRAL',
    riskGrade: 'MEDIUM',
    assignedStaffId: String(bankerId),
    consentSms: 'true',
    consentEmail: 'false',
    ...overrides,
  };
}

async function create(form: Record<string, string>): Promise<{ id: number; reply: Reply }> {
  const reply = await banker.request(`${R}/actions/new`, { form });
  expect(reply.status).toBe(200);
  expect(reply.json().record.errors).toEqual({});
  expect(reply.json().notice.type).toBe('success');
  return { id: Number(reply.json().record.params.id), reply };
}

/** An error answer as AdminJS gives it: HTTP 200, field errors, an error notice, and no stack trace. */
function expectRefused(r: Reply, fields: string[]): Record<string, { message: string }> {
  expect(r.status).toBe(200);
  const body = r.json();
  expect(body.notice.type).toBe('error');
  expect(Object.keys(body.record.errors).sort()).toEqual([...fields].sort());
  expectNoStack(r);
  return body.record.errors;
}
function expectNoStack(r: Reply): void {
  expect(r.body).not.toMatch(/\\n\s+at |\n\s+at |\.ts:\d+:\d+|\.js:\d+:\d+|node_modules|QueryFailedError|ER_[A-Z_]+/);
}

// ---------------------------------------------------------------- creation

test('a banker creates a customer with a Korean name: contact details stored encrypted, hashed and masked', async () => {
  const m = freshMobile();
  const email = freshEmail('Hong.GilDong');
  const form = validForm({ mobile: m.digits, email });
  const t0 = new Date(Date.now() - 1000);
  const { id, reply } = await create(form);
  const t1 = new Date(Date.now() + 1000);

  // The response shows only masked contact details.
  const params = reply.json().record.params;
  expect(params).toMatchObject({ customerNo: form.customerNo, name: '홍길동', status: 'ACTIVE', mobileMasked: `010-****-${m.last4}`, mobile: `010-****-${m.last4}` });
  for (const hidden of ['mobileEnc', 'mobileHash', 'emailEnc', 'emailHash']) expect(params).not.toHaveProperty(hidden);
  expect(reply.body).not.toContain(m.formatted);
  expect(reply.body).not.toContain(m.digits);
  expect(reply.body.toLowerCase()).not.toContain(email.toLowerCase());

  const row = await byId(id);
  const normalisedEmail = email.toLowerCase();
  const local = normalisedEmail.split('@')[0]!;
  expect(row).toMatchObject({
    customer_no: form.customerNo,
    name: '홍길동',
    name_en: 'Hong Gildong',
    gender: 'M',
    status: 'ACTIVE',
    region: 'BUSAN',
    branch_code: 'B001',
    segment_label: '우수',
    propensity: 'NEUTRAL',
    risk_grade: 'MEDIUM',
    assigned_staff_id: bankerId,
    mobile_masked: `010-****-${m.last4}`,
    email_masked: `${local.slice(0, 2)}${'*'.repeat(local.length - 2)}@example.com`,
    consent_sms: 1,
    consent_email: 0,
    consent_push: 0,
    consent_night: 0,
    withdrawn_at: null,
    anonymised_at: null,
  });
  expect((await one("SELECT DATE_FORMAT(birth_date, '%Y-%m-%d') d FROM customer WHERE id = ?", [id])).d).toBe('1985-03-14');
  // Encrypted: not the clear number in any spelling, but it decrypts to the normalised one.
  expect(row.mobile_enc).toMatch(/^v1\./);
  expect(row.mobile_enc).not.toContain(m.digits);
  expect(row.mobile_enc).not.toContain(m.formatted);
  expect(cipher.decrypt(row.mobile_enc)).toBe(m.formatted);
  expect(row.mobile_hash).toBe(cipher.lookupHash('mobile', m.formatted));
  expect(row.email_enc).not.toContain(local);
  expect(cipher.decrypt(row.email_enc)).toBe(normalisedEmail);
  expect(row.email_hash).toBe(cipher.lookupHash('email', normalisedEmail));
  // Consent given now has a date; consent never given has none.
  expect(row.consent_sms_at.getTime()).toBeGreaterThanOrEqual(t0.getTime());
  expect(row.consent_sms_at.getTime()).toBeLessThanOrEqual(t1.getTime());
  expect(row.consent_email_at).toBeNull();
  expect(row.consent_push_at).toBeNull();

  // The lifecycle starts with one history row by the banker.
  const history = await rows('SELECT from_status, to_status, reason, actor_id, actor_email FROM customer_status_history WHERE customer_id = ?', [id]);
  expect(history).toHaveLength(1);
  expect(history[0]).toMatchObject({ from_status: null, to_status: 'ACTIVE', actor_id: bankerId, actor_email: 'banker@demo.bank' });
  expect(history[0].reason.length).toBeGreaterThan(0);

  // One audit row for the creation, with who and where, and no personal data in clear.
  const trail = await auditFor(id);
  expect(trail.map((t) => t.action)).toEqual(['create']);
  expect(trail[0]).toMatchObject({ actor_id: bankerId, actor_email: 'banker@demo.bank', actor_role: 'banker', ip: expect.stringContaining('127.0.0.1') });
  expect(trail[0].diff).toMatchObject({
    customerNo: { from: null, to: form.customerNo },
    name: { from: null, to: '[redacted]' },
    birthDate: { from: null, to: '[redacted]' },
    mobileEnc: { from: null, to: '[redacted]' },
    mobileHash: { from: null, to: '[redacted]' },
    emailEnc: { from: null, to: '[redacted]' },
    mobileMasked: { from: null, to: `010-****-${m.last4}` },
  });
  const diffText = JSON.stringify(trail[0].diff);
  for (const secret of [
    '홍길동',
    'Hong Gildong',
    '1985-03-14',
    m.formatted,
    m.digits,
    `${m.mid}-${m.last4}`,
    normalisedEmail,
    local,
    row.mobile_enc,
    row.mobile_hash,
    row.email_hash,
  ]) {
    expect(diffText).not.toContain(secret);
  }
});

test("a customer with a Latin name (John O'Neil) and no contact details is stored as typed, with empty contact columns", async () => {
  const { id } = await create({ customerNo: freshNo(), name: "John O'Neil", nameEn: "John O'Neil", branchCode: 'B002' });
  expect(await byId(id)).toMatchObject({
    name: "John O'Neil",
    name_en: "John O'Neil",
    status: 'ACTIVE',
    branch_code: 'B002',
    mobile_enc: null,
    mobile_hash: null,
    mobile_masked: null,
    email_enc: null,
    email_hash: null,
    email_masked: null,
  });
});

test("without a customer number the console generates one in the bank's format", async () => {
  const { id } = await create({ name: '김생성' });
  expect((await byId(id)).customer_no).toMatch(/^[A-Z][0-9]{7,12}$/);
});

// ---------------------------------------------------------------- validation

const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
const nameRule = '이름은 한글 2~20자 또는 영문 60자 이내(공백, 마침표, 하이픈, 아포스트로피 허용)로 입력하세요';
const invalid: Array<[string, string, string, string]> = [
  ['a one-syllable Korean name', 'name', '홍', nameRule],
  ['a Korean name mixed with Latin letters', 'name', '홍길동John', nameRule],
  ['a Latin name with a digit', 'name', 'John3 Smith', nameRule],
  ['a Latin name starting with an apostrophe', 'name', "'John", nameRule],
  ['a missing name', 'name', '', '이름을 입력하세요'],
  ['a mobile number not starting with 010', 'mobile', '011-1234-5678', '휴대폰 번호는 010-XXXX-XXXX 형식입니다'],
  ['a mobile number with too few digits', 'mobile', '010-123-4567', '휴대폰 번호는 010-XXXX-XXXX 형식입니다'],
  ['a bad e-mail', 'email', 'hong@@example', '올바른 이메일 주소가 아닙니다 (예: name@example.com)'],
  ['a birth date in the future', 'birthDate', tomorrow, '생년월일은 오늘 이전이어야 합니다'],
  ['a non-existent date', 'birthDate', '2023-02-30', '존재하지 않는 날짜입니다'],
  ['an unknown region', 'region', 'MARS', '지역 값이 올바르지 않습니다'],
  ['an unknown propensity', 'propensity', 'YOLO', '투자성향 값이 올바르지 않습니다'],
  ['an unknown gender', 'gender', 'X', '성별은 M 또는 F입니다'],
  ['a malformed customer number', 'customerNo', 'c12', '고객번호는 영문 대문자 1자와 숫자 7~12자리입니다 (예: C0012345)'],
  ['an unknown branch', 'branchCode', 'B999', '영업점 B999이(가) 없습니다'],
  ['an unknown staff member', 'assignedStaffId', '987654', '재직 중인 직원 987654이(가) 없습니다'],
];

test.each(invalid)('%s is refused on its field and nothing is written', async (_what, field, value, message) => {
  const form = validForm({ [field]: value });
  const before = await customerCount();
  const r = await banker.request(`${R}/actions/new`, { form });
  const errors = expectRefused(r, [field]);
  expect(errors[field]!.message).toBe(message);
  expect(await customerCount()).toBe(before);
  const no = field === 'customerNo' ? value : form.customerNo;
  expect(await rows('SELECT id FROM customer WHERE customer_no = ?', [no])).toHaveLength(0);
  expect(await rows('SELECT id FROM customer WHERE mobile_hash = ?', [cipher.lookupHash('mobile', form.mobile!)])).toHaveLength(0);
});

test('a staff member who left (inactive account) cannot be assigned', async () => {
  const [ins] = await db.query("INSERT INTO staff (email, display_name, role, password_hash, active) VALUES (?, '퇴사자', 'banker', 'x', 0)", [`left${stamp()}@demo.bank`]);
  const staffId = (ins as any).insertId;
  const before = await customerCount();
  const errors = expectRefused(await banker.request(`${R}/actions/new`, { form: validForm({ assignedStaffId: String(staffId) }) }), ['assignedStaffId']);
  expect(errors.assignedStaffId!.message).toBe(`재직 중인 직원 ${staffId}이(가) 없습니다`);
  expect(await customerCount()).toBe(before);
});

test('a Latin name longer than the name column (60) is refused on the name field, not with a server error', async () => {
  const long = `A${'b'.repeat(70)}c`; // 72 characters: within the Latin pattern, beyond VARCHAR(60)
  const before = await customerCount();
  const r = await banker.request(`${R}/actions/new`, { form: validForm({ name: long }) });
  expectNoStack(r);
  expect(r.status).toBe(200);
  expectRefused(r, ['name']);
  expect(await customerCount()).toBe(before);
});

test('several bad fields are all reported at once', async () => {
  const before = await customerCount();
  expectRefused(await banker.request(`${R}/actions/new`, { form: validForm({ name: '홍', mobile: '12345', email: 'x', birthDate: '2023-02-30', region: 'MARS' }) }), [
    'name',
    'mobile',
    'email',
    'birthDate',
    'region',
  ]);
  expect(await customerCount()).toBe(before);
});

// ---------------------------------------------------------------- duplicates

describe('duplicate detection', () => {
  let a: { id: number; no: string; mobile: ReturnType<typeof freshMobile>; email: string };
  beforeAll(async () => {
    const mobile = freshMobile();
    const email = freshEmail('dup.owner');
    const no = freshNo();
    const { id } = await create(validForm({ customerNo: no, mobile: mobile.formatted, email }));
    a = { id, no, mobile, email };
  });

  test.each([
    ['the same mobile written without hyphens', 'mobile', () => ({ mobile: a.mobile.digits }), () => `이미 고객 ${a.no}에 등록된 휴대폰 번호입니다`],
    ['the same mobile in international form', 'mobile', () => ({ mobile: `+82 10 ${a.mobile.mid} ${a.mobile.last4}` }), () => `이미 고객 ${a.no}에 등록된 휴대폰 번호입니다`],
    ['the same e-mail in other case', 'email', () => ({ email: `  ${a.email.toUpperCase()} ` }), () => `이미 고객 ${a.no}에 등록된 이메일입니다`],
    ['the same customer number', 'customerNo', () => ({ customerNo: a.no }), () => `이미 고객 ${a.no}의 고객번호입니다`],
  ] as const)('creating a customer with %s is refused, naming the existing customer', async (_what, field, values, message) => {
    const before = await customerCount();
    const errors = expectRefused(await banker.request(`${R}/actions/new`, { form: validForm(values()) }), [field]);
    expect(errors[field]!.message).toBe(message());
    expect(await customerCount()).toBe(before);
  });

  test('all three duplicates at once are all named', async () => {
    const before = await customerCount();
    const errors = expectRefused(await banker.request(`${R}/actions/new`, { form: validForm({ customerNo: a.no, mobile: a.mobile.digits, email: a.email.toLowerCase() }) }), [
      'customerNo',
      'mobile',
      'email',
    ]);
    for (const e of Object.values(errors)) expect(e.message).toContain(a.no);
    expect(await customerCount()).toBe(before);
  });

  test("a demo customer's mobile number is found although it is only stored encrypted", async () => {
    const seeded = await one("SELECT customer_no, mobile_enc FROM customer WHERE customer_no LIKE 'C000%' AND mobile_enc IS NOT NULL ORDER BY id LIMIT 1");
    const clear = cipher.decrypt(seeded.mobile_enc);
    const errors = expectRefused(await banker.request(`${R}/actions/new`, { form: validForm({ mobile: clear.replace(/-/g, '') }) }), ['mobile']);
    expect(errors.mobile!.message).toBe(`이미 고객 ${seeded.customer_no}에 등록된 휴대폰 번호입니다`);
  });

  describe('on update', () => {
    let b: { id: number; no: string; mobile: ReturnType<typeof freshMobile>; email: string };
    let snapshot: Record<string, unknown>;
    beforeAll(async () => {
      const mobile = freshMobile();
      const email = freshEmail('dup.other');
      const no = freshNo();
      const { id } = await create(validForm({ customerNo: no, mobile: mobile.formatted, email }));
      b = { id, no, mobile, email };
      snapshot = await byId(id);
    });
    afterEach(async () => {
      // Whatever was refused, customer B is exactly as it was.
      expect(await byId(b.id)).toEqual(snapshot);
    });

    test("giving B A's mobile written differently is refused, naming A", async () => {
      const errors = expectRefused(await banker.request(`${R}/records/${b.id}/edit`, { form: { mobile: `${a.mobile.digits.slice(0, 3)} ${a.mobile.mid} ${a.mobile.last4}` } }), [
        'mobile',
      ]);
      expect(errors.mobile!.message).toBe(`이미 고객 ${a.no}에 등록된 휴대폰 번호입니다`);
    });

    test("giving B A's e-mail in other case is refused, naming A", async () => {
      const errors = expectRefused(await banker.request(`${R}/records/${b.id}/edit`, { form: { email: a.email.toUpperCase() } }), ['email']);
      expect(errors.email!.message).toBe(`이미 고객 ${a.no}에 등록된 이메일입니다`);
    });

    test("giving B A's customer number is refused: customer numbers never change", async () => {
      const errors = expectRefused(await banker.request(`${R}/records/${b.id}/edit`, { form: { customerNo: a.no, segmentLabel: '변경시도' } }), ['customerNo']);
      expect(errors.customerNo!.message).toBe('고객번호는 변경할 수 없습니다');
    });

    test("re-typing B's own mobile differently is not a duplicate of itself", async () => {
      const r = await banker.request(`${R}/records/${b.id}/edit`, { form: { mobile: b.mobile.digits, email: b.email.toUpperCase() } });
      expect(r.json().record.errors).toEqual({});
      const row = await byId(b.id);
      expect([row.mobile_hash, row.email_hash]).toEqual([snapshot.mobile_hash, snapshot.email_hash]);
      snapshot = row; // ciphertexts are fresh (new IV), values the same
      expect(cipher.decrypt(row.mobile_enc)).toBe(b.mobile.formatted);
    });
  });
});

// ---------------------------------------------------------------- update

describe('editing a customer', () => {
  test('sending the form back as shown (masked contact details) keeps the stored contact details', async () => {
    const m = freshMobile();
    const email = freshEmail('keep.me');
    const { id } = await create(validForm({ mobile: m.formatted, email }));
    const before = await byId(id);

    // What the edit page loads and, after one change, posts back: every param, nulls as AdminJS encodes them.
    const shown = (await banker.request(`${R}/records/${id}/edit`)).json().record.params;
    expect(shown.mobile).toBe(`010-****-${m.last4}`);
    expect(shown.email).toContain('*');
    const form: Record<string, string> = {};
    for (const [k, v] of Object.entries(shown)) form[k] = v === null ? '__FORM_VALUE_NULL__' : String(v);
    form.segmentLabel = 'VIP';
    const r = await banker.request(`${R}/records/${id}/edit`, { form });
    expect(r.json().record.errors).toEqual({});
    expect(r.json().notice.type).toBe('success');

    const after = await byId(id);
    expect(after.segment_label).toBe('VIP');
    for (const col of [
      'mobile_enc',
      'mobile_hash',
      'mobile_masked',
      'email_enc',
      'email_hash',
      'email_masked',
      'name',
      'customer_no',
      'status',
      'consent_sms',
      'consent_sms_at',
      'consent_email_at',
    ]) {
      expect([col, after[col]]).toEqual([col, before[col]]);
    }
    expect(cipher.decrypt(after.mobile_enc)).toBe(m.formatted);
    const last = (await auditFor(id)).pop();
    expect(last).toMatchObject({ action: 'update', actor_email: 'banker@demo.bank', actor_role: 'banker', diff: { segmentLabel: { from: '우수', to: 'VIP' } } });
  });

  test("an update's audit row lists only what changed: contact details that stayed the same are not reported as changed", async () => {
    const m = freshMobile();
    const { id } = await create(validForm({ mobile: m.formatted }));
    const before = await byId(id);
    expect((await banker.request(`${R}/records/${id}/edit`, { form: { segmentLabel: 'VIP' } })).json().record.errors).toEqual({});
    const after = await byId(id);
    // Nothing about the contact details changed in the database...
    for (const col of ['mobile_enc', 'mobile_hash', 'email_enc', 'email_hash']) expect([col, after[col]]).toEqual([col, before[col]]);
    // ...so the audit trail must not say they did.
    const last = (await auditFor(id)).pop();
    expect(last.action).toBe('update');
    expect(last.diff).toEqual({ segmentLabel: { from: '우수', to: 'VIP' } });
  });

  test('a new mobile number replaces the old one: ciphertext, hash and masked form, and the old number is free again', async () => {
    const old = freshMobile();
    const next = freshMobile();
    const { id } = await create(validForm({ mobile: old.formatted }));
    const r = await banker.request(`${R}/records/${id}/edit`, { form: { mobile: next.digits } });
    expect(r.json().record.errors).toEqual({});
    expect(r.json().record.params.mobile).toBe(`010-****-${next.last4}`);
    expect(r.body).not.toContain(next.formatted);
    const row = await byId(id);
    expect(cipher.decrypt(row.mobile_enc)).toBe(next.formatted);
    expect(row.mobile_hash).toBe(cipher.lookupHash('mobile', next.formatted));
    expect(row.mobile_masked).toBe(`010-****-${next.last4}`);
    const last = (await auditFor(id)).pop();
    expect(last.diff).toMatchObject({
      mobileEnc: { from: '[redacted]', to: '[redacted]' },
      mobileHash: { from: '[redacted]', to: '[redacted]' },
      mobileMasked: { from: `010-****-${old.last4}`, to: `010-****-${next.last4}` },
    });
    expect(JSON.stringify(last.diff)).not.toContain(next.formatted);
    // Another customer may now register the old number.
    await create(validForm({ mobile: old.digits }));
  });

  test("a new e-mail address that itself contains '*' (valid, and accepted on creation) is not mistaken for the masked form", async () => {
    const s = stamp();
    const { id } = await create(validForm({ email: `first*${s}@example.com` }));
    expect(cipher.decrypt((await byId(id)).email_enc)).toBe(`first*${s}@example.com`);
    const r = await banker.request(`${R}/records/${id}/edit`, { form: { email: `second*${s}@example.com` } });
    expect(r.json().record.errors).toEqual({});
    expect(cipher.decrypt((await byId(id)).email_enc)).toBe(`second*${s}@example.com`);
  });

  test('the customer number cannot be changed and nothing else in the same request is applied', async () => {
    const no = freshNo();
    const { id } = await create(validForm({ customerNo: no }));
    const before = await byId(id);
    const errors = expectRefused(await banker.request(`${R}/records/${id}/edit`, { form: { customerNo: freshNo(), segmentLabel: '바뀜' } }), ['customerNo']);
    expect(errors.customerNo!.message).toBe('고객번호는 변경할 수 없습니다');
    expect(await byId(id)).toEqual(before);
  });

  test('changing a consent flag dates the change; unchanged flags keep their dates', async () => {
    const { id } = await create(validForm({ consentSms: 'false', consentEmail: 'true', consentPush: 'false' }));
    const before = await byId(id);
    expect(before.consent_sms_at).toBeNull();
    await new Promise((r) => setTimeout(r, 20));

    const t0 = Date.now();
    expect((await banker.request(`${R}/records/${id}/edit`, { form: { consentSms: 'true', consentEmail: 'true' } })).json().record.errors).toEqual({});
    const given = await byId(id);
    expect(given.consent_sms).toBe(1);
    expect(given.consent_sms_at.getTime()).toBeGreaterThanOrEqual(t0 - 5);
    expect(given.consent_email_at).toEqual(before.consent_email_at); // sent again unchanged: same date
    expect(given.consent_push_at).toBeNull();
    await new Promise((r) => setTimeout(r, 20));

    // Withdrawing consent is dated too (the date of the withdrawal).
    const t1 = Date.now();
    expect((await banker.request(`${R}/records/${id}/edit`, { form: { consentEmail: 'false' } })).json().record.errors).toEqual({});
    const withdrawn = await byId(id);
    expect(withdrawn.consent_email).toBe(0);
    expect(withdrawn.consent_email_at.getTime()).toBeGreaterThanOrEqual(t1 - 5);
    expect(withdrawn.consent_sms_at).toEqual(given.consent_sms_at);
  });

  test('a partial update through the API changes only the fields sent', async () => {
    const { id } = await create(validForm({ consentSms: 'true', consentEmail: 'true' }));
    const before = await byId(id);
    const r = await banker.request(`${R}/records/${id}/edit`, { form: { region: 'JEJU' } });
    expect(r.json().record.errors).toEqual({});
    const after = await byId(id);
    expect(after.region).toBe('JEJU');
    const { region: _r1, updated_at: _u1, ...restAfter } = after;
    const { region: _r2, updated_at: _u2, ...restBefore } = before;
    expect(restAfter).toEqual(restBefore);
  });

  test('the status cannot be changed through the edit form (only through the status action)', async () => {
    const { id } = await create(validForm());
    const r = await banker.request(`${R}/records/${id}/edit`, { form: { status: 'WITHDRAWN', segmentLabel: '일반' } });
    expect(r.json().record.errors).toEqual({});
    const row = await byId(id);
    expect([row.status, row.withdrawn_at, row.segment_label]).toEqual(['ACTIVE', null, '일반']);
    expect(await rows('SELECT id FROM customer_status_history WHERE customer_id = ?', [id])).toHaveLength(1);
  });

  test('bad values on edit are refused field by field and nothing changes', async () => {
    const { id } = await create(validForm());
    const before = await byId(id);
    const errors = expectRefused(
      await banker.request(`${R}/records/${id}/edit`, { form: { name: 'J', mobile: '010-12-34', birthDate: '2023-02-30', branchCode: 'B999', segmentLabel: '바뀜' } }),
      ['name', 'mobile', 'birthDate'],
    );
    expect(errors.mobile!.message).toBe('휴대폰 번호는 010-XXXX-XXXX 형식입니다');
    expect(await byId(id)).toEqual(before);
    // Once the form is valid, an unknown branch is still refused.
    expect(expectRefused(await banker.request(`${R}/records/${id}/edit`, { form: { branchCode: 'B999' } }), ['branchCode']).branchCode!.message).toBe('영업점 B999이(가) 없습니다');
    expect(await byId(id)).toEqual(before);
  });

  test('editing a customer that does not exist answers without a stack trace and creates nothing', async () => {
    const before = await customerCount();
    const r = await banker.request(`${R}/records/99999999/edit`, { form: { name: '홍길동' } });
    expect(r.status).toBe(200);
    expect(r.json().notice.type).toBe('error');
    expectNoStack(r);
    expect(await customerCount()).toBe(before);
  });
});
