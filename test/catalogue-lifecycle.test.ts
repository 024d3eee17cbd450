import type { Connection } from 'mysql2/promise';
import type { ConsoleClient } from './support/console-client.js';
import { testDb, queries } from './support/db.js';
import { api, kst, call, must } from './support/console-api.js';
import { logInRoles, demoStaffIds } from './support/demo-staff.js';
import { decideVersionCommand, type VersionFacts } from '../resources/product/version-lifecycle.rules.js';

/**
 * The product catalogue's maker-checker lifecycle, through the console's API
 * as each role would use it: product managers make (products, versions, rate
 * tables, disclosures), compliance checks (approve/reject). Every refused step
 * is also checked in the database: nothing changed, no transition row.
 */

const run = `T${Date.now() % 1e6}`;
let seq = 0;
const newCode = () => `${run}-C${++seq}`;

let db: Connection;
const { rows, one } = queries(() => db);
const c: Record<'product' | 'product2' | 'compliance' | 'compliance2' | 'marketer' | 'banker' | 'manager', ConsoleClient> = {} as never;
const staffId: Record<string, number> = {};

beforeAll(async () => {
  db = await testDb();
  Object.assign(c, await logInRoles(['product', 'product2', 'compliance', 'compliance2', 'marketer', 'banker', 'manager'] as const));
  Object.assign(staffId, await demoStaffIds(db));
});
afterAll(async () => {
  await db.end();
});

// ---------------------------------------------------------------- helpers

const versionRow = (id: number) =>
  one<{ status: string; conditions: string | null; approved_by: number | null; author_id: number; last_edited_by: number }>('SELECT * FROM product_version WHERE id = ?', [id]);
const versionStatus = async (id: number) => (await versionRow(id)).status;
const transitionCount = async (subjectType: string, id: number) =>
  Number((await one('SELECT COUNT(*) n FROM lifecycle_transition WHERE subject_type = ? AND subject_id = ?', [subjectType, id])).n);

async function newProduct(fields: Record<string, string> = {}): Promise<{ id: number; code: string }> {
  const code = newCode();
  const o = must(
    await call(c.product, `${api}/Product/actions/new`, { code, name: `시험 상품 ${code}`, type: 'DEPOSIT', category: '정기예금', riskGrade: '6', ...fields }),
    'new product',
  );
  return { id: Number(o.params.id), code };
}

async function newVersion(productId: number, by: ConsoleClient = c.product, fields: Record<string, string> = {}): Promise<number> {
  const o = must(await call(by, `${api}/ProductVersion/actions/new`, { productId: String(productId), validFrom: kst(-1), conditions: '영업점 가입', ...fields }), 'new version');
  return Number(o.params.id);
}

async function addTier(versionId: number, rateBp = '350'): Promise<number> {
  const o = must(
    await call(c.product, `${api}/RateTier/actions/new`, {
      productVersionId: String(versionId),
      termMonthsMin: '1',
      termMonthsMax: '12',
      amountMin: '1,000,000',
      amountMax: '',
      rateBp,
    }),
    'new tier',
  );
  return Number(o.params.id);
}

const cmd = (by: ConsoleClient, versionId: number, command: string, comment = '') => call(by, `${api}/ProductVersion/records/${versionId}/${command}`, { comment });

async function approvedDisclosure(versionId: number): Promise<number> {
  const d = must(
    await call(c.product, `${api}/Disclosure/actions/new`, {
      productVersionId: String(versionId),
      title: '상품설명서',
      body: '금리, 수수료, 중도해지 불이익과 예금자보호 여부를 안내합니다.',
    }),
    'new disclosure',
  );
  const id = Number(d.params.id);
  must(await call(c.product, `${api}/Disclosure/records/${id}/submit`, { comment: '' }), 'submit disclosure');
  must(
    await call(c.compliance, `${api}/Disclosure/records/${id}/approve`, { reviewNo: `${run}-심의-${++seq}`, reviewValidFrom: kst(-1), reviewValidTo: kst(365), comment: '' }),
    'approve disclosure',
  );
  return id;
}

/** A version taken through draft -> pending -> approved, with a rate tier and an approved disclosure. */
async function approvedVersion(productId: number): Promise<number> {
  const v = await newVersion(productId);
  await addTier(v);
  await approvedDisclosure(v);
  must(await cmd(c.product, v, 'submit'), 'submit');
  must(await cmd(c.compliance, v, 'approve', '승인'), 'approve');
  return v;
}

async function publishedVersion(productId: number): Promise<number> {
  const v = await approvedVersion(productId);
  must(await cmd(c.product, v, 'publish'), 'publish');
  return v;
}

// ---------------------------------------------------------------- products

describe('products', () => {
  test.each([
    ['a bad code', { code: 'bad code!' }, 'code', '상품코드는 영문 대문자'],
    ['risk grade 7', { riskGrade: '7' }, 'riskGrade', '6 이하'],
    ['no type', { type: undefined }, 'type', '상품유형을 선택하세요'],
    ['an unknown type', { type: 'CRYPTO' }, 'type', '상품유형이 올바르지 않습니다'],
    ['an image URL that is not a URL', { imageUrl: 'not a url' }, 'imageUrl', '이미지 주소'],
    ['an image URL that is not http(s)', { imageUrl: 'javascript:alert(1)' }, 'imageUrl', '이미지 주소'],
  ] as Array<[string, Record<string, string | undefined>, string, string]>)(
    'a product with %s is refused with a field error and nothing is stored',
    async (_label, change, fieldName, text) => {
      const code = newCode();
      const o = await call(c.product, `${api}/Product/actions/new`, {
        code,
        name: '시험 상품',
        type: 'FUND',
        category: '주식형',
        riskGrade: '3',
        imageUrl: 'https://cdn.example.com/p.png',
        ...change,
      });
      expect(o.ok).toBe(false);
      expect(o.raw.notice.type).toBe('error');
      expect(o.errors[fieldName]?.message).toContain(text);
      const stored = await rows('SELECT id FROM product WHERE code IN (?, ?)', [code, change.code ?? code]);
      expect(stored).toHaveLength(0);
    },
  );

  test('a valid product is stored; a duplicate code is refused on the code field; the code cannot be changed later', async () => {
    const code = newCode();
    const ok = must(
      await call(c.product, `${api}/Product/actions/new`, {
        code,
        name: '시험 펀드',
        type: 'FUND',
        category: '주식형',
        riskGrade: '3',
        imageUrl: 'https://cdn.example.com/p.png',
        tags: '해외,연금',
      }),
      'create',
    );
    const id = Number(ok.params.id);
    expect(await one('SELECT code, type, risk_grade, image_url, created_by FROM product WHERE id = ?', [id])).toEqual({
      code,
      type: 'FUND',
      risk_grade: 3,
      image_url: 'https://cdn.example.com/p.png',
      created_by: staffId.product,
    });

    for (const dup of [code, 'DP-001']) {
      const o = await call(c.product2, `${api}/Product/actions/new`, { code: dup, name: '중복 상품', type: 'DEPOSIT', category: '예금', riskGrade: '6' });
      expect(o.ok).toBe(false);
      expect(o.errors.code).toMatchObject({ type: 'duplicate' });
      expect(o.errors.code!.message).toContain(dup);
      expect(Number((await one('SELECT COUNT(*) n FROM product WHERE code = ?', [dup])).n)).toBe(1);
    }

    const edit = await call(c.product, `${api}/Product/records/${id}/edit`, { code: `${code}X`, name: '시험 펀드' });
    expect(edit.ok).toBe(false);
    expect(edit.errors.code?.type).toBe('immutable');
    expect((await one('SELECT code FROM product WHERE id = ?', [id])).code).toBe(code);
  });
});

// ---------------------------------------------------------------- version lifecycle

describe('version lifecycle', () => {
  test('draft -> pending -> approved -> published -> suspended -> published (resume) -> terminated; each step is one transition row and the overview lists them', async () => {
    const p = await newProduct();
    const v = await newVersion(p.id);
    expect(await versionStatus(v)).toBe('DRAFT');
    await addTier(v);
    await approvedDisclosure(v);

    const steps: Array<[keyof typeof c, string, string, string]> = [
      ['product', 'submit', '검토 요청합니다', 'PENDING_APPROVAL'],
      ['compliance', 'approve', '금리표 확인', 'APPROVED'],
      ['product', 'publish', '', 'PUBLISHED'],
      ['compliance', 'suspend', '민원 점검', 'SUSPENDED'],
      ['product', 'resume', '점검 완료', 'PUBLISHED'],
      ['product', 'terminate', '판매 종료', 'TERMINATED'],
    ];
    for (const [role, command, comment, to] of steps) {
      const o = await cmd(c[role], v, command, comment);
      expect([command, o.ok, o.message]).toEqual([command, true, `version_${command}_done`]);
      expect(o.params.status).toBe(to);
      expect([command, await versionStatus(v)]).toEqual([command, to]);
    }
    const row = await versionRow(v);
    expect(row.approved_by).toBe(staffId.compliance);

    const expected = [
      [null, 'DRAFT', 'product@demo.bank', 'v1 작성'],
      ['DRAFT', 'PENDING_APPROVAL', 'product@demo.bank', '검토 요청합니다'],
      ['PENDING_APPROVAL', 'APPROVED', 'compliance@demo.bank', '금리표 확인'],
      ['APPROVED', 'PUBLISHED', 'product@demo.bank', null],
      ['PUBLISHED', 'SUSPENDED', 'compliance@demo.bank', '민원 점검'],
      ['SUSPENDED', 'PUBLISHED', 'product@demo.bank', '점검 완료'],
      ['PUBLISHED', 'TERMINATED', 'product@demo.bank', '판매 종료'],
    ];
    const stored = await rows(
      "SELECT from_status, to_status, actor_email, actor_id, comment, product_id FROM lifecycle_transition WHERE subject_type = 'PRODUCT_VERSION' AND subject_id = ? ORDER BY id",
      [v],
    );
    expect(stored.map((t) => [t.from_status, t.to_status, t.actor_email, t.comment])).toEqual(expected);
    expect(stored.every((t) => t.product_id === p.id && t.actor_id === staffId[t.actor_email.split('@')[0]])).toBe(true);

    // The overview (the product page) returns the same history, newest first, and the version with its tier and disclosure.
    for (const reader of [c.product, c.marketer]) {
      const overview = (await call(reader, `${api}/Product/records/${p.id}/overview`)).raw.overview;
      const history = overview.transitions.filter((t: any) => t.subjectType === 'PRODUCT_VERSION' && t.subjectId === v).reverse();
      expect(history.map((t: any) => [t.fromStatus, t.toStatus, t.actorEmail, t.comment])).toEqual(expected);
      expect(overview.transitions.filter((t: any) => t.subjectType === 'DISCLOSURE').map((t: any) => t.toStatus)).toEqual(['APPROVED', 'PENDING_REVIEW', 'DRAFT']);
      expect(overview.versions).toHaveLength(1);
      expect(overview.versions[0]).toMatchObject({ id: v, versionNo: 1, status: 'TERMINATED' });
      expect(overview.versions[0].tiers).toHaveLength(1);
      expect(overview.versions[0].disclosures).toHaveLength(1);
    }
  });

  test('steps that do not apply to the current state are refused and change nothing', async () => {
    const p = await newProduct();
    const v = await newVersion(p.id);
    await addTier(v);
    await approvedDisclosure(v);

    const snapshot = () =>
      one(
        "SELECT v.status, v.updated_at, (SELECT COUNT(*) FROM lifecycle_transition t WHERE t.subject_type = 'PRODUCT_VERSION' AND t.subject_id = v.id) transitions FROM product_version v WHERE v.id = ?",
        [v],
      );
    const refuse = async (by: ConsoleClient, command: string, status: string, text: string) => {
      const before = await snapshot();
      expect(before.status).toBe(status);
      const o = await cmd(by, v, command, '충분한 사유');
      expect([command, status, o.ok, o.forbidden]).toEqual([command, status, false, false]);
      expect(o.message).toContain(text);
      expect(await snapshot()).toEqual(before);
    };

    // From DRAFT: only submit.
    await refuse(c.product, 'publish', 'DRAFT', '초안 상태에서는 이 작업(publish)');
    await refuse(c.compliance, 'approve', 'DRAFT', '초안 상태에서는 이 작업(approve)');
    await refuse(c.compliance, 'reject', 'DRAFT', '초안 상태에서는');
    await refuse(c.product, 'terminate', 'DRAFT', '초안 상태에서는 이 작업(terminate)');
    await refuse(c.product, 'suspend', 'DRAFT', '초안 상태에서는');
    await refuse(c.product, 'resume', 'DRAFT', '초안 상태에서는');

    must(await cmd(c.product, v, 'submit'), 'submit');
    await refuse(c.product, 'submit', 'PENDING_APPROVAL', '승인대기 상태에서는');
    await refuse(c.product, 'publish', 'PENDING_APPROVAL', '승인대기 상태에서는');

    must(await cmd(c.compliance, v, 'approve'), 'approve');
    await refuse(c.compliance, 'approve', 'APPROVED', '승인 상태에서는');
    await refuse(c.product, 'suspend', 'APPROVED', '승인 상태에서는');

    must(await cmd(c.product, v, 'publish'), 'publish');
    await refuse(c.product, 'publish', 'PUBLISHED', '게시 상태에서는');
    await refuse(c.product, 'resume', 'PUBLISHED', '게시 상태에서는');

    must(await cmd(c.product, v, 'terminate', '판매 종료'), 'terminate');
    // After TERMINATED nothing at all, whoever asks.
    for (const [by, command] of [
      [c.product, 'submit'],
      [c.compliance, 'approve'],
      [c.compliance, 'reject'],
      [c.product, 'publish'],
      [c.compliance, 'suspend'],
      [c.product, 'resume'],
      [c.product, 'terminate'],
    ] as Array<[ConsoleClient, string]>) {
      await refuse(by, command, 'TERMINATED', '종료된 버전은 더 이상 변경할 수 없습니다');
    }
  });

  test('suspend and terminate need a reason', async () => {
    const p = await newProduct();
    const v = await publishedVersion(p.id);
    const before = await transitionCount('PRODUCT_VERSION', v);
    for (const command of ['suspend', 'terminate']) {
      const o = await cmd(c.product, v, command, ' ');
      expect([command, o.ok, o.message]).toEqual([command, false, '사유를 입력하세요']);
    }
    expect(await versionStatus(v)).toBe('PUBLISHED');
    expect(await transitionCount('PRODUCT_VERSION', v)).toBe(before);
  });

  test('a DEPOSIT version cannot be submitted without rate tiers nor without its disclosure; with both it can', async () => {
    const p = await newProduct({ type: 'DEPOSIT' });
    const v = await newVersion(p.id);
    const o = await cmd(c.product, v, 'submit');
    expect(o.ok).toBe(false);
    // Every reason at once.
    expect(o.message).toBe('금리 구간을 하나 이상 등록한 뒤 승인 요청하세요 · 공시 문안(상품설명서)을 작성한 뒤 승인 요청하세요');
    expect(await versionStatus(v)).toBe('DRAFT');
    expect(await transitionCount('PRODUCT_VERSION', v)).toBe(1);

    await addTier(v);
    expect((await cmd(c.product, v, 'submit')).message).toBe('공시 문안(상품설명서)을 작성한 뒤 승인 요청하세요');
    await approvedDisclosure(v);
    must(await cmd(c.product, v, 'submit'), 'submit with a tier');
    expect(await versionStatus(v)).toBe('PENDING_APPROVAL');

    // The rate-table rule is about rated products: a card has no rate table (but its disclosure all the same).
    const card = await newProduct({ type: 'CARD', category: '체크카드' });
    const cv = await newVersion(card.id);
    await approvedDisclosure(cv);
    must(await cmd(c.product, cv, 'submit'), 'submit a card version');
  });

  test('maker-checker: product managers cannot approve or reject; the author or last editor of a version cannot approve it', async () => {
    const p = await newProduct();
    const v = await newVersion(p.id);
    await addTier(v);
    await approvedDisclosure(v);
    must(await cmd(c.product, v, 'submit'), 'submit');
    const before = await transitionCount('PRODUCT_VERSION', v);

    // (a) The maker's role has no approve ability at all: neither the author nor another product manager.
    for (const [who, command] of [
      [c.product, 'approve'],
      [c.product2, 'approve'],
      [c.product, 'reject'],
    ] as Array<[ConsoleClient, string]>) {
      const o = await cmd(who, v, command, '자기 승인');
      expect(o.forbidden).toBe(true);
      expect(o.ok).toBe(false);
    }
    expect(await versionRow(v)).toMatchObject({ status: 'PENDING_APPROVAL', approved_by: null });

    // (b) A checker who authored or last edited the version is refused by the service (the rule sees who is acting).
    await db.query('UPDATE product_version SET author_id = ? WHERE id = ?', [staffId.compliance, v]);
    let o = await cmd(c.compliance, v, 'approve');
    expect([o.ok, o.forbidden]).toEqual([false, false]);
    expect(o.message).toContain('작성자는 자신이 만든 버전을 승인할 수 없습니다');
    await db.query('UPDATE product_version SET author_id = ?, last_edited_by = ? WHERE id = ?', [staffId.product, staffId.compliance, v]);
    o = await cmd(c.compliance, v, 'approve');
    expect(o.ok).toBe(false);
    expect(o.message).toContain('마지막으로 수정한 직원은 이 버전을 승인할 수 없습니다');
    expect(await versionRow(v)).toMatchObject({ status: 'PENDING_APPROVAL', approved_by: null });
    expect(await transitionCount('PRODUCT_VERSION', v)).toBe(before);

    // Another checker may.
    must(await cmd(c.compliance2, v, 'approve'), 'approve by compliance2');
    expect(await versionRow(v)).toMatchObject({ status: 'APPROVED', approved_by: staffId.compliance2 });
  });

  test('the pure maker-checker rule: author == approver and last editor == approver are refused', () => {
    const facts: VersionFacts = {
      status: 'PENDING_APPROVAL',
      authorId: 7,
      lastEditedBy: 8,
      validFrom: '2026-01-01',
      validTo: null,
      productType: 'DEPOSIT',
      tierCount: 1,
      otherPublishedVersionNo: null,
    };
    expect(decideVersionCommand('approve', facts, 7, null, '2026-06-01', '')).toMatchObject({ ok: false, message: expect.stringContaining('maker-checker') });
    expect(decideVersionCommand('approve', facts, 8, null, '2026-06-01', '')).toMatchObject({ ok: false, message: expect.stringContaining('maker-checker') });
    expect(decideVersionCommand('approve', facts, 9, null, '2026-06-01', '')).toEqual({ ok: true, to: 'APPROVED' });
  });

  test('reject needs a reason and sends the version back to DRAFT, where it can be edited and resubmitted', async () => {
    const p = await newProduct();
    const v = await newVersion(p.id);
    await addTier(v);
    await approvedDisclosure(v);
    must(await cmd(c.product, v, 'submit'), 'submit');
    const before = await transitionCount('PRODUCT_VERSION', v);

    for (const comment of ['', ' x ']) {
      const o = await cmd(c.compliance, v, 'reject', comment);
      expect([o.ok, o.message]).toEqual([false, '사유를 입력하세요']);
    }
    expect(await versionStatus(v)).toBe('PENDING_APPROVAL');
    expect(await transitionCount('PRODUCT_VERSION', v)).toBe(before);

    const o = await cmd(c.compliance, v, 'reject', '우대금리 조건 보완 필요');
    expect(o.ok).toBe(true);
    expect(await versionRow(v)).toMatchObject({ status: 'DRAFT', approved_by: null });
    expect(
      await rows(
        "SELECT from_status, to_status, actor_email, comment FROM lifecycle_transition WHERE subject_type = 'PRODUCT_VERSION' AND subject_id = ? ORDER BY id DESC LIMIT 1",
        [v],
      ),
    ).toEqual([{ from_status: 'PENDING_APPROVAL', to_status: 'DRAFT', actor_email: 'compliance@demo.bank', comment: '우대금리 조건 보완 필요' }]);

    must(await call(c.product2, `${api}/ProductVersion/records/${v}/edit`, { validFrom: kst(-1), conditions: '우대금리: 급여이체 0.2%p' }), 'edit after reject');
    expect(await versionRow(v)).toMatchObject({ conditions: '우대금리: 급여이체 0.2%p', last_edited_by: staffId.product2 });
    must(await cmd(c.product2, v, 'submit'), 'resubmit');
    expect(await versionStatus(v)).toBe('PENDING_APPROVAL');
  });

  test('a non-draft version is read-only: the version and its rate tiers cannot be edited, added to or deleted', async () => {
    const p = await newProduct();
    const v = await publishedVersion(p.id);
    const [tier] = await rows<{ id: number; rate_bp: number }>('SELECT id, rate_bp FROM product_rate_tier WHERE product_version_id = ?', [v]);
    const before = await versionRow(v);

    const edit = await call(c.product, `${api}/ProductVersion/records/${v}/edit`, { validFrom: kst(-1), conditions: '몰래 바꾼 조건' });
    expect(edit.ok).toBe(false);
    expect(edit.message).toContain('초안(DRAFT) 상태의 버전만 수정할 수 있습니다');
    const del = await call(c.product, `${api}/ProductVersion/records/${v}/delete`, { confirm: 'true' });
    expect(del.ok).toBe(false);
    expect(del.message).toContain('초안만 삭제할 수 있습니다');
    expect(await versionRow(v)).toEqual(before);

    const add = await call(c.product, `${api}/RateTier/actions/new`, { productVersionId: String(v), termMonthsMin: '12', termMonthsMax: '24', amountMin: '0', rateBp: '900' });
    expect(add.ok).toBe(false);
    expect(add.message).toContain('초안(DRAFT) 버전의 금리표만 바꿀 수 있습니다');
    const change = await call(c.product, `${api}/RateTier/records/${tier!.id}/edit`, { termMonthsMin: '1', termMonthsMax: '12', amountMin: '1000000', rateBp: '999' });
    expect(change.ok).toBe(false);
    expect(change.message).toContain('초안(DRAFT) 버전의 금리표만');
    const remove = await call(c.product, `${api}/RateTier/records/${tier!.id}/delete`, { confirm: 'true' });
    expect(remove.ok).toBe(false);
    expect(remove.message).toContain('초안(DRAFT) 버전의 금리표만');
    expect(await rows('SELECT id, rate_bp FROM product_rate_tier WHERE product_version_id = ?', [v])).toEqual([tier]);
  });

  test('a rate tier of a non-draft version cannot be moved into a draft by editing its productVersionId', async () => {
    const p = await newProduct();
    const published = await publishedVersion(p.id);
    const draft = await newVersion(p.id);
    const [tier] = await rows<{ id: number }>('SELECT id FROM product_rate_tier WHERE product_version_id = ?', [published]);
    // The AdminJS edit form posts productVersionId with every edit; pointing it at a draft must not bypass the check.
    const o = await call(c.product, `${api}/RateTier/records/${tier!.id}/edit`, {
      productVersionId: String(draft),
      termMonthsMin: '1',
      termMonthsMax: '12',
      amountMin: '1000000',
      rateBp: '350',
    });
    expect(o.ok).toBe(false);
    expect((await one('SELECT product_version_id FROM product_rate_tier WHERE id = ?', [tier!.id])).product_version_id).toBe(published);
  });

  test('publishing v2 terminates the published v1 in the same step: exactly one PUBLISHED version; the database refuses a second one', async () => {
    const p = await newProduct();
    const v1 = await publishedVersion(p.id);
    const v2 = await approvedVersion(p.id);
    expect([await versionStatus(v1), await versionStatus(v2)]).toEqual(['PUBLISHED', 'APPROVED']);

    must(await cmd(c.product, v2, 'publish', 'v2 판매 개시'), 'publish v2');
    expect(await rows('SELECT id, version_no, status FROM product_version WHERE product_id = ? ORDER BY version_no', [p.id])).toEqual([
      { id: v1, version_no: 1, status: 'TERMINATED' },
      { id: v2, version_no: 2, status: 'PUBLISHED' },
    ]);
    const [retired, published] = await Promise.all([
      one(
        "SELECT from_status, to_status, actor_email, comment, occurred_at FROM lifecycle_transition WHERE subject_type = 'PRODUCT_VERSION' AND subject_id = ? ORDER BY id DESC LIMIT 1",
        [v1],
      ),
      one(
        "SELECT from_status, to_status, actor_email, comment, occurred_at FROM lifecycle_transition WHERE subject_type = 'PRODUCT_VERSION' AND subject_id = ? ORDER BY id DESC LIMIT 1",
        [v2],
      ),
    ]);
    expect(retired).toMatchObject({ from_status: 'PUBLISHED', to_status: 'TERMINATED', actor_email: 'product@demo.bank', comment: 'v2 게시로 대체됨' });
    expect(published).toMatchObject({ from_status: 'APPROVED', to_status: 'PUBLISHED', comment: 'v2 판매 개시' });
    expect(retired.occurred_at).toEqual(published.occurred_at);

    // The unique key on the generated published_product_id column holds even against direct SQL.
    await expect(db.query("UPDATE product_version SET status = 'PUBLISHED' WHERE id = ?", [v1])).rejects.toMatchObject({
      code: 'ER_DUP_ENTRY',
      message: expect.stringContaining('uq_one_published_version'),
    });
    await expect(
      db.query(
        "INSERT INTO product_version (product_id, version_no, label, status, valid_from, author_id, last_edited_by) VALUES (?, 99, 'forged', 'PUBLISHED', '2026-01-01', ?, ?)",
        [p.id, staffId.product, staffId.product],
      ),
    ).rejects.toMatchObject({ code: 'ER_DUP_ENTRY' });
    expect(Number((await one("SELECT COUNT(*) n FROM product_version WHERE product_id = ? AND status = 'PUBLISHED'", [p.id])).n)).toBe(1);
  });

  test('a suspended version cannot be resumed while another version is published', async () => {
    const p = await newProduct();
    const v1 = await publishedVersion(p.id);
    must(await cmd(c.compliance, v1, 'suspend', '금리 오류 점검'), 'suspend v1');
    const v2 = await publishedVersion(p.id);
    expect([await versionStatus(v1), await versionStatus(v2)]).toEqual(['SUSPENDED', 'PUBLISHED']);
    const before = await transitionCount('PRODUCT_VERSION', v1);

    const o = await cmd(c.product, v1, 'resume', '재개');
    expect(o.ok).toBe(false);
    expect(o.message).toContain('다른 버전(v2)이 게시 중입니다');
    expect([await versionStatus(v1), await versionStatus(v2)]).toEqual(['SUSPENDED', 'PUBLISHED']);
    expect(await transitionCount('PRODUCT_VERSION', v1)).toBe(before);
  });
});

// ---------------------------------------------------------------- soft delete

describe('soft delete', () => {
  test('a product with a published version cannot be deleted; once its versions are terminated it is soft-deleted and its holdings keep pointing at it', async () => {
    const p = await newProduct();
    const v = await publishedVersion(p.id);
    const [customer] = await rows<{ id: number }>("SELECT id FROM customer WHERE status = 'ACTIVE' AND customer_no LIKE 'C%' ORDER BY id LIMIT 1");
    const holding = must(
      await call(c.banker, `${api}/Holding/actions/new`, { customerId: String(customer!.id), productVersionId: String(v), amount: '1000000', openedOn: kst(0) }),
      'open holding',
    );
    const holdingId = Number(holding.params.id);
    const listed = async () => (await call(c.product, `${api}/Product/actions/list?filters.code=${p.code}`)).raw.records.map((r: any) => Number(r.params.id));

    const refused = await call(c.product, `${api}/Product/records/${p.id}/delete`, { confirm: 'true' });
    expect(refused.ok).toBe(false);
    expect(refused.message).toContain('게시 중인 버전(v1)을 먼저 중지하거나 종료하세요');
    expect((await one('SELECT deleted_at FROM product WHERE id = ?', [p.id])).deleted_at).toBeNull();
    expect(await listed()).toEqual([p.id]);

    must(await cmd(c.product, v, 'terminate', '판매 종료'), 'terminate');
    const deleted = await call(c.product, `${api}/Product/records/${p.id}/delete`, { confirm: 'true' });
    expect(deleted.ok).toBe(true);

    // The row stays, marked deleted; versions and holdings still reference it.
    expect((await one('SELECT deleted_at FROM product WHERE id = ?', [p.id])).deleted_at).toBeInstanceOf(Date);
    expect(await rows('SELECT id, status FROM product_version WHERE product_id = ?', [p.id])).toEqual([{ id: v, status: 'TERMINATED' }]);
    expect(await one('SELECT product_id, product_version_id FROM holding WHERE id = ?', [holdingId])).toEqual({ product_id: p.id, product_version_id: v });
    const audit = await rows("SELECT actor_email FROM audit_log WHERE action = 'delete' AND resource = 'Product' AND record_id = ?", [String(p.id)]);
    expect(audit).toEqual([{ actor_email: 'product@demo.bank' }]);

    // Gone from the list and from show; no new version can be written for it.
    expect(await listed()).toEqual([]);
    const show = await call(c.product, `${api}/Product/records/${p.id}/show`);
    expect(show.raw.notice?.type).toBe('error');
    expect(show.params).toEqual({});
    const nv = await call(c.product, `${api}/ProductVersion/actions/new`, { productId: String(p.id), validFrom: kst(0) });
    expect(nv.ok).toBe(false);
    expect(nv.errors.productId?.message).toContain('삭제되었습니다');

    // The customer's 360 still shows the holding with its product.
    const view = (await call(c.banker, `${api}/Customer/records/${customer!.id}/profile360`)).raw.view;
    expect(view.holdings.find((h: any) => h.id === holdingId)).toMatchObject({ productId: p.id, productCode: p.code });
  });
});

// ---------------------------------------------------------------- RBAC

describe.each(['marketer', 'banker', 'manager'] as const)('%s and the catalogue', (role) => {
  test('reads products but is refused every write and every lifecycle command, changing nothing', async () => {
    const who = c[role];
    const p = await newProduct();
    const v = await newVersion(p.id);
    const tier = await addTier(v);

    const list = await call(who, `${api}/Product/actions/list`);
    expect(list.forbidden).toBe(false);
    expect(list.raw.records.length).toBeGreaterThan(0);
    expect((await call(who, `${api}/Product/records/${p.id}/show`)).params.code).toBe(p.code);
    expect((await call(who, `${api}/ProductVersion/records/${v}/show`)).params.status).toBe('DRAFT');

    const productBefore = await one('SELECT * FROM product WHERE id = ?', [p.id]);
    const versionBefore = await versionRow(v);
    const code = newCode();
    const attempts: Array<[string, Record<string, string>]> = [
      [`${api}/Product/actions/new`, { code, name: '권한 없음', type: 'DEPOSIT', category: '예금', riskGrade: '6' }],
      [`${api}/Product/records/${p.id}/edit`, { name: '바뀐 이름' }],
      [`${api}/Product/records/${p.id}/delete`, { confirm: 'true' }],
      [`${api}/ProductVersion/actions/new`, { productId: String(p.id), validFrom: kst(0) }],
      [`${api}/ProductVersion/records/${v}/edit`, { validFrom: kst(0), conditions: '바뀐 조건' }],
      [`${api}/ProductVersion/records/${v}/delete`, { confirm: 'true' }],
      ...['submit', 'approve', 'reject', 'publish', 'suspend', 'resume', 'terminate'].map(
        (command) => [`${api}/ProductVersion/records/${v}/${command}`, { comment: '권한 없는 시도' }] as [string, Record<string, string>],
      ),
      [`${api}/RateTier/actions/new`, { productVersionId: String(v), termMonthsMin: '0', amountMin: '0', rateBp: '100' }],
      [`${api}/RateTier/records/${tier}/edit`, { rateBp: '999' }],
      [`${api}/RateTier/records/${tier}/delete`, { confirm: 'true' }],
      [`${api}/Disclosure/actions/new`, { productVersionId: String(v), title: '권한 없음', body: '권한 없는 직원이 쓰는 문안입니다.' }],
    ];
    for (const [path, form] of attempts) {
      const o = await call(who, path, form);
      expect([path, o.forbidden, o.ok]).toEqual([path, true, false]);
    }

    expect(await one('SELECT * FROM product WHERE id = ?', [p.id])).toEqual(productBefore);
    expect(await versionRow(v)).toEqual(versionBefore);
    expect(await transitionCount('PRODUCT_VERSION', v)).toBe(1);
    expect(await rows('SELECT rate_bp FROM product_rate_tier WHERE product_version_id = ?', [v])).toEqual([{ rate_bp: 350 }]);
    expect(await rows('SELECT id FROM product WHERE code = ?', [code])).toEqual([]);
    expect(await rows('SELECT id FROM product_version WHERE product_id = ? AND id <> ?', [p.id, v])).toEqual([]);
    expect(await rows('SELECT id FROM disclosure WHERE product_version_id = ?', [v])).toEqual([]);
  });
});

describe('validity and withdrawal before sale', () => {
  test('a version whose validity starts tomorrow cannot be published yet', async () => {
    const p = await newProduct();
    const v = await newVersion(p.id, c.product, { validFrom: kst(1) });
    await addTier(v);
    await approvedDisclosure(v);
    must(await cmd(c.product, v, 'submit'), 'submit');
    must(await cmd(c.compliance, v, 'approve', '승인'), 'approve');
    const o = await cmd(c.product, v, 'publish');
    expect([o.ok, o.message]).toEqual([false, `유효기간 시작일(${kst(1)}) 전에는 게시할 수 없습니다`]);
    expect((await one('SELECT status FROM product_version WHERE id = ?', [v])).status).toBe('APPROVED');
  });

  test('an approved version that will not go on sale is withdrawn by terminating it, with its reason recorded', async () => {
    const p = await newProduct();
    const v = await approvedVersion(p.id);
    must(await cmd(c.product, v, 'terminate', '출시 취소'), 'terminate approved');
    expect((await one('SELECT status FROM product_version WHERE id = ?', [v])).status).toBe('TERMINATED');
    expect(
      await one("SELECT from_status, to_status, comment FROM lifecycle_transition WHERE subject_type = 'PRODUCT_VERSION' AND subject_id = ? ORDER BY id DESC LIMIT 1", [v]),
    ).toEqual({ from_status: 'APPROVED', to_status: 'TERMINATED', comment: '출시 취소' });
  });
});
