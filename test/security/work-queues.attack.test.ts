import type { Connection } from 'mysql2/promise';
import type { ConsoleClient } from '../support/console-client.js';
import { ConsoleClient as Anonymous } from '../support/console-client.js';
import { testDb, queries } from '../support/db.js';
import { api, kst, call, must } from '../support/console-api.js';
import { logInRoles, demoStaffIds } from '../support/demo-staff.js';

/**
 * The dashboard's work queues (GET /admin/api/dashboard) and the approval
 * actions, attacked with each role's real session: a role gets only the
 * queues it may act on (CASL), whatever it asks for; a maker's queues hold
 * only their own work; no session gets nothing; the approval is refused to
 * every role without the grant, and to a checker who made the work; no
 * answer carries a stack or SQL.
 */
const roles = ['admin', 'marketer', 'compliance', 'manager', 'banker', 'product', 'product2'] as const;
type Role = (typeof roles)[number];
const expected: Record<Role, string[]> = {
  admin: [],
  marketer: ['myRejectedTemplates'],
  compliance: ['versionsToApprove', 'disclosuresToReview', 'templatesToApprove'],
  manager: [],
  banker: [],
  product: ['myRejected', 'myDrafts'],
  product2: ['myRejected', 'myDrafts'],
};
let db: Connection;
const { one } = queries(() => db);
let as: Record<Role, ConsoleClient>;
const staffId: Record<string, number> = {};
const bodies: string[] = [];
let versionId: number;

beforeAll(async () => {
  db = await testDb();
  as = await logInRoles(roles);
  Object.assign(staffId, await demoStaffIds(db));
  const code = `XQ-${Date.now() % 1e8}`;
  const p = must(await call(as.product, `${api}/Product/actions/new`, { code, name: `공격 ${code}`, type: 'CARD', category: '체크카드', riskGrade: '6' }), 'product');
  versionId = Number(must(await call(as.product, `${api}/ProductVersion/actions/new`, { productId: String(p.params.id), validFrom: kst(0) }), 'version').params.id);
});
afterAll(async () => {
  await db?.end();
});

const dashboard = async (who: ConsoleClient, query = '') => {
  const r = await who.request(`/admin/api/dashboard${query}`);
  bodies.push(r.body);
  return r;
};

test.each(roles)('%s gets exactly the queues it may act on, whatever the query says', async (role) => {
  for (const query of ['', '?role=compliance', '?queues=versionsToApprove,myDrafts&userId=1']) {
    const r = await dashboard(as[role], query);
    expect(r.status).toBe(200);
    expect(r.json().queues.map((q: { key: string }) => q.key)).toEqual(expected[role]);
  }
});

test("a maker's queues hold only their own work", async () => {
  // The queue shows the oldest 50; its count and every item shown are the maker's own.
  const drafts = async (who: 'product' | 'product2') => {
    const q = (await dashboard(as[who])).json().queues.find((x: { key: string }) => x.key === 'myDrafts');
    const ids: number[] = q.items.map((i: { id: number }) => i.id);
    const authors = ids.length ? ((await db.query('SELECT DISTINCT author_id FROM product_version WHERE id IN (?)', [ids])) as any[])[0].map((r: any) => Number(r.author_id)) : [];
    return { count: Number(q.count), ids, authors };
  };
  const mine = await drafts('product');
  expect(mine.authors).toEqual([staffId.product]);
  const { n } = await one<{ n: number }>(
    `SELECT COUNT(*) n FROM product_version v JOIN product p ON p.id = v.product_id WHERE v.status = 'DRAFT' AND v.author_id = ? AND p.deleted_at IS NULL
       AND NOT EXISTS (SELECT 1 FROM lifecycle_transition t WHERE t.subject_type = 'PRODUCT_VERSION' AND t.subject_id = v.id AND t.from_status = 'PENDING_APPROVAL')`,
    [staffId.product],
  );
  expect(mine.count).toBe(Number(n));
  const theirs = await drafts('product2');
  expect(theirs.ids).not.toContain(versionId);
  expect(theirs.authors.filter((a: number) => a !== staffId.product2)).toEqual([]);
});

test('no session: no dashboard data', async () => {
  const r = await new Anonymous().request('/admin/api/dashboard');
  bodies.push(r.body);
  expect(r.status).not.toBe(200);
  expect(r.body).not.toContain('queues');
});

test('the approval is refused to every role without the grant, and to a checker who made the work', async () => {
  // A card needs no rate tier; the draft needs a disclosure text before it can be submitted.
  must(
    await call(as.product, `${api}/Disclosure/actions/new`, { productVersionId: String(versionId), title: '카드 설명서', body: '연회비와 혜택, 유의사항을 안내합니다.' }),
    'disclosure',
  );
  must(await call(as.product, `${api}/ProductVersion/records/${versionId}/submit`, { comment: '' }), 'submit');
  for (const role of ['admin', 'marketer', 'manager', 'banker', 'product', 'product2'] as const) {
    for (const action of ['approve', 'reject']) {
      const o = await call(as[role], `${api}/ProductVersion/records/${versionId}/${action}`, {
        comment: '무단 승인',
        reviewNo: '무단-1',
        reviewValidFrom: kst(0),
        reviewValidTo: kst(30),
      });
      bodies.push(JSON.stringify(o.raw));
      expect([role, action, o.forbidden, o.ok]).toEqual([role, action, true, false]);
    }
  }
  // Readers without any part in approval cannot even open the page; makers can, and are told why not.
  for (const role of ['admin', 'manager', 'banker', 'marketer'] as const) {
    expect((await call(as[role], `${api}/ProductVersion/records/${versionId}/approve`)).forbidden).toBe(true);
  }
  expect(await one('SELECT status, approved_by FROM product_version WHERE id = ?', [versionId])).toEqual({ status: 'PENDING_APPROVAL', approved_by: null });

  // A checker recorded as the disclosure's last editor is refused by the service, in words.
  await db.query("UPDATE disclosure SET last_edited_by = ? WHERE product_version_id = ? AND status = 'PENDING_REVIEW'", [staffId.compliance, versionId]);
  const page = await call(as.compliance, `${api}/ProductVersion/records/${versionId}/approve`);
  expect(page.params.approvalRefusalCode).toBe('ownWork');
  const o = await call(as.compliance, `${api}/ProductVersion/records/${versionId}/approve`, { comment: '', reviewNo: '자기-1', reviewValidFrom: kst(0), reviewValidTo: kst(30) });
  expect([o.ok, o.forbidden]).toEqual([false, false]);
  expect(o.message).toContain('maker-checker');
  expect(await one('SELECT status FROM product_version WHERE id = ?', [versionId])).toEqual({ status: 'PENDING_APPROVAL' });
});

afterAll(() => {
  for (const b of bodies) {
    expect(b).not.toMatch(/\bat [\w.<>]+ \(|node_modules|SELECT |ER_[A-Z_]+|sqlMessage/);
  }
});
