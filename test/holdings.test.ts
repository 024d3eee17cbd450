import type { Connection } from 'mysql2/promise';
import type { ConsoleClient } from './support/console-client.js';
import { testDb, queries } from './support/db.js';
import { api, kst, call, type Outcome } from './support/console-api.js';
import { logIn, logInRoles } from './support/demo-staff.js';

/**
 * Selling a product (opening a holding) from the console as a banker: only a
 * published version, never to a withdrawn customer, only suitable investment
 * products, amounts in KRW, never opened in the future. The seller and the
 * branch are the logged-in banker's. Every refusal leaves the table as it was.
 */

const run = `T${Date.now() % 1e6}`;

let db: Connection;
let banker: ConsoleClient;
let product: ConsoleClient;
let bankerStaff: { id: number; branch_code: string; display_name: string };
let depositVersion: { id: number; product_id: number; code: string };
let riskyFundVersion: number;
let terminatedVersion: number;
let stableCustomer: number;
let aggressiveCustomer: number;
let unprofiledCustomer: number;
let withdrawnCustomer: number;

const { rows } = queries(() => db);
const one = async <T = any>(sql: string, args: unknown[] = []): Promise<T> => {
  const [first] = await rows<T>(sql, args);
  if (!first) throw new Error(`no row for: ${sql}`);
  return first;
};
const customerWhere = async (where: string) => Number((await one(`SELECT id FROM customer WHERE customer_no LIKE 'C%' AND ${where} ORDER BY id LIMIT 1`)).id);
const holdingCount = async () => Number((await one('SELECT COUNT(*) n FROM holding')).n);

beforeAll(async () => {
  db = await testDb();
  ({ banker, product } = await logInRoles(['banker', 'product'] as const));
  bankerStaff = await one("SELECT id, branch_code, display_name FROM staff WHERE email = 'banker@demo.bank'");
  depositVersion = await one(
    "SELECT v.id, v.product_id, p.code FROM product_version v JOIN product p ON p.id = v.product_id WHERE p.type = 'DEPOSIT' AND v.status = 'PUBLISHED' ORDER BY p.code LIMIT 1",
  );
  riskyFundVersion = Number(
    (await one("SELECT v.id FROM product_version v JOIN product p ON p.id = v.product_id WHERE p.type = 'FUND' AND p.risk_grade = 1 AND v.status = 'PUBLISHED' LIMIT 1")).id,
  );
  terminatedVersion = Number(
    (await one("SELECT v.id FROM product_version v JOIN product p ON p.id = v.product_id WHERE p.type = 'DEPOSIT' AND v.status = 'TERMINATED' LIMIT 1")).id,
  );
  // A customer of another branch, so the holding's branch is visibly the seller's.
  stableCustomer = await customerWhere(`status = 'ACTIVE' AND propensity = 'STABLE' AND branch_code <> '${bankerStaff.branch_code}'`);
  aggressiveCustomer = await customerWhere("status = 'ACTIVE' AND propensity = 'AGGRESSIVE'");
  unprofiledCustomer = await customerWhere("status = 'ACTIVE' AND propensity IS NULL");
  withdrawnCustomer = await customerWhere("status = 'WITHDRAWN'");
});
afterAll(async () => {
  await db.end();
});

const open = (by: ConsoleClient, form: Record<string, string>): Promise<Outcome> => call(by, `${api}/Holding/actions/new`, form);

const sale = (over: Record<string, string> = {}) => ({
  customerId: String(stableCustomer),
  productVersionId: String(depositVersion.id),
  amount: '1000000',
  openedOn: kst(0),
  ...over,
});

/** Opening must fail on `field` with a message containing `text`, and no holding may appear. */
async function refused(form: Record<string, string>, field: string, text: string, by: ConsoleClient = banker) {
  const before = await holdingCount();
  const o = await open(by, form);
  expect([o.ok, o.forbidden]).toEqual([false, false]);
  expect(o.raw.notice?.type).toBe('error');
  expect(o.errors[field]?.message).toContain(text);
  expect(await holdingCount()).toBe(before);
}

test("a banker opens a holding on a published version: the seller and the branch are the banker's, and it shows on the customer's 360", async () => {
  const customerBranch = (await one('SELECT branch_code FROM customer WHERE id = ?', [stableCustomer])).branch_code;
  expect(customerBranch).not.toBe(bankerStaff.branch_code);
  const admin = Number((await one("SELECT id FROM staff WHERE email = 'admin@demo.bank'")).id);

  // A forged seller in the payload is ignored: the seller is whoever is logged in.
  const o = await open(banker, sale({ amount: '5,000,000', soldByStaffId: String(admin) }));
  expect([o.ok, o.message]).toEqual([true, 'successfullyCreated']);
  const id = Number(o.params.id);
  const stored = await one(
    "SELECT contract_no, customer_id, product_id, product_version_id, sold_by_staff_id, branch_code, amount, DATE_FORMAT(opened_on, '%Y-%m-%d') opened_on, closed_on FROM holding WHERE id = ?",
    [id],
  );
  expect(stored).toEqual({
    contract_no: expect.stringMatching(/^H\d{16}$/),
    customer_id: stableCustomer,
    product_id: depositVersion.product_id,
    product_version_id: depositVersion.id,
    sold_by_staff_id: bankerStaff.id,
    branch_code: bankerStaff.branch_code,
    amount: expect.anything(),
    opened_on: kst(0),
    closed_on: null,
  });
  expect(String(stored.amount)).toBe('5000000');
  expect(stored.contract_no.slice(1, 9)).toBe(kst(0).replace(/-/g, ''));

  const r = await banker.request(`${api}/Customer/records/${stableCustomer}/profile360`);
  const holding = r.json().view.holdings.find((h: any) => h.id === id);
  expect(holding).toMatchObject({
    contractNo: stored.contract_no,
    productId: depositVersion.product_id,
    productCode: depositVersion.code,
    versionNo: expect.any(Number),
    openedOn: kst(0),
    closedOn: null,
    branchCode: bankerStaff.branch_code,
    soldBy: bankerStaff.display_name,
  });
  expect(String(holding.amount)).toBe('5000000');
});

test('only a published version can be sold: a draft or a terminated version is refused', async () => {
  const code = `${run}-H1`;
  const p = await product.request(`${api}/Product/actions/new`, { form: { code, name: '판매 시험 예금', type: 'DEPOSIT', category: '정기예금', riskGrade: '6' } });
  const productId = p.json().record.params.id;
  const v = await product.request(`${api}/ProductVersion/actions/new`, { form: { productId: String(productId), validFrom: kst(-1) } });
  const draft = String(v.json().record.params.id);
  expect((await one('SELECT status FROM product_version WHERE id = ?', [draft])).status).toBe('DRAFT');

  await refused(sale({ productVersionId: draft }), 'productVersionId', '게시(판매) 중인 버전만 가입시킬 수 있습니다');
  await refused(sale({ productVersionId: String(terminatedVersion) }), 'productVersionId', '게시(판매) 중인 버전만 가입시킬 수 있습니다');
});

test('a withdrawn customer cannot be sold anything', async () => {
  await refused(sale({ customerId: String(withdrawnCustomer) }), 'customerId', '탈퇴한 고객');
});

test('suitability: a grade-1 fund is refused to a STABLE customer and to one without a propensity, and sold to an AGGRESSIVE one', async () => {
  await refused(sale({ productVersionId: String(riskyFundVersion) }), 'productVersionId', '안정형 고객은 위험등급 6(매우 낮은 위험) 상품만 가입할 수 있습니다');
  await refused(sale({ customerId: String(unprofiledCustomer), productVersionId: String(riskyFundVersion) }), 'productVersionId', '투자성향 진단을 받지 않은 고객');

  const o = await open(banker, sale({ customerId: String(aggressiveCustomer), productVersionId: String(riskyFundVersion) }));
  expect(o.ok).toBe(true);
  expect(await one('SELECT customer_id, product_version_id FROM holding WHERE id = ?', [o.params.id])).toEqual({
    customer_id: aggressiveCustomer,
    product_version_id: riskyFundVersion,
  });
});

test('amounts are whole KRW: "5,000,000" is accepted, "-5", "abc", "1.5" and "0" are refused', async () => {
  const o = await open(banker, sale({ amount: ' 5,000,000 ' }));
  expect(o.ok).toBe(true);
  expect(String((await one('SELECT amount FROM holding WHERE id = ?', [o.params.id])).amount)).toBe('5000000');

  for (const amount of ['-5', 'abc', '1.5']) await refused(sale({ amount }), 'amount', '원 단위 정수로 입력하세요');
  await refused(sale({ amount: '0' }), 'amount', '0보다 커야 합니다');
  await refused(sale({ amount: '' }), 'amount', '금액을 입력하세요');
});

test('a holding cannot be opened in the future', async () => {
  await refused(sale({ openedOn: kst(2) }), 'openedOn', '신규일은 오늘 이후일 수 없습니다');
  await refused(sale({ openedOn: '2026-13-01' }), 'openedOn', '신규일');
});

test("a holding cannot be opened before its version's validity period", async () => {
  // Seeded published versions are valid from 200 days ago.
  await refused(sale({ openedOn: kst(-400) }), 'openedOn', '신규일은 이 버전의 판매 기간');
});

test('marketers (and the other read-only roles) cannot open holdings', async () => {
  for (const role of ['marketer', 'manager', 'compliance', 'product']) {
    const who = role === 'product' ? product : await logIn(role);
    const before = await holdingCount();
    const o = await open(who, sale());
    expect([role, o.forbidden, o.ok]).toEqual([role, true, false]);
    expect(await holdingCount()).toBe(before);
  }
});
