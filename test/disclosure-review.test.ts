import type { Connection } from 'mysql2/promise';
import type { ConsoleClient } from './support/console-client.js';
import { testDb, queries } from './support/db.js';
import { api, kst, call, must } from './support/console-api.js';
import { logInRoles, demoStaffIds } from './support/demo-staff.js';
import { decideDisclosureCommand, type DisclosureState } from '../resources/disclosure/disclosure-lifecycle.rules.js';

/**
 * Disclosure texts (공시 문안) and their compliance review, through the
 * console's API: product managers write and submit, compliance approves with
 * a review number (심의필 번호) valid for a period, and a version is only
 * published or resumed with a currently valid approved text.
 */

const run = `T${Date.now() % 1e6}`;
let seq = 0;
const newCode = () => `${run}-D${++seq}`;

let db: Connection;
const { rows, one } = queries(() => db);
const c: Record<'product' | 'product2' | 'compliance' | 'compliance2', ConsoleClient> = {} as never;
const staffId: Record<string, number> = {};

beforeAll(async () => {
  db = await testDb();
  Object.assign(c, await logInRoles(['product', 'product2', 'compliance', 'compliance2'] as const));
  Object.assign(staffId, await demoStaffIds(db));
});
afterAll(async () => {
  await db.end();
});

// ---------------------------------------------------------------- helpers

const disclosureRow = (id: number) =>
  one(
    `SELECT id, product_version_id, revision, title, body, status, review_no, DATE_FORMAT(review_valid_from, '%Y-%m-%d') review_valid_from,
          DATE_FORMAT(review_valid_to, '%Y-%m-%d') review_valid_to, based_on_id, author_id, last_edited_by, approved_by
     FROM disclosure WHERE id = ?`,
    [id],
  );
const versionStatus = async (id: number) => (await one('SELECT status FROM product_version WHERE id = ?', [id])).status as string;
const transitionCount = async (subjectType: string, id: number) =>
  Number((await one('SELECT COUNT(*) n FROM lifecycle_transition WHERE subject_type = ? AND subject_id = ?', [subjectType, id])).n);
const cmd = (by: ConsoleClient, versionId: number, command: string, comment = '') => call(by, `${api}/ProductVersion/records/${versionId}/${command}`, { comment });

/**
 * A DEPOSIT product with one version that has a rate tier and is APPROVED
 * with no disclosure yet. The console no longer lets a version go to review
 * without its disclosure (they are submitted together: work-queue-api.test.ts),
 * so this state, which versions approved before that rule are in, is set in
 * the database; the disclosure's own review cycle is what these tests drive.
 */
async function approvedVersionWithoutDisclosure(): Promise<{ productId: number; versionId: number }> {
  const code = newCode();
  const p = must(await call(c.product, `${api}/Product/actions/new`, { code, name: `공시 시험 ${code}`, type: 'DEPOSIT', category: '정기예금', riskGrade: '6' }), 'new product');
  const productId = Number(p.params.id);
  const versionId = await newVersion(productId);
  await db.query("UPDATE product_version SET status = 'APPROVED', approved_by = ?, approved_at = UTC_TIMESTAMP(3) WHERE id = ?", [staffId.compliance, versionId]);
  return { productId, versionId };
}

async function newVersion(productId: number): Promise<number> {
  const v = must(await call(c.product, `${api}/ProductVersion/actions/new`, { productId: String(productId), validFrom: kst(-1) }), 'new version');
  const versionId = Number(v.params.id);
  must(await call(c.product, `${api}/RateTier/actions/new`, { productVersionId: String(versionId), termMonthsMin: '0', amountMin: '0', rateBp: '300' }), 'new tier');
  return versionId;
}

async function draftDisclosure(versionId: number, by: ConsoleClient = c.product, title = '상품설명서'): Promise<number> {
  const d = must(
    await call(by, `${api}/Disclosure/actions/new`, { productVersionId: String(versionId), title, body: '금리, 수수료, 중도해지 불이익과 예금자보호 여부를 안내합니다.' }),
    'new disclosure',
  );
  return Number(d.params.id);
}

const submit = (id: number, by: ConsoleClient = c.product) => call(by, `${api}/Disclosure/records/${id}/submit`, { comment: '' });
const review = (from = kst(-1), to = kst(365)) => ({ reviewNo: `준법-${run}-${++seq}`, reviewValidFrom: from, reviewValidTo: to, comment: '' });
const approve = (id: number, form: Record<string, string> = review(), by: ConsoleClient = c.compliance) => call(by, `${api}/Disclosure/records/${id}/approve`, form);

async function approvedDisclosure(versionId: number): Promise<number> {
  const id = await draftDisclosure(versionId);
  must(await submit(id), 'submit disclosure');
  must(await approve(id), 'approve disclosure');
  return id;
}

// ---------------------------------------------------------------- tests

test('a version is published only with an approved disclosure: submit -> compliance approves with review number and validity -> publish', async () => {
  const { productId, versionId } = await approvedVersionWithoutDisclosure();
  const refusedPublish = async () => {
    const before = await transitionCount('PRODUCT_VERSION', versionId);
    const o = await cmd(c.product, versionId, 'publish');
    expect([o.ok, o.message]).toEqual([false, '승인된 공시 문안이 없어 게시할 수 없습니다']);
    expect(await versionStatus(versionId)).toBe('APPROVED');
    expect(await transitionCount('PRODUCT_VERSION', versionId)).toBe(before);
  };
  await refusedPublish();

  const d = await draftDisclosure(versionId);
  expect(await disclosureRow(d)).toMatchObject({ status: 'DRAFT', revision: 1, author_id: staffId.product, review_no: null });
  await refusedPublish();

  must(await submit(d), 'submit');
  expect((await disclosureRow(d)).status).toBe('PENDING_REVIEW');
  await refusedPublish();

  const form = review(kst(-1), kst(180));
  const ok = await approve(d, { ...form, comment: '표현 적정' });
  expect([ok.ok, ok.message]).toEqual([true, 'disclosure_approve_done']);
  expect(await disclosureRow(d)).toMatchObject({
    status: 'APPROVED',
    review_no: form.reviewNo,
    review_valid_from: kst(-1),
    review_valid_to: kst(180),
    approved_by: staffId.compliance,
  });
  expect(await rows("SELECT from_status, to_status, actor_email, comment FROM lifecycle_transition WHERE subject_type = 'DISCLOSURE' AND subject_id = ? ORDER BY id", [d])).toEqual(
    [
      { from_status: null, to_status: 'DRAFT', actor_email: 'product@demo.bank', comment: 'r1 작성' },
      { from_status: 'DRAFT', to_status: 'PENDING_REVIEW', actor_email: 'product@demo.bank', comment: null },
      { from_status: 'PENDING_REVIEW', to_status: 'APPROVED', actor_email: 'compliance@demo.bank', comment: `심의필 ${form.reviewNo} (${kst(-1)}~${kst(180)}) 표현 적정` },
    ],
  );

  must(await cmd(c.product, versionId, 'publish'), 'publish');
  expect(await versionStatus(versionId)).toBe('PUBLISHED');
  const overview = (await call(c.compliance, `${api}/Product/records/${productId}/overview`)).raw.overview;
  expect(overview.versions[0].disclosures).toEqual([expect.objectContaining({ id: d, status: 'APPROVED', reviewNo: form.reviewNo, reviewValidTo: kst(180) })]);
});

test('approval is refused without a review number, with an end before the start, with an already expired or impossible period; nothing changes', async () => {
  const { versionId } = await approvedVersionWithoutDisclosure();
  const d = await draftDisclosure(versionId);
  must(await submit(d), 'submit');
  const before = await disclosureRow(d);
  const transitions = await transitionCount('DISCLOSURE', d);
  const year = Number(kst(0).slice(0, 4)) + 1;

  const cases: Array<[string, Record<string, string>, string, string]> = [
    ['no review number', { ...review(), reviewNo: '' }, 'reviewNo', '심의필 번호를 입력하세요'],
    ['a blank review number', { ...review(), reviewNo: '   ' }, 'reviewNo', '심의필 번호를 입력하세요'],
    ['no start date', { ...review(), reviewValidFrom: '' }, 'reviewValidFrom', '시작일을 YYYY-MM-DD로'],
    ['a malformed end date', { ...review(), reviewValidTo: '31/12/2027' }, 'reviewValidTo', '종료일을 YYYY-MM-DD로'],
    ['an end before the start', review(kst(30), kst(10)), 'reviewValidTo', '유효기간 종료일이 시작일보다 빠릅니다'],
    ['an expired period', review(kst(-60), kst(-1)), 'reviewValidTo', '이미 만료된 유효기간으로는 승인할 수 없습니다'],
    ['an impossible end date (Feb 30)', review(kst(-1), `${year}-02-30`), 'reviewValidTo', '종료일을 YYYY-MM-DD로'],
  ];
  const failures: string[] = [];
  for (const [label, form, fieldName, text] of cases) {
    const r = await c.compliance.request(`${api}/Disclosure/records/${d}/approve`, { form });
    const j = r.status === 200 ? r.json() : null;
    const fieldError = j?.record?.errors?.[fieldName]?.message as string | undefined;
    if (!(j?.notice?.type === 'error' && fieldError?.includes(text) && String(j.notice.message).includes(text))) {
      failures.push(`${label}: HTTP ${r.status}, notice ${JSON.stringify(j?.notice)}, errors ${JSON.stringify(j?.record?.errors)}`);
    }
  }
  expect(await disclosureRow(d)).toEqual(before);
  expect(await transitionCount('DISCLOSURE', d)).toBe(transitions);
  expect(failures).toEqual([]);
});

test('maker-checker: product managers cannot approve disclosures; a checker who wrote or last edited the text cannot either', async () => {
  const { versionId } = await approvedVersionWithoutDisclosure();
  const d = await draftDisclosure(versionId);
  must(await submit(d), 'submit');

  for (const who of [c.product, c.product2]) {
    const o = await approve(d, review(), who);
    expect([o.forbidden, o.ok]).toEqual([true, false]);
    const r = await call(who, `${api}/Disclosure/records/${d}/reject`, { comment: '자기 반려' });
    expect(r.forbidden).toBe(true);
  }
  expect((await disclosureRow(d)).status).toBe('PENDING_REVIEW');

  await db.query('UPDATE disclosure SET author_id = ? WHERE id = ?', [staffId.compliance, d]);
  let o = await approve(d);
  expect([o.ok, o.forbidden]).toEqual([false, false]);
  expect(o.message).toContain('maker-checker');
  await db.query('UPDATE disclosure SET author_id = ?, last_edited_by = ? WHERE id = ?', [staffId.product, staffId.compliance, d]);
  o = await approve(d);
  expect(o.ok).toBe(false);
  expect(o.message).toContain('maker-checker');
  expect(await disclosureRow(d)).toMatchObject({ status: 'PENDING_REVIEW', approved_by: null, review_no: null });

  must(await approve(d, review(), c.compliance2), 'approve by compliance2');
  expect(await disclosureRow(d)).toMatchObject({ status: 'APPROVED', approved_by: staffId.compliance2 });
});

test('the pure disclosure rule refuses author == approver and last editor == approver', () => {
  const d: DisclosureState = { status: 'PENDING_REVIEW', authorId: 5, lastEditedBy: 6 };
  const r = { reviewNo: '준법-2026-001', reviewValidFrom: '2026-01-01', reviewValidTo: '2026-12-31' };
  expect(decideDisclosureCommand('approve', d, 5, r, '2026-06-01', '')).toMatchObject({ ok: false, message: expect.stringContaining('maker-checker') });
  expect(decideDisclosureCommand('approve', d, 6, r, '2026-06-01', '')).toMatchObject({ ok: false, message: expect.stringContaining('maker-checker') });
  expect(decideDisclosureCommand('approve', d, 7, r, '2026-06-01', '')).toEqual({ ok: true, to: 'APPROVED' });
});

test('editing an approved text creates a new DRAFT revision and leaves the approved one as it was; approving the revision supersedes it', async () => {
  const { versionId } = await approvedVersionWithoutDisclosure();
  const r1 = await approvedDisclosure(versionId);
  const approvedBefore = await disclosureRow(r1);

  const edit = await call(c.product2, `${api}/Disclosure/records/${r1}/edit`, {
    title: '상품설명서 (개정)',
    body: '개정된 금리, 수수료, 중도해지 불이익과 예금자보호 여부를 안내합니다.',
  });
  expect(edit.ok).toBe(true);
  const r2 = Number(edit.params.id);
  expect(r2).not.toBe(r1);
  expect(await disclosureRow(r2)).toMatchObject({
    product_version_id: versionId,
    revision: 2,
    status: 'DRAFT',
    based_on_id: r1,
    title: '상품설명서 (개정)',
    author_id: staffId.product2,
    last_edited_by: staffId.product2,
    review_no: null,
    approved_by: null,
  });
  expect(await disclosureRow(r1)).toEqual(approvedBefore);
  expect(await one("SELECT from_status, to_status, comment FROM lifecycle_transition WHERE subject_type = 'DISCLOSURE' AND subject_id = ?", [r2])).toEqual({
    from_status: null,
    to_status: 'DRAFT',
    comment: '승인된 r1을(를) 수정하여 새 초안 r2 작성',
  });

  // The draft revision does not affect what is published: r1 still counts.
  must(await cmd(c.product, versionId, 'publish'), 'publish with r1');

  // A draft revision is edited in place (no r3).
  must(
    await call(c.product2, `${api}/Disclosure/records/${r2}/edit`, { title: '상품설명서 (개정 2)', body: '개정된 금리, 수수료, 중도해지 불이익과 예금자보호 여부를 안내합니다.' }),
    'edit draft',
  );
  expect(await disclosureRow(r2)).toMatchObject({ revision: 2, title: '상품설명서 (개정 2)', status: 'DRAFT' });
  expect(Number((await one('SELECT COUNT(*) n FROM disclosure WHERE product_version_id = ?', [versionId])).n)).toBe(2);

  must(await submit(r2, c.product2), 'submit r2');
  const form = review(kst(0), kst(400));
  must(await approve(r2, form), 'approve r2');
  expect(await disclosureRow(r2)).toMatchObject({ status: 'APPROVED', review_no: form.reviewNo });
  expect(await disclosureRow(r1)).toEqual({ ...approvedBefore, status: 'SUPERSEDED' });
  expect(Number((await one("SELECT COUNT(*) n FROM disclosure WHERE product_version_id = ? AND status = 'APPROVED'", [versionId])).n)).toBe(1);
  expect(
    await one("SELECT from_status, to_status, actor_email, comment FROM lifecycle_transition WHERE subject_type = 'DISCLOSURE' AND subject_id = ? ORDER BY id DESC LIMIT 1", [r1]),
  ).toEqual({ from_status: 'APPROVED', to_status: 'SUPERSEDED', actor_email: 'compliance@demo.bank', comment: 'r2 승인으로 대체됨' });

  // A superseded text is history: it cannot be edited.
  const old = await call(c.product, `${api}/Disclosure/records/${r1}/edit`, { title: '옛 문안 수정', body: '대체된 문안을 고치려는 시도입니다.' });
  expect([old.ok, old.message]).toEqual([false, '대체된 과거 문안은 수정할 수 없습니다']);
  expect(Number((await one('SELECT COUNT(*) n FROM disclosure WHERE product_version_id = ?', [versionId])).n)).toBe(2);
});

test('a text under review cannot be edited; a rejection needs a reason and returns it to DRAFT, where it is edited in place', async () => {
  const { versionId } = await approvedVersionWithoutDisclosure();
  const d = await draftDisclosure(versionId);
  must(await submit(d), 'submit');
  const before = await disclosureRow(d);

  const edit = await call(c.product, `${api}/Disclosure/records/${d}/edit`, { title: '심의 중 수정', body: '심의 중인 문안을 고치려는 시도입니다.' });
  expect([edit.ok, edit.message]).toEqual([false, '심의 중인 문안은 수정할 수 없습니다. 반려된 뒤 수정하세요']);
  expect(await disclosureRow(d)).toEqual(before);
  expect(Number((await one('SELECT COUNT(*) n FROM disclosure WHERE product_version_id = ?', [versionId])).n)).toBe(1);

  const noReason = await call(c.compliance, `${api}/Disclosure/records/${d}/reject`, { comment: '' });
  expect([noReason.ok, noReason.message]).toEqual([false, '반려 사유를 입력하세요']);
  expect(noReason.errors.comment?.message).toBe('반려 사유를 입력하세요');
  expect((await disclosureRow(d)).status).toBe('PENDING_REVIEW');

  must(await call(c.compliance, `${api}/Disclosure/records/${d}/reject`, { comment: '원금손실 문구 누락' }), 'reject');
  expect((await disclosureRow(d)).status).toBe('DRAFT');
  must(
    await call(c.product, `${api}/Disclosure/records/${d}/edit`, { title: '상품설명서', body: '원금손실 가능성, 금리, 수수료와 예금자보호 여부를 안내합니다.' }),
    'edit after reject',
  );
  expect(await disclosureRow(d)).toMatchObject({ id: d, revision: 1, status: 'DRAFT', body: '원금손실 가능성, 금리, 수수료와 예금자보호 여부를 안내합니다.' });
});

test('an expired review blocks publishing and resuming, with a message naming the expiry', async () => {
  // v1 is published and then suspended; v2 is approved with its own approved disclosure.
  const { productId, versionId: v1 } = await approvedVersionWithoutDisclosure();
  const d1 = await approvedDisclosure(v1);
  must(await cmd(c.product, v1, 'publish'), 'publish v1');
  must(await cmd(c.compliance, v1, 'suspend', '심의 기간 점검'), 'suspend v1');
  const v2 = await newVersion(productId);
  const d2 = await approvedDisclosure(v2);
  must(await cmd(c.product, v2, 'submit'), 'submit v2');
  must(await cmd(c.compliance, v2, 'approve'), 'approve v2');

  const expire = (id: number, to: string) => db.query('UPDATE disclosure SET review_valid_from = ?, review_valid_to = ? WHERE id = ?', [kst(-400), to, id]);
  await expire(d2, kst(-1));
  await expire(d1, kst(-1));
  const before = [await transitionCount('PRODUCT_VERSION', v1), await transitionCount('PRODUCT_VERSION', v2)];

  const publish = await cmd(c.product, v2, 'publish');
  expect(publish.ok).toBe(false);
  expect(publish.message).toContain(`유효기간이 ${kst(-1)}에 만료되어 게시할 수 없습니다`);
  const resume = await cmd(c.product, v1, 'resume', '재개');
  expect(resume.ok).toBe(false);
  expect(resume.message).toContain('만료');
  expect([await versionStatus(v1), await versionStatus(v2)]).toEqual(['SUSPENDED', 'APPROVED']);
  expect([await transitionCount('PRODUCT_VERSION', v1), await transitionCount('PRODUCT_VERSION', v2)]).toEqual(before);

  // Valid through today is still valid: the refusal was the expiry.
  await expire(d1, kst(0));
  must(await cmd(c.product, v1, 'resume', '재개'), 'resume with a review valid today');
  expect(await versionStatus(v1)).toBe('PUBLISHED');
});
