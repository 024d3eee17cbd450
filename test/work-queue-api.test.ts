import type { Connection } from 'mysql2/promise';
import type { ConsoleClient } from './support/console-client.js';
import { testDb, queries } from './support/db.js';
import { api, kst, call, must } from './support/console-api.js';
import { logInRoles, demoStaffIds } from './support/demo-staff.js';
import { HttpClient } from './support/journey-console.js';
import { baseUrl } from './support/test-env.js';

/**
 * Product setup through the console API and the work queues it feeds: one
 * submit for a version and its disclosure (refused with every reason while
 * something is missing), the checker's inbox, one approval for both (with
 * the disclosure's review number), rejection back to the maker's inbox with
 * the reason, maker-checker in words, messages in English.
 */
const run = `WQ${Date.now() % 1e6}`;
let seq = 0;
let db: Connection;
const { one, rows } = queries(() => db);
const c: Record<'product' | 'product2' | 'compliance' | 'banker', ConsoleClient> = {} as never;
const staffId: Record<string, number> = {};

beforeAll(async () => {
  db = await testDb();
  Object.assign(c, await logInRoles(['product', 'product2', 'compliance', 'banker'] as const));
  Object.assign(staffId, await demoStaffIds(db));
});
afterAll(async () => {
  await db.end();
});

interface Queue {
  key: string;
  count: number;
  items: Array<{ kind: string; id: number; title: string; reason: string | null; href: string; withDisclosure: { id: number } | null; since: string | null; by: string | null }>;
}
const dashboard = async (who: ConsoleClient): Promise<Queue[]> => {
  const r = await who.request('/admin/api/dashboard');
  expect(r.status).toBe(200);
  return r.json().queues as Queue[];
};
const queue = async (who: ConsoleClient, key: string) => (await dashboard(who)).find((q) => q.key === key)!;
const cmd = (by: ConsoleClient, id: number, command: string, form: Record<string, string> = {}) =>
  call(by, `${api}/ProductVersion/records/${id}/${command}`, { comment: '', ...form });
const status = async (table: string, id: number) => (await one<{ status: string }>(`SELECT status FROM ${table} WHERE id = ?`, [id])).status;

async function draft(type = 'SAVINGS'): Promise<{ productId: number; versionId: number }> {
  const code = `${run}-${++seq}`;
  const p = must(await call(c.product, `${api}/Product/actions/new`, { code, name: `업무함 ${code}`, type, category: '적금', riskGrade: '6' }), 'product');
  const v = must(
    await call(c.product, `${api}/ProductVersion/actions/new`, {
      productId: String(p.params.id),
      validFrom: kst(-1),
      conditions: '월 10만원 이상',
      minAge: '19',
      maxAge: '34',
      eligibleRegions: 'SEOUL,BUSAN',
    }),
    'version',
  );
  return { productId: Number(p.params.id), versionId: Number(v.params.id) };
}
const addTier = async (versionId: number) =>
  must(
    await call(c.product, `${api}/RateTier/actions/new`, {
      productVersionId: String(versionId),
      termMonthsMin: '12',
      termMonthsMax: '36',
      amountMin: '100,000',
      amountMax: '',
      rateBp: '435',
    }),
    'tier',
  );
const addDisclosure = async (versionId: number) =>
  Number(
    must(
      await call(c.product, `${api}/Disclosure/actions/new`, {
        productVersionId: String(versionId),
        title: '상품설명서',
        body: '금리와 중도해지 불이익, 예금자보호 여부를 안내합니다.',
      }),
      'disclosure',
    ).params.id,
  );

test('eligibility is saved from the version form and wrong values are all reported at once', async () => {
  const { versionId } = await draft();
  expect(await one('SELECT min_age, max_age, eligible_gender, eligible_regions FROM product_version WHERE id = ?', [versionId])).toEqual({
    min_age: 19,
    max_age: 34,
    eligible_gender: null,
    eligible_regions: 'SEOUL,BUSAN',
  });
  const o = await call(c.product, `${api}/ProductVersion/records/${versionId}/edit`, { minAge: '130', eligibleRegions: 'SEOUL,MARS', eligibleGender: 'X' });
  expect(o.ok).toBe(false);
  expect(Object.keys(o.errors).sort()).toEqual(['eligibleGender', 'eligibleRegions', 'minAge']);
  const p = await call(c.product, `${api}/ProductVersion/records/${versionId}/edit`, { minAge: '40', maxAge: '30' });
  expect(p.errors.maxAge?.message).toBe('최대 가입 연령이 최소 가입 연령보다 낮습니다');
});

test('one submit for the version and its disclosure; the checker approves both from the inbox; it leaves the inbox', async () => {
  const { versionId } = await draft();
  // Nothing yet: both reasons at once, in Korean and (for an English console) in English.
  const refused = await cmd(c.product, versionId, 'submit');
  expect(refused.ok).toBe(false);
  expect(refused.message).toBe('금리 구간을 하나 이상 등록한 뒤 승인 요청하세요 · 공시 문안(상품설명서)을 작성한 뒤 승인 요청하세요');
  const en = await HttpClient.loggedIn(baseUrl(), 'product');
  const r = await en.request(`${api}/ProductVersion/records/${versionId}/submit`, {
    method: 'POST',
    raw: 'comment=',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `${en.cookie}; bank-crm.lang=en` },
  });
  expect((r.body as any).notice.message).toBe('Add at least one rate tier before submitting for approval · Write the disclosure text before submitting for approval');
  expect(await status('product_version', versionId)).toBe('DRAFT');

  await addTier(versionId);
  const disclosureId = await addDisclosure(versionId);
  // The draft counts in the maker's queue (which shows the oldest 50) until it is submitted.
  const draftsBefore = (await queue(c.product, 'myDrafts')).count;
  must(await cmd(c.product, versionId, 'submit', { comment: '신규 적금 승인 요청' }), 'submit');
  expect([await status('product_version', versionId), await status('disclosure', disclosureId)]).toEqual(['PENDING_APPROVAL', 'PENDING_REVIEW']);
  expect((await queue(c.product, 'myDrafts')).count).toBe(draftsBefore - 1);

  // The checker's inbox: the version with its disclosure (not a second item), oldest first.
  const inbox = await queue(c.compliance, 'versionsToApprove');
  const item = inbox.items.find((i) => i.id === versionId);
  expect(item).toMatchObject({
    kind: 'ProductVersion',
    href: `/admin/resources/ProductVersion/records/${versionId}/approve`,
    withDisclosure: { id: disclosureId },
    by: 'product@demo.bank',
  });
  const since = inbox.items.map((i) => i.since ?? '');
  expect([...since].sort()).toEqual(since);
  expect((await queue(c.compliance, 'disclosuresToReview')).items.map((i) => i.id)).not.toContain(disclosureId);

  // Opening the approval: the author is told why not, in words; a checker gets the form with the disclosure to review.
  const own = await call(c.product, `${api}/ProductVersion/records/${versionId}/approve`);
  expect(own.params.approvalRefusalCode).toBe('ownWork');
  expect(own.params.approvalRefusal).toContain('maker-checker');
  expect((await call(c.product2, `${api}/ProductVersion/records/${versionId}/approve`)).params.approvalRefusalCode).toBe('notChecker');
  expect((await call(c.product, `${api}/ProductVersion/records/${versionId}/approve`, { comment: '' })).forbidden).toBe(true);
  const form = await call(c.compliance, `${api}/ProductVersion/records/${versionId}/approve`);
  expect(form.params).toMatchObject({ approvalRefusal: '', disclosureUnderReviewId: disclosureId });

  // Approving needs the disclosure's review number and validity; then both are approved in one step.
  const missing = await cmd(c.compliance, versionId, 'approve');
  expect(missing.errors.reviewNo?.message).toBe('심의필 번호를 입력하세요 (3~40자)');
  expect([await status('product_version', versionId), await status('disclosure', disclosureId)]).toEqual(['PENDING_APPROVAL', 'PENDING_REVIEW']);
  const reviewNo = `준법 ${run}-1`;
  must(await cmd(c.compliance, versionId, 'approve', { reviewNo, reviewValidFrom: kst(-1), reviewValidTo: kst(365), comment: '확인' }), 'approve');
  expect([await status('product_version', versionId), await status('disclosure', disclosureId)]).toEqual(['APPROVED', 'APPROVED']);
  expect(await one('SELECT review_no, approved_by FROM disclosure WHERE id = ?', [disclosureId])).toEqual({ review_no: reviewNo, approved_by: staffId.compliance });
  expect((await queue(c.compliance, 'versionsToApprove')).items.map((i) => i.id)).not.toContain(versionId);

  must(await cmd(c.product, versionId, 'publish'), 'publish');
  expect(await status('product_version', versionId)).toBe('PUBLISHED');
});

test('a rejection sends the version and its disclosure back together; the maker sees it with the reason', async () => {
  const { versionId } = await draft();
  await addTier(versionId);
  const disclosureId = await addDisclosure(versionId);
  must(await cmd(c.product, versionId, 'submit'), 'submit');
  must(await cmd(c.compliance, versionId, 'reject', { comment: '우대금리 조건을 명시하세요' }), 'reject');
  expect([await status('product_version', versionId), await status('disclosure', disclosureId)]).toEqual(['DRAFT', 'DRAFT']);

  const back = await queue(c.product, 'myRejected');
  expect(back.items.find((i) => i.kind === 'ProductVersion' && i.id === versionId)).toMatchObject({ reason: '우대금리 조건을 명시하세요', by: 'compliance@demo.bank' });
  expect(back.items.find((i) => i.kind === 'Disclosure' && i.id === disclosureId)).toMatchObject({ reason: '우대금리 조건을 명시하세요' });
  expect((await queue(c.product, 'myDrafts')).items.map((i) => i.id)).not.toContain(versionId);
  // Another product manager's inbox holds only their own work.
  expect((await queue(c.product2, 'myRejected')).items.map((i) => i.id)).not.toContain(versionId);

  // Fixed and resubmitted, it leaves the maker's inbox.
  must(await cmd(c.product, versionId, 'submit'), 'resubmit');
  expect((await queue(c.product, 'myRejected')).items.filter((i) => i.kind === 'ProductVersion').map((i) => i.id)).not.toContain(versionId);
  expect(await rows("SELECT to_status FROM lifecycle_transition WHERE subject_type = 'DISCLOSURE' AND subject_id = ? ORDER BY id", [disclosureId])).toEqual([
    { to_status: 'DRAFT' },
    { to_status: 'PENDING_REVIEW' },
    { to_status: 'DRAFT' },
    { to_status: 'PENDING_REVIEW' },
  ]);
});
