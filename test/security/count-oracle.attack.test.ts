import type { Connection } from 'mysql2/promise';
import type { ConsoleClient } from '../support/console-client.js';
import { api, call } from '../support/console-api.js';
import { logInRoles } from '../support/demo-staff.js';
import { queries, testDb } from '../support/db.js';
import { stamp } from '../support/unique.js';

/**
 * The segment live count as an oracle on one customer's birth date, attacked
 * over HTTP with real sessions: a marketer (who sees birth dates masked) runs
 * the actual bisection "customer X and born before D" for ever narrower D,
 * with every disguise the defence must see through (a customer number, a tag
 * only X carries, padding with a large OR, differencing with AND NOT, the
 * sample rows, publishing and reading the member count). Compliance, who may
 * unmask, runs the same bisection for contrast and converges on the real
 * date in about sixteen questions; a banker may not use the builder at all.
 * Each case fails if its defence (engine/segments/count-disclosure.ts, the
 * guard in segment.service.ts) is removed.
 */
const roles = ['marketer', 'compliance', 'banker'] as const;
let db: Connection;
let as: Record<(typeof roles)[number], ConsoleClient>;
const { rows, one } = queries(() => db);

const realBirthDate = '1987-06-14';
const groupTag = `og${stamp()}`; // X and 29 others
const onlyXTag = `ox${stamp()}`; // X alone: a "narrow combination" without any customer number
let x = { id: 0, no: '' };
let groupIds: number[] = [];

const addCustomer = async (birthDate: string, tags: string) => {
  const no = `O${stamp()}`;
  const [res] = (await db.query("INSERT INTO customer (customer_no, name, status, region, risk_grade, tags, birth_date) VALUES (?, '오라클고객', 'ACTIVE', 'SEOUL', 'LOW', ?, ?)", [
    no,
    tags,
    birthDate,
  ])) as any;
  return { id: Number(res.insertId), no };
};

beforeAll(async () => {
  db = await testDb();
  as = await logInRoles(roles);
  x = await addCustomer(realBirthDate, `${groupTag},${onlyXTag}`);
  groupIds = [x.id];
  for (let i = 0; i < 29; i++) groupIds.push((await addCustomer(`19${50 + i}-0${1 + (i % 9)}-1${i % 9}`, groupTag)).id);
});
afterAll(async () => db?.end());

const attr = (field: string, op: string, value: unknown) => ({ type: 'attribute', field, op, ...(Array.isArray(value) ? { values: value } : { value }) });
const and = (...children: object[]) => ({ type: 'and', children });
const or = (...children: object[]) => ({ type: 'or', children });
const not = (child: object) => ({ type: 'not', child });
const def = (root: object) => ({ schemaVersion: 1, root });
const bornBefore = (day: string) => attr('birthDate', 'before', day);

interface Answer {
  status: number;
  count?: number | null;
  fewerThan?: number;
  sample?: unknown[];
  errors?: Array<{ code: string }>;
}
const preview = async (client: ConsoleClient, definition: object): Promise<Answer> => {
  const r = await client.request('/admin/api/segments/preview', { method: 'POST', json: { definition } });
  return { status: r.status, ...(r.status === 200 || r.status === 400 ? r.json() : {}) };
};

const dayMs = 86_400_000;
const dayOf = (n: number) => new Date(n * dayMs).toISOString().slice(0, 10);
const numberOf = (day: string) => Math.round(Date.parse(`${day}T00:00:00Z`) / dayMs);

/**
 * The attacker's bisection: the smallest D with "X born before D" true is
 * the day after X's birthday. `probe` turns an answer into true / false, or
 * undefined when the answer says nothing (refused, or only "fewer than 10");
 * then the attacker is stuck and the birth date stays unknown (null).
 */
async function bisect(client: ConsoleClient, definitionFor: (day: string) => object, probe: (a: Answer) => boolean | undefined) {
  let lo = numberOf('1900-01-01'); // X was born on or after lo
  let hi = numberOf('2026-01-01'); // ... and before hi
  const answers: Answer[] = [];
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    const a = await preview(client, definitionFor(dayOf(mid)));
    answers.push(a);
    const before = probe(a);
    if (before === undefined) return { birthDate: null, answers };
    if (before) hi = mid;
    else lo = mid;
  }
  return { birthDate: dayOf(lo), answers };
}

/** Reads "X born before D" from a count: the count itself, or its difference to a known baseline. */
const countAtLeast = (n: number) => (a: Answer) => (a.status === 200 && typeof a.count === 'number' ? a.count >= n : undefined);
const countBelow = (n: number) => (a: Answer) => (a.status === 200 && typeof a.count === 'number' ? a.count < n : undefined);
const exactCount = async (client: ConsoleClient, root: object) => {
  const a = await preview(client, def(root));
  expect(a).toMatchObject({ status: 200, count: expect.any(Number) });
  return a.count as number;
};

/** No answer a marketer got may carry a number below 10 or a customer. */
const expectNothingRevealed = (answers: Answer[]) => {
  for (const a of answers) {
    if (a.status === 200) {
      expect(a.count === null || (typeof a.count === 'number' && a.count >= 10)).toBe(true);
      expect(a.sample ?? []).toEqual([]);
    } else expect(a.status).toBe(400);
  }
};

describe("the bisection on one customer's birth date", () => {
  test('works for compliance (may unmask): exact counts, converges on the real date', async () => {
    const r = await bisect(as.compliance, (d) => def(and(attr('customerNo', 'eq', x.no), bornBefore(d))), countAtLeast(1));
    expect(r.birthDate).toBe(realBirthDate);
    expect(r.answers.length).toBeLessThanOrEqual(17);
  });

  test('a banker may not use the segment builder at all', async () => {
    expect((await preview(as.banker, def(and(attr('customerNo', 'eq', x.no), bornBefore('1990-01-01'))))).status).toBe(403);
  });

  test('by customer number: refused for a marketer, with a problem code, in Korean and English', async () => {
    const r = await bisect(as.marketer, (d) => def(and(attr('customerNo', 'eq', x.no), bornBefore(d))), countAtLeast(1));
    expect(r.birthDate).toBeNull();
    expect(r.answers[0]).toMatchObject({ status: 400, errors: [expect.objectContaining({ code: 'maskedWithIdentifier', path: 'definition.root' })] });
    expect(JSON.stringify(r.answers[0])).toMatch(/birthDate is masked for your role/);
    // Every spelling that names a customer is the same: prefix, substring, a negation, age instead of birth date.
    for (const root of [
      and(attr('customerNo', 'startsWith', x.no), bornBefore('1990-01-01')),
      and(attr('customerNo', 'contains', x.no.slice(1)), attr('age', 'gte', 30)),
      not(or(attr('customerNo', 'neq', x.no), not(bornBefore('1990-01-01')))),
    ])
      expect(await preview(as.marketer, def(root))).toMatchObject({ status: 400, errors: [expect.objectContaining({ code: 'maskedWithIdentifier' })] });
  });

  test('by a narrow combination (a tag only X has): refused, the birth-date condition would decide for one customer', async () => {
    const r = await bisect(as.marketer, (d) => def(and(attr('tags', 'hasAny', [onlyXTag]), bornBefore(d))), countAtLeast(1));
    expect(r.birthDate).toBeNull();
    expect(r.answers[0]).toMatchObject({ status: 400, errors: [expect.objectContaining({ code: 'maskedConditionNarrow' })] });
    expect(JSON.stringify(r.answers[0])).toMatch(/fewer than 10 customers/);
  });

  test('small audiences are only ever "fewer than 10": no number, no sample rows', async () => {
    // Allowed (the condition spans the 30 customers of the group), but only three match.
    const small = def(and(attr('tags', 'hasAny', [groupTag]), bornBefore('1953-01-01')));
    expect(await preview(as.compliance, small)).toMatchObject({ status: 200, count: 3 });
    const a = await preview(as.marketer, small);
    expect(a).toMatchObject({ status: 200, count: null, fewerThan: 10, sample: [] });
    expectNothingRevealed([a]);
  });

  test('padded with a large OR: refused, the masked condition decides the count for one customer only', async () => {
    const padding = attr('tags', 'hasAny', ['vip']);
    const base = await exactCount(as.compliance, padding);
    expect(base).toBeGreaterThanOrEqual(10);
    const r = await bisect(as.marketer, (d) => def(or(padding, and(attr('tags', 'hasAny', [onlyXTag]), bornBefore(d)))), countAtLeast(base + 1));
    expect(r.birthDate).toBeNull();
    expect(r.answers[0]).toMatchObject({ status: 400, errors: [expect.objectContaining({ code: 'maskedConditionNarrow' })] });
    expectNothingRevealed(r.answers);
  });

  test('differenced with AND NOT: refused likewise', async () => {
    const everyone = attr('tags', 'hasAny', [groupTag]);
    const r = await bisect(as.marketer, (d) => def(and(everyone, not(and(attr('tags', 'hasAny', [onlyXTag]), bornBefore(d))))), countBelow(30));
    expect(r.birthDate).toBeNull();
    expect(r.answers[0]).toMatchObject({ status: 400, errors: [expect.objectContaining({ code: 'maskedConditionNarrow' })] });
  });

  test('through the sample rows of a large audience: counted, but no sample names anyone born before D', async () => {
    // 29 of the group were born before 1979: the count is no secret, but "customer Y is in the sample of
    // born-before-D" would be Y's masked birth date, one person at a time.
    const a = await preview(as.marketer, def(and(attr('tags', 'hasAny', [groupTag]), bornBefore('1979-01-01'))));
    expect(a).toMatchObject({ status: 200, count: 29, sample: [], sampleWithheld: true });
    const c = await preview(as.compliance, def(and(attr('tags', 'hasAny', [groupTag]), bornBefore('1979-01-01'))));
    expect(c.sample).toHaveLength(5);
  });
});

describe('what the marketer may still do, and what is recorded', () => {
  test('birth-date conditions over a wide enough audience count exactly', async () => {
    const a = await preview(as.marketer, def(and(attr('tags', 'hasAny', [groupTag]), attr('region', 'in', ['SEOUL']))));
    expect(a).toMatchObject({ status: 200, count: 30 });
    const wide = await preview(as.marketer, def(bornBefore('1980-01-01')));
    expect(wide).toMatchObject({ status: 200, count: expect.any(Number) });
    expect(wide.count).toBeGreaterThanOrEqual(10);
  });

  test('publishing cannot be used instead: the same definitions are refused, small member counts read "< 10"', async () => {
    const o = await call(as.marketer, `${api}/Segment/actions/new`, { name: `oracle-${stamp()}`, description: 'attack' });
    const id = Number(o.params.id);
    const publish = async (root: object) => {
      const r = await as.marketer.request(`/admin/api/segments/${id}/publish`, { method: 'POST', json: { definition: def(root) } });
      return { status: r.status, body: r.json() };
    };
    expect(await publish(and(attr('customerNo', 'eq', x.no), bornBefore('1990-01-01')))).toMatchObject({
      status: 400,
      body: { errors: [expect.objectContaining({ code: 'maskedWithIdentifier' })] },
    });
    expect(await publish(and(attr('tags', 'hasAny', [onlyXTag]), bornBefore('1990-01-01')))).toMatchObject({
      status: 400,
      body: { errors: [expect.objectContaining({ code: 'maskedConditionNarrow' })] },
    });
    expect(await rows('SELECT id FROM segment_version WHERE segment_id = ?', [id])).toEqual([]);

    // Allowed (the birth-date condition spans 30 customers), published exactly, read coarsened.
    const ok = await publish(and(attr('tags', 'hasAny', [groupTag]), bornBefore('1953-01-01')));
    expect(ok).toMatchObject({ status: 200, body: { ok: true, version: 1, memberCount: null, fewerThan: 10 } });
    const exact = Number((await one<{ n: number }>('SELECT member_count_at_publish AS n FROM segment_version WHERE segment_id = ?', [id])).n);
    expect(exact).toBeGreaterThan(0);
    expect(exact).toBeLessThan(10);
    const shownTo = async (client: ConsoleClient) => (await call(client, `${api}/Segment/records/${id}/show`)).params.memberCount;
    expect(await shownTo(as.marketer)).toBe('< 10');
    expect(await shownTo(as.compliance)).toBe(exact);
    const versions = (await call(as.marketer, `${api}/SegmentVersion/actions/list?filters.segmentId=${id}`)).raw.records as Array<{ params: Record<string, unknown> }>;
    expect(versions.map((v) => v.params.memberCountAtPublish)).toEqual(['< 10']);
    const detail = (await as.marketer.request(`/admin/api/segments/${id}`)).json();
    expect(detail).toMatchObject({ memberCount: null, countsFewerThan: 10, versions: [expect.objectContaining({ memberCountAtPublish: null })] });
  });

  test('every preview is in the access log with its definition and the number of customers shown', async () => {
    const since = Number((await one<{ id: number }>('SELECT COALESCE(MAX(id), 0) AS id FROM audit_log')).id);
    const shown = await preview(as.marketer, def(and(attr('tags', 'hasAny', [groupTag]), attr('region', 'in', ['SEOUL']))));
    expect(shown.sample).toHaveLength(5);
    await preview(as.marketer, def(and(attr('customerNo', 'eq', x.no), bornBefore('1990-01-01'))));
    const logged = await rows<{ actor_email: string; actor_role: string; detail: string }>(
      "SELECT actor_email, actor_role, detail FROM audit_log WHERE id > ? AND action = 'segment.preview' AND actor_email = 'marketer@demo.bank' ORDER BY id",
      [since],
    );
    expect(logged.map((l) => l.detail)).toEqual([
      `5 shown; count 30; and(tags hasAny [${groupTag}], region in [SEOUL])`,
      `0 shown; refused (maskedWithIdentifier); and(customerNo eq ${x.no}, birthDate before 1990-01-01)`,
    ]);
    expect(logged[0]!.actor_role).toBe('marketer');
  });
});
