import type { Connection } from 'mysql2/promise';
import type { ConsoleClient, Reply } from './support/console-client.js';
import { testDb, queries } from './support/db.js';
import { forbidden } from './support/console-api.js';
import { logInRoles, demoStaffIds } from './support/demo-staff.js';
import { freshMobile, hangul, stamp, type Mobile } from './support/unique.js';

/**
 * What each role sees of a customer's personal data through the console's
 * API, the audited unmask action, the audited 360 view, and the list filters
 * that find customers by contact details that are only stored encrypted.
 */
const R = '/admin/api/resources/Customer';
const roles = ['admin', 'marketer', 'compliance', 'manager', 'banker', 'product'] as const;
type Role = (typeof roles)[number];

let db: Connection;
const clients = {} as Record<Role, ConsoleClient>;
const staffIds = {} as Record<Role, number>;

const { rows } = queries(() => db);
const auditCount = async (id: number, action: string) =>
  Number((await rows("SELECT COUNT(*) n FROM audit_log WHERE resource = 'Customer' AND record_id = ? AND action = ?", [String(id), action]))[0].n);

interface Made {
  id: number;
  no: string;
  name: string;
  mobile: Mobile;
  email: string;
  birthDate: string;
}

/** A customer created by the banker through the console, with everything personal filled in. */
async function makeCustomer(extra: Record<string, string> = {}): Promise<Made> {
  const mobile = freshMobile();
  const s = stamp();
  const made = { no: `P${s}`, name: `홍${hangul(1)}동`, mobile, email: `Priv.Acy${s}@Example.com`, birthDate: '1985-03-14' };
  const r = await clients.banker.request(`${R}/actions/new`, {
    form: { customerNo: made.no, name: made.name, nameEn: 'Hong Gildong', birthDate: made.birthDate, mobile: mobile.formatted, email: made.email, branchCode: 'B001', ...extra },
  });
  expect(r.json().record.errors).toEqual({});
  return { ...made, id: Number(r.json().record.params.id) };
}

let c: Made;
let ciphertexts: string[];
beforeAll(async () => {
  db = await testDb();
  Object.assign(clients, await logInRoles(roles));
  Object.assign(staffIds, await demoStaffIds(db));
  c = await makeCustomer();
  const [row] = await rows('SELECT mobile_enc, mobile_hash, email_enc, email_hash FROM customer WHERE id = ?', [c.id]);
  ciphertexts = [row.mobile_enc, row.mobile_hash, row.email_enc, row.email_hash];
});
afterAll(async () => {
  await db.end();
});

/** Nothing of the stored secrets or the clear contact details in a response body. */
function expectNoClearContact(r: Reply, who: Made = c) {
  for (const key of ['mobileEnc', 'mobileHash', 'emailEnc', 'emailHash', 'mobile_enc', 'mobile_hash', 'email_enc', 'email_hash']) expect(r.body).not.toContain(`"${key}"`);
  for (const secret of [who.mobile.formatted, who.mobile.digits, `${who.mobile.mid}-${who.mobile.last4}`, who.email.toLowerCase(), who.email, ...(who === c ? ciphertexts : [])]) {
    expect(r.body).not.toContain(secret);
  }
}

// ---------------------------------------------------------------- masking per role

const seesName: Record<Exclude<Role, 'product'>, boolean> = { admin: false, marketer: false, manager: false, compliance: true, banker: true };

describe.each(Object.entries(seesName))('%s', (role, clear) => {
  const client = () => clients[role as Role];
  const expectParams = (p: Record<string, unknown>) => {
    expect(p.customerNo).toBe(c.no);
    expect(p.name).toBe(clear ? c.name : `${c.name[0]}*${c.name[2]}`);
    expect(p.nameEn).toBe(clear ? 'Hong Gildong' : 'H**********g');
    if (clear) expect(String(p.birthDate)).toMatch(/^1985-03-14/);
    else expect(p.birthDate).toBe('1985-**-**');
    expect(p.mobileMasked).toBe(`010-****-${c.mobile.last4}`);
    expect(p.mobile).toBe(`010-****-${c.mobile.last4}`);
    expect(String(p.emailMasked)).toMatch(/^pr\*+@example\.com$/);
  };

  test(`show ${clear ? 'has the name and birth date' : 'masks name and birth date'}; contact details are masked`, async () => {
    const r = await client().request(`${R}/records/${c.id}/show`);
    expectParams(r.json().record.params);
    expectNoClearContact(r);
    if (!clear) {
      expect(r.body).not.toContain(c.name);
      expect(r.body).not.toContain('1985-03-14');
    }
  });

  test('list (filtered by the customer number) masks the same way', async () => {
    const r = await client().request(`${R}/actions/list?filters.customerNo=${c.no}`);
    expect(r.json().records).toHaveLength(1);
    expectParams(r.json().records[0].params);
    expectNoClearContact(r);
    if (!clear) expect(r.body).not.toContain(c.name);
  });

  test('search masks the same way', async () => {
    const r = await client().request(`${R}/search/${c.no}`);
    expect(r.json().records.map((x: any) => x.params.customerNo)).toEqual([c.no]);
    expectParams(r.json().records[0].params);
    expectNoClearContact(r);
    if (!clear) expect(r.body).not.toContain(c.name);
  });

  test('a page of the unfiltered list carries no stored secret of any customer', async () => {
    const r = await client().request(`${R}/actions/list?perPage=100`);
    expect(r.json().records.length).toBeGreaterThan(0);
    expectNoClearContact(r);
    expect(r.body).not.toMatch(/"v1\.[A-Za-z0-9_-]{16}\./);
    expect(r.body).not.toMatch(/"[0-9a-f]{64}"/);
    expect(r.body).not.toMatch(/010-\d{4}-\d{4}/);
  });
});

test('the product role cannot read customers at all', async () => {
  for (const path of [`${R}/actions/list`, `${R}/records/${c.id}/show`, `${R}/search/${c.no}`, `${R}/records/${c.id}/profile360`]) {
    const r = await clients.product.request(path);
    expect([path, forbidden(r)]).toEqual([path, true]);
    expectNoClearContact(r);
    expect(r.body).not.toContain(c.name);
  }
});

test("the banker's edit form and the answer to an edit carry only masked contact details", async () => {
  const shown = await clients.banker.request(`${R}/records/${c.id}/edit`);
  expect(shown.json().record.params.mobile).toBe(`010-****-${c.mobile.last4}`);
  expectNoClearContact(shown);
  const saved = await clients.banker.request(`${R}/records/${c.id}/edit`, { form: { segmentLabel: '개인정보' } });
  expect(saved.json().record.errors).toEqual({});
  expectNoClearContact(saved);
  const refused = await clients.banker.request(`${R}/records/${c.id}/edit`, { form: { mobile: 'bad' } });
  expect(refused.json().record.errors.mobile).toBeDefined();
  expectNoClearContact(refused);
});

test('the answer to a creation carries only masked contact details', async () => {
  const mobile = freshMobile();
  const email = `fresh${stamp()}@example.com`;
  const r = await clients.banker.request(`${R}/actions/new`, { form: { name: '김새로', mobile: mobile.digits, email } });
  expect(r.json().record.errors).toEqual({});
  expectNoClearContact(r, { id: 0, no: '', name: '김새로', mobile, email, birthDate: '' });
});

// ---------------------------------------------------------------- unmask

describe('unmask', () => {
  test.each([['banker'], ['compliance']] as const)('%s sees the clear contact details, and exactly one audit row records it', async (role) => {
    const before = await auditCount(c.id, 'pii.unmask');
    const r = await clients[role].request(`${R}/records/${c.id}/unmask`, { form: { confirm: 'true' } });
    expect(forbidden(r)).toBe(false);
    expect(r.json().unmasked).toEqual({ customerNo: c.no, name: c.name, mobile: c.mobile.formatted, email: c.email.toLowerCase(), birthDate: c.birthDate });
    // The record alongside stays masked.
    expect(r.json().record.params.mobile).toBe(`010-****-${c.mobile.last4}`);
    expect(await auditCount(c.id, 'pii.unmask')).toBe(before + 1);
    const [last] = await rows(
      "SELECT actor_id, actor_email, actor_role, ip, detail FROM audit_log WHERE resource = 'Customer' AND record_id = ? AND action = 'pii.unmask' ORDER BY id DESC LIMIT 1",
      [String(c.id)],
    );
    expect(last).toMatchObject({ actor_id: staffIds[role], actor_email: `${role}@demo.bank`, actor_role: role, ip: expect.stringContaining('127.0.0.1') });
    expect(last.detail).toContain(c.no);
    expect(last.detail).not.toContain(c.mobile.formatted);
  });

  test('opening the unmask page (GET) reveals nothing and writes no audit row', async () => {
    const before = await auditCount(c.id, 'pii.unmask');
    const r = await clients.banker.request(`${R}/records/${c.id}/unmask`);
    expect(r.json().unmasked).toBeUndefined();
    expectNoClearContact(r);
    expect(await auditCount(c.id, 'pii.unmask')).toBe(before);
  });

  test.each([['marketer'], ['manager'], ['admin'], ['product']] as const)('%s is refused, sees nothing and leaves no unmask row', async (role) => {
    const before = await auditCount(c.id, 'pii.unmask');
    const r = await clients[role].request(`${R}/records/${c.id}/unmask`, { form: { confirm: 'true' } });
    expect(forbidden(r)).toBe(true);
    expect(r.json().unmasked).toBeUndefined();
    expectNoClearContact(r);
    expect(r.body).not.toContain(c.name);
    expect(await auditCount(c.id, 'pii.unmask')).toBe(before);
  });

  test('a customer without contact details unmasks to nulls', async () => {
    const r0 = await clients.banker.request(`${R}/actions/new`, { form: { name: '무연락' } });
    const id = Number(r0.json().record.params.id);
    const r = await clients.compliance.request(`${R}/records/${id}/unmask`, { form: { confirm: 'true' } });
    expect(r.json().unmasked).toMatchObject({ name: '무연락', mobile: null, email: null });
    expect(await auditCount(id, 'pii.unmask')).toBe(1);
  });
});

// ---------------------------------------------------------------- customer 360

describe('profile360', () => {
  beforeAll(async () => {
    // A contact logged by the banker, so the 360 page has something in its contact list.
    const r = await clients.banker.request('/admin/api/resources/CustomerContact/actions/new', { form: { customerId: String(c.id), channel: 'PHONE', note: '예금 만기 안내' } });
    expect(r.json().record.errors).toEqual({});
  });

  test('a marketer sees masked personal data and no contact log, and the view is audited', async () => {
    const before = await auditCount(c.id, 'customer.view');
    const r = await clients.marketer.request(`${R}/records/${c.id}/profile360`);
    const { view, permissions, record } = r.json();
    expect(view.profile).toMatchObject({
      customerNo: c.no,
      name: `${c.name[0]}*${c.name[2]}`,
      nameEn: 'H**********g',
      birthDate: '1985-**-**',
      mobileMasked: `010-****-${c.mobile.last4}`,
    });
    expect(view.contacts).toEqual([]);
    expect(record.params.name).toBe(`${c.name[0]}*${c.name[2]}`);
    expect(permissions).toMatchObject({ unmask: false, changeStatus: false, edit: false });
    expect(r.body).not.toContain(c.name);
    expect(r.body).not.toContain('1985-03-14');
    expect(r.body).not.toContain('예금 만기 안내');
    expectNoClearContact(r);
    expect(await auditCount(c.id, 'customer.view')).toBe(before + 1);
    const [last] = await rows(
      "SELECT actor_email, actor_role, ip FROM audit_log WHERE resource = 'Customer' AND record_id = ? AND action = 'customer.view' ORDER BY id DESC LIMIT 1",
      [String(c.id)],
    );
    expect(last).toMatchObject({ actor_email: 'marketer@demo.bank', actor_role: 'marketer', ip: expect.stringContaining('127.0.0.1') });
  });

  test('a banker sees the name, the contact log and the actions they may take; contact details stay masked', async () => {
    const before = await auditCount(c.id, 'customer.view');
    const r = await clients.banker.request(`${R}/records/${c.id}/profile360`);
    const { view, permissions } = r.json();
    expect(view.profile).toMatchObject({ name: c.name, birthDate: '1985-03-14', mobileMasked: `010-****-${c.mobile.last4}` });
    expect(view.contacts.map((x: any) => x.note)).toContain('예금 만기 안내');
    expect(view.statusHistory[0]).toMatchObject({ toStatus: 'ACTIVE', actorEmail: 'banker@demo.bank' });
    expect(permissions).toEqual({ unmask: true, changeStatus: true, addContact: true, addHolding: true, edit: true });
    expectNoClearContact(r);
    expect(await auditCount(c.id, 'customer.view')).toBe(before + 1);
  });
});

// ---------------------------------------------------------------- list filters

describe('list filters', () => {
  const list = async (query: string, role: Role = 'banker') => {
    const r = await clients[role].request(`${R}/actions/list?perPage=100&${query}`);
    expectNoClearContact(r);
    return r.json() as { meta: { total: number }; records: Array<{ params: Record<string, any> }> };
  };
  const nos = (res: { records: Array<{ params: Record<string, any> }> }) => res.records.map((r) => r.params.customerNo).sort();

  test.each([
    ['hyphenated', () => c.mobile.formatted],
    ['digits only', () => c.mobile.digits],
    ['with spaces', () => `010 ${c.mobile.mid} ${c.mobile.last4}`],
    ['international', () => `+82 10-${c.mobile.mid}-${c.mobile.last4}`],
  ])('by mobile, written %s, finds exactly that customer', async (_how, value) => {
    const res = await list(`filters.mobile=${encodeURIComponent(value())}`);
    expect(nos(res)).toEqual([c.no]);
    expect(res.meta.total).toBe(1);
  });

  test('by mobile works for roles that serve customers; a role that sees them masked may not look people up by phone', async () => {
    expect(nos(await list(`filters.mobile=${c.mobile.digits}`, 'compliance'))).toEqual([c.no]);
    const refused = await clients.marketer.request(`${R}/actions/list?filters.mobile=${c.mobile.digits}`);
    expect(refused.status).toBe(400);
    expect(refused.json().error).toContain('filters.mobile');
  });

  test('by e-mail, in any case and with spaces around it, finds exactly that customer', async () => {
    expect(nos(await list(`filters.email=${encodeURIComponent(` ${c.email.toUpperCase()} `)}`))).toEqual([c.no]);
    expect(nos(await list(`filters.email=${encodeURIComponent(c.email.toLowerCase())}`))).toEqual([c.no]);
  });

  test.each([
    ['an unparseable mobile', 'filters.mobile=abc'],
    ['a mobile with too few digits', 'filters.mobile=010-1234'],
    ['an unparseable e-mail', 'filters.email=not-an-email'],
    ['a well-formed number nobody has', 'filters.mobile=010-0000-0000'],
  ])('%s matches no customer (not every customer)', async (_what, query) => {
    const res = await list(query);
    expect(res.records).toEqual([]);
    expect(res.meta.total).toBe(0);
  });

  test('by name prefix', async () => {
    const prefix = hangul(4);
    const a = await makeCustomer({ name: `${prefix}가` });
    const b = await makeCustomer({ name: `${prefix}나다` });
    await makeCustomer({ name: `${hangul(4)}${prefix}` }); // contains the prefix, does not start with it
    expect(nos(await list(`filters.name=${encodeURIComponent(prefix)}`))).toEqual([a.no, b.no].sort());
    expect(nos(await list(`filters.name=${encodeURIComponent(`${prefix}나`)}`))).toEqual([b.no]);
  });

  test('by customer number prefix, in any case; LIKE wildcards are taken literally', async () => {
    const prefix = `Q${stamp()}`;
    const made = [];
    for (const suffix of ['1', '2']) {
      const r = await clients.banker.request(`${R}/actions/new`, { form: { customerNo: `${prefix}${suffix}`, name: '번호검색' } });
      expect(r.json().record.errors).toEqual({});
      made.push(`${prefix}${suffix}`);
    }
    expect(nos(await list(`filters.customerNo=${prefix}`))).toEqual(made);
    expect(nos(await list(`filters.customerNo=${prefix.toLowerCase()}`))).toEqual(made);
    expect(nos(await list(`filters.customerNo=${prefix}2`))).toEqual([made[1]]);
    expect((await list(`filters.customerNo=${encodeURIComponent('Q%')}`)).records).toEqual([]);
    expect((await list(`filters.customerNo=${encodeURIComponent('_')}`)).records).toEqual([]);
  });

  test('by status', async () => {
    const prefix = `S${stamp()}`;
    const ids: Record<string, number> = {};
    for (const suffix of ['1', '2']) {
      const r = await clients.banker.request(`${R}/actions/new`, { form: { customerNo: `${prefix}${suffix}`, name: '상태검색' } });
      ids[suffix] = Number(r.json().record.params.id);
    }
    const moved = await clients.banker.request(`${R}/records/${ids['2']}/changeStatus`, { form: { status: 'SUSPENDED', comment: '사고 신고' } });
    expect(moved.json().record.errors).toEqual({});
    expect(nos(await list(`filters.customerNo=${prefix}&filters.status=SUSPENDED`))).toEqual([`${prefix}2`]);
    expect(nos(await list(`filters.customerNo=${prefix}&filters.status=ACTIVE`))).toEqual([`${prefix}1`]);
    const suspended = await list('filters.status=SUSPENDED');
    expect(suspended.records.length).toBeGreaterThan(0);
    expect(suspended.records.every((r) => r.params.status === 'SUSPENDED')).toBe(true);
    const [{ n }] = await rows("SELECT COUNT(*) n FROM customer WHERE status = 'SUSPENDED'");
    expect(suspended.meta.total).toBe(Number(n));
  });
});

describe('access records (개인정보 접속기록)', () => {
  const lastAccess = async (action: string, email: string) =>
    (await rows('SELECT detail, actor_role, ip FROM audit_log WHERE action = ? AND actor_email = ? ORDER BY id DESC LIMIT 1', [action, email]))[0];

  test('a list request is recorded with its criteria, the mobile only in masked form', async () => {
    const m = freshMobile();
    await clients.compliance.request(`${R}/actions/list?filters.mobile=${m.digits}&filters.status=ACTIVE`);
    const row = await lastAccess('customer.list', 'compliance@demo.bank');
    expect(row.detail).toContain(`mobile=010-****-${m.last4}`);
    expect(row.detail).toContain('status=ACTIVE');
    expect(row.detail).not.toContain(m.mid);
    expect([row.actor_role, row.ip]).toEqual(['compliance', expect.stringMatching(/127\.0\.0\.1/)]);
  });

  test('a reference search and opening a record are recorded too', async () => {
    await clients.banker.request(`${R}/search/${c.no}`);
    expect((await lastAccess('customer.search', 'banker@demo.bank')).detail).toContain(`customerNo=${c.no}`);
    const before = await auditCount(c.id, 'customer.show');
    await clients.compliance.request(`${R}/records/${c.id}/show`);
    expect(await auditCount(c.id, 'customer.show')).toBe(before + 1);
  });
});
