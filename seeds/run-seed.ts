import { Faker, ko, en, base } from '@faker-js/faker';
import type { DataSource } from 'typeorm';
import { Staff } from '../resources/staff/staff.entity.js';
import { hashPassword } from '../resources/staff/password.util.js';
import { maskEmail, maskMobile } from '../resources/customer/contact-format.util.js';
import { checkSuitability } from '../engine/recommendation/suitability.js';
import { ageOn, checkEligibility } from '../engine/recommendation/eligibility.js';
import { seoulDate } from '../resources/shared/write-result.js';
import { runAsActor, systemActor } from '../engine/context/request-context.js';
import type { DomainServices } from '../resources/domain-services.js';
import type { Propensity } from '../resources/customer/customer-attributes.js';
import { demoStaff } from './demo-staff.js';
import { demoBranches } from './branches.js';
import { demoProducts } from './demo-products.js';
import { demoSegments } from './demo-segments.js';
import { seedJourneys } from './demo-journeys.js';
import { seedDemoTemplates } from './demo-templates.js';
import { seedDemoDevices } from './demo-devices.js';
import type { LegalSender } from '../engine/channels/content/index.js';

export interface SeedReport {
  staff: number;
  branches: number;
  customers: number;
  products: number;
  versions: number;
  holdings: number;
  events: number;
  segments: number;
  templates: number;
  devices: number;
  journeys: number;
}

export interface SeedOptions {
  demoPassword: string;
  /** Demo customers (C0000001...); the issue asks for 10,000. */
  customers: number;
  holdingsPerCustomer?: number;
  events?: number;
  /** The sender the demo templates are checked with (the bank's, from the channel configuration); default the template service's. */
  sender?: LegalSender;
}

export function describeSeed(r: SeedReport): string {
  return `${r.staff} staff, ${r.branches} branches, ${r.customers} customers, ${r.products} products (${r.versions} versions), ${r.holdings} holdings, ${r.events} events, ${r.segments} segments, ${r.templates} message templates, ${r.devices} app devices, ${r.journeys} journeys`;
}

/** Demo customer numbers are fixed (C0000001...), so events can refer to them. */
export function demoCustomerNo(i: number): string {
  return `C${String(i).padStart(7, '0')}`;
}

const DAY = 86_400_000;
const chunk = <T>(rows: T[], size = 1000): T[][] => Array.from({ length: Math.ceil(rows.length / size) }, (_, k) => rows.slice(k * size, k * size + size));
const ymd = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Deterministic, idempotent demo data: a fixed random seed, fixed keys
 * (staff e-mail, customer number, product code, contract number, event id),
 * and INSERT IGNORE, so a second run adds nothing and a changed demo row
 * (e.g. a new password) stays changed. Dates are relative to `now`.
 */
export async function seedDemo(services: DomainServices, opts: SeedOptions, now = new Date()): Promise<SeedReport> {
  const { ds, cipher } = services;
  const faker = new Faker({ locale: [ko, en, base], seed: 20261123 });
  const affected = (r: unknown) => Number((r as { affectedRows?: number }).affectedRows ?? 0);
  return runAsActor({ ...systemActor, email: 'system:seed' }, async () => {
    const report: SeedReport = { staff: 0, branches: 0, customers: 0, products: 0, versions: 0, holdings: 0, events: 0, segments: 0, templates: 0, devices: 0, journeys: 0 };
    report.branches = affected(await ds.query('INSERT IGNORE INTO branch (code, name, region) VALUES ?', [demoBranches.map((b) => [b.code, b.name, b.region])]));

    const repo = ds.getRepository(Staff);
    const hash = await hashPassword(opts.demoPassword);
    for (const s of demoStaff) {
      if (await repo.existsBy({ email: s.email })) continue;
      await repo.save(repo.create({ ...s, active: true, passwordHash: hash }));
      report.staff++;
    }
    const staff: Array<{ id: number; role: string; branch_code: string | null }> = await ds.query(
      "SELECT id, role, branch_code FROM staff WHERE email LIKE '%@demo.bank' ORDER BY id",
    );
    const bankers = staff.filter((s) => s.role === 'banker');
    const makers = staff.filter((s) => s.role === 'product');
    const checkers = staff.filter((s) => s.role === 'compliance');

    report.customers = await seedCustomers(ds, faker, opts.customers, bankers, now, cipher);
    report.devices = await seedDemoDevices(ds, now);
    const { products, versions } = await seedCatalogue(ds, makers, checkers, now);
    report.products = products;
    report.versions = versions;
    report.holdings = await seedHoldings(ds, faker, Math.round(opts.customers * (opts.holdingsPerCustomer ?? 3.7)), bankers, now);
    report.events = await seedEvents(ds, faker, opts.events ?? Math.min(5000, opts.customers), now);
    if (report.customers + report.holdings + report.events > 0) {
      // Fresh optimizer statistics before the segments are evaluated: InnoDB recounts a bulk-loaded table in the
      // background, seconds later, and a plan made from the empty table's counts read holding by product and
      // opening date once per customer (the deposit-maturing segment took minutes instead of half a second).
      await ds.query('ANALYZE TABLE customer, holding, behaviour_event');
    }
    report.segments = await seedSegments(services, now);
    const templates = await seedDemoTemplates(services, now, opts.sender);
    report.templates = templates.created;
    report.journeys = await seedJourneys(services, now, templates.ids);
    return report;
  });
}

const regionWeights: Array<[string, number]> = [
  ['BUSAN', 18],
  ['SEOUL', 16],
  ['GYEONGGI', 14],
  ['GYEONGNAM', 10],
  ['JEONNAM', 9],
  ['INCHEON', 7],
  ['GYEONGBUK', 6],
  ['JEJU', 5],
  ['GANGWON', 4],
  ['ULSAN', 3],
  ['CHUNGNAM', 2],
  ['DAEGU', 2],
  ['JEONBUK', 1],
  ['GWANGJU', 1],
  ['DAEJEON', 1],
  ['CHUNGBUK', 1],
  ['SEJONG', 1],
];
const regionBranch: Record<string, string> = {
  BUSAN: 'B001',
  SEOUL: 'B002',
  GYEONGGI: 'B002',
  INCHEON: 'B003',
  JEONNAM: 'B004',
  GWANGJU: 'B004',
  GYEONGBUK: 'B005',
  DAEGU: 'B005',
  ULSAN: 'B005',
  GYEONGNAM: 'B006',
  JEJU: 'B007',
  GANGWON: 'B008',
};
const weighted = <T>(faker: Faker, pairs: Array<[T, number]>): T => faker.helpers.weightedArrayElement(pairs.map(([value, weight]) => ({ value, weight })));

/**
 * Marketing tags of demo customer i, from its other attributes and a hash of
 * i (not from faker, so adding tags left every other seeded value unchanged).
 */
function demoTags(i: number, label: string, age: number, tenureMs: number): string {
  const h = (Math.imul(i, 2654435761) >>> 0) % 100;
  const tags: string[] = [];
  if (label === '우수' || h < 4) tags.push('vip');
  if (h % 3 === 0) tags.push('salary');
  if (age >= 60) tags.push('pension');
  if (tenureMs < 180 * DAY) tags.push('newcomer');
  if (h >= 95) tags.push('overseas');
  return tags.join(',');
}

/**
 * A drawn segment label that the customer's data contradicts becomes 일반:
 * 청년 (youth) only for 만 19~34세, 시니어 only from 60, 신규 (new) only in
 * the first year; and a young adult first drawn 일반 is 청년.
 */
export function coherentLabel(drawn: string, age: number, tenureMs: number): string {
  if (drawn === '청년' && (age < 19 || age > 34)) return '일반';
  if (drawn === '시니어' && age < 60) return '일반';
  if (drawn === '신규' && tenureMs > 365 * DAY) return '일반';
  return drawn;
}

async function seedCustomers(
  ds: DataSource,
  faker: Faker,
  count: number,
  bankers: Array<{ id: number; branch_code: string | null }>,
  now: Date,
  cipher: DomainServices['cipher'],
): Promise<number> {
  let created = 0;
  const rows: unknown[][] = [];
  for (let i = 1; i <= count; i++) {
    const name = `${faker.person.lastName()}${faker.person.firstName()}`.replace(/\s/g, '').slice(0, 20);
    const age = Math.round(faker.number.float({ min: 0, max: 1 }) ** 0.9 * 62 + 19); // 19..81, more middle-aged than elderly
    const birth = new Date(now.getTime() - (age * 365.25 + faker.number.int({ min: 0, max: 364 })) * DAY);
    const region = weighted(faker, regionWeights);
    const branch = regionBranch[region] ?? faker.helpers.arrayElement(['B001', 'B002', 'B006']);
    const status = weighted(faker, [
      ['ACTIVE', 80],
      ['DORMANT', 12],
      ['SUSPENDED', 3],
      ['WITHDRAWN', 5],
    ] as Array<[string, number]>);
    const propensity = weighted(faker, [
      ['STABLE', 30],
      ['STABLE_SEEKING', 25],
      ['NEUTRAL', 22],
      ['ACTIVE', 10],
      ['AGGRESSIVE', 5],
      [null, 8],
    ] as Array<[string | null, number]>);
    // Unique per i (7919 is coprime with 10^8), so no two demo customers share a number.
    const digits = String((i * 7919 + 12345678) % 100_000_000).padStart(8, '0');
    const mobile = faker.number.int({ min: 0, max: 99 }) < 95 ? `010-${digits.slice(0, 4)}-${digits.slice(4)}` : null;
    const email = faker.number.int({ min: 0, max: 99 }) < 65 ? `cust${i}.${faker.string.alpha({ length: 4, casing: 'lower' })}@demo-mail.kr` : null;
    const created = new Date(now.getTime() - faker.number.int({ min: 30, max: 3650 }) * DAY);
    const withdrawn = status === 'WITHDRAWN';
    const consent = (p: number) => !withdrawn && faker.number.int({ min: 0, max: 99 }) < p;
    // Plausible for the person: no e-mail consent without an e-mail address; app push consent falls with age
    // (fewer older customers use the app), text messages are the older customers' channel. The same draws as
    // before, so the rest of the seeded data stays the same.
    const sms = consent(age >= 60 ? 72 : 62),
      mail = consent(45) && email !== null,
      push = consent(age < 40 ? 68 : age < 60 ? 50 : 22),
      night = (sms || push) && consent(15);
    const consentAt = (v: boolean) => (v ? new Date(created.getTime() + faker.number.int({ min: 0, max: 20 }) * DAY) : null);
    const banker = bankers.filter((b) => b.branch_code === branch);
    // Drawn in the order the row used to draw them, so the seeded data stays the same.
    const gender = faker.helpers.arrayElement(['M', 'F']);
    const drawn = faker.helpers.arrayElement(['우수', '일반', '일반', '신규', '청년', '시니어', '어업인']);
    // The label follows the data (drawn as before, so every other seeded value stays the same).
    const label = coherentLabel(drawn, ageOn(ymd(birth), seoulDate(now)), now.getTime() - created.getTime());
    rows.push([
      demoCustomerNo(i),
      name,
      null,
      gender,
      ymd(birth),
      mobile ? cipher.encrypt(mobile) : null,
      mobile ? cipher.lookupHash('mobile', mobile) : null,
      mobile ? maskMobile(mobile) : null,
      email ? cipher.encrypt(email) : null,
      email ? cipher.lookupHash('email', email) : null,
      email ? maskEmail(email) : null,
      status,
      region,
      branch,
      label,
      demoTags(i, label, age, now.getTime() - created.getTime()),
      propensity,
      // Assessed some time after joining; about one in ten assessments is older than a year (expired for
      // recommendations). Derived from the index, not faker, so the rest of the seeded data stays the same.
      propensity ? new Date(Math.max(created.getTime(), now.getTime() - (i % 400) * DAY)) : null,
      weighted(faker, [
        ['LOW', 85],
        ['MEDIUM', 12],
        ['HIGH', 3],
      ] as Array<[string, number]>),
      banker.length ? faker.helpers.arrayElement(banker).id : null,
      sms,
      consentAt(sms),
      mail,
      consentAt(mail),
      push,
      consentAt(push),
      night,
      consentAt(night),
      created,
      withdrawn ? new Date(now.getTime() - faker.number.int({ min: 1, max: 900 }) * DAY) : null,
      created,
    ]);
  }
  const columns = [
    'customer_no',
    'name',
    'name_en',
    'gender',
    'birth_date',
    'mobile_enc',
    'mobile_hash',
    'mobile_masked',
    'email_enc',
    'email_hash',
    'email_masked',
    'status',
    'region',
    'branch_code',
    'segment_label',
    'tags',
    'propensity',
    'propensity_assessed_at',
    'risk_grade',
    'assigned_staff_id',
    'consent_sms',
    'consent_sms_at',
    'consent_email',
    'consent_email_at',
    'consent_push',
    'consent_push_at',
    'consent_night',
    'consent_night_at',
    'status_changed_at',
    'withdrawn_at',
    'created_at',
  ];
  // Rows from before the CRM schema (no name yet) are completed; any other existing row is left alone.
  // `name` is assigned last because every other assignment tests it.
  const fill = [...columns.filter((c) => c !== 'customer_no' && c !== 'name' && c !== 'status'), 'name'].map((c) => `${c} = IF(name = '', VALUES(${c}), ${c})`).join(', ');
  for (const part of chunk(rows)) {
    // Counted by key look-ups (mysql2's affectedRows counts matched rows, not changed ones).
    const [{ complete }] = await ds.query("SELECT COUNT(*) complete FROM customer WHERE customer_no IN (?) AND name <> ''", [part.map((r) => r[0])]);
    await ds.query(`INSERT INTO customer (${columns.join(', ')}) VALUES ? ON DUPLICATE KEY UPDATE ${fill}`, [part]);
    created += part.length - Number(complete);
  }
  await ds.query(
    `INSERT INTO customer_status_history (customer_id, from_status, to_status, reason, actor_email, changed_at)
     SELECT c.id, NULL, c.status, '초기 데이터 이관', 'system:seed', c.created_at FROM customer c
      WHERE NOT EXISTS (SELECT 1 FROM customer_status_history h WHERE h.customer_id = c.id)`,
  );
  return created;
}

/** Demo segments, published through the service (membership materialised; entered events wait in the outbox for Kafka). */
async function seedSegments(services: DomainServices, now: Date): Promise<number> {
  let created = 0;
  for (const seg of demoSegments) {
    const [exists] = await services.ds.query('SELECT id FROM segment WHERE name = ?', [seg.name]);
    if (exists) continue;
    const saved = await services.segments.saveSegment(null, { name: seg.name, description: seg.description });
    if (!saved.ok) throw new Error(`demo segment ${seg.name}: ${saved.message}`);
    const published = await services.segments.publish(saved.entity.id, { definition: seg.definition }, now);
    if (!published.ok) throw new Error(`demo segment ${seg.name}: ${published.errors.map((e) => e.message).join('; ')}`);
    created++;
  }
  return created;
}

async function seedCatalogue(ds: DataSource, makers: Array<{ id: number }>, checkers: Array<{ id: number }>, now: Date): Promise<{ products: number; versions: number }> {
  const maker = makers[0]!.id;
  const checker = checkers[0]!.id;
  const products = Number(
    (
      await ds.query('INSERT IGNORE INTO product (code, name, type, category, tags, risk_grade, summary, created_by) VALUES ?', [
        demoProducts.map((p) => [p.code, p.name, p.type, p.category, p.tags, p.riskGrade, `${p.name}: ${p.category} 상품입니다.`, maker]),
      ])
    ).affectedRows ?? 0,
  );
  // Only demo products get demo versions: a product a user created stays as they left it.
  const bare: Array<{ id: number; code: string; name: string; type: string }> = await ds.query(
    'SELECT p.id, p.code, p.name, p.type FROM product p WHERE p.code IN (?) AND NOT EXISTS (SELECT 1 FROM product_version v WHERE v.product_id = p.id) ORDER BY p.id',
    [demoProducts.map((p) => p.code)],
  );
  let versions = 0;
  for (const [i, p] of bare.entries()) {
    const rule = demoProducts.find((d) => d.code === p.code)?.eligibility;
    await ds.transaction(async (m) => {
      const history: Array<[number, string, boolean]> =
        i % 3 === 0
          ? [
              [1, 'TERMINATED', false],
              [2, 'PUBLISHED', true],
            ]
          : [[1, 'PUBLISHED', true]];
      for (const [no, status, current] of history) {
        const from = new Date(now.getTime() - (current ? 200 : 900) * DAY);
        const to = current ? null : new Date(now.getTime() - 201 * DAY);
        const approvedAt = new Date(from.getTime() - 3 * DAY);
        const r = await m.query(
          `INSERT INTO product_version (product_id, version_no, label, status, valid_from, valid_to, conditions, author_id, last_edited_by, approved_by, approved_at, published_at,
                                        min_age, max_age, eligible_gender, eligible_regions)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [
            p.id,
            no,
            `${p.name} v${no}`,
            status,
            ymd(from),
            to ? ymd(to) : null,
            '영업점 및 비대면 채널 가입 가능',
            maker,
            maker,
            checker,
            approvedAt,
            from,
            // 가입 대상 as the demo catalogue gives it (seeds/demo-products.ts); NULL = anyone.
            rule?.minAge ?? null,
            rule?.maxAge ?? null,
            rule?.eligibleGender ?? null,
            rule?.eligibleRegions ?? null,
          ],
        );
        const vid = Number(r.insertId);
        versions++;
        if (['DEPOSIT', 'SAVINGS', 'LOAN'].includes(p.type)) {
          const base = p.type === 'LOAN' ? 520 + (i % 5) * 35 : 280 + (i % 6) * 15 + (current ? 20 : 0);
          await m.query('INSERT INTO product_rate_tier (product_version_id, term_months_min, term_months_max, amount_min, amount_max, rate_bp) VALUES ?', [
            [
              [vid, 1, 6, 1_000_000, null, base - 40],
              [vid, 6, 12, 1_000_000, null, base],
              [vid, 12, 36, 1_000_000, 100_000_000, base + 25],
              [vid, 12, 36, 100_000_000, null, base + 40],
            ],
          ]);
        }
        const reviewFrom = new Date(approvedAt.getTime() - 2 * DAY);
        const reviewTo = new Date(now.getTime() + (current ? 365 : -150) * DAY);
        const d = await m.query(
          `INSERT INTO disclosure (product_version_id, revision, title, body, status, review_no, review_valid_from, review_valid_to, author_id, last_edited_by, approved_by, approved_at)
           VALUES (?, 1, ?, ?, 'APPROVED', ?, ?, ?, ?, ?, ?, ?)`,
          [
            vid,
            `${p.name} 상품설명서`,
            `${p.name}의 주요 내용, 금리, 수수료, 중도해지 시 불이익, 예금자보호 여부를 안내합니다. 가입 전 상품설명서와 약관을 반드시 읽어 보시기 바랍니다.`,
            `수협 준법감시 제${reviewFrom.getUTCFullYear()}-${p.code}-${no}호`,
            ymd(reviewFrom),
            ymd(reviewTo),
            maker,
            maker,
            checker,
            approvedAt,
          ],
        );
        const steps: Array<[string, string | null, string, number, string, Date]> = [
          ['DISCLOSURE', null, 'DRAFT', maker, 'r1 작성', new Date(approvedAt.getTime() - 6 * DAY)],
          ['DISCLOSURE', 'DRAFT', 'PENDING_REVIEW', maker, '', new Date(approvedAt.getTime() - 5 * DAY)],
          ['DISCLOSURE', 'PENDING_REVIEW', 'APPROVED', checker, '심의 완료', new Date(approvedAt.getTime() - 4 * DAY)],
          ['PRODUCT_VERSION', null, 'DRAFT', maker, `v${no} 작성`, new Date(approvedAt.getTime() - 7 * DAY)],
          ['PRODUCT_VERSION', 'DRAFT', 'PENDING_APPROVAL', maker, '', new Date(approvedAt.getTime() - 5 * DAY)],
          ['PRODUCT_VERSION', 'PENDING_APPROVAL', 'APPROVED', checker, '승인', approvedAt],
          ['PRODUCT_VERSION', 'APPROVED', 'PUBLISHED', maker, '게시', from],
        ];
        if (status === 'TERMINATED') steps.push(['PRODUCT_VERSION', 'PUBLISHED', 'TERMINATED', maker, `v${no + 1} 게시로 대체됨`, new Date(now.getTime() - 200 * DAY)]);
        await m.query('INSERT INTO lifecycle_transition (subject_type, subject_id, product_id, from_status, to_status, actor_id, actor_email, comment, occurred_at) VALUES ?', [
          steps.map(([type, f, t, actor, comment, at]) => [
            type,
            type === 'DISCLOSURE' ? Number(d.insertId) : vid,
            p.id,
            f,
            t,
            actor,
            actor === maker ? 'product@demo.bank' : 'compliance@demo.bank',
            comment || null,
            at,
          ]),
        ]);
      }
    });
  }
  return { products, versions };
}

async function seedHoldings(ds: DataSource, faker: Faker, count: number, bankers: Array<{ id: number; branch_code: string | null }>, now: Date): Promise<number> {
  const versions: Array<{
    id: number;
    product_id: number;
    type: string;
    risk_grade: number;
    status: string;
    min_age: number | null;
    max_age: number | null;
    eligible_gender: 'M' | 'F' | null;
    eligible_regions: string | null;
  }> = await ds.query(
    `SELECT v.id, v.product_id, p.type, p.risk_grade, v.status, v.min_age, v.max_age, v.eligible_gender, v.eligible_regions
       FROM product_version v JOIN product p ON p.id = v.product_id
      WHERE v.status IN ('PUBLISHED', 'TERMINATED') AND p.code REGEXP '^(DP|SV|LN|FD|IN|CD)-[0-9]{3}$' ORDER BY v.id`,
  );
  const customers: Array<{
    id: number;
    branch_code: string;
    propensity: Propensity | null;
    status: string;
    created_at: Date;
    birth_date: string | null;
    gender: 'M' | 'F' | null;
    region: string | null;
  }> = await ds.query(
    "SELECT id, branch_code, propensity, status, created_at, DATE_FORMAT(birth_date, '%Y-%m-%d') birth_date, gender, region FROM customer WHERE customer_no REGEXP '^C[0-9]{7}$' ORDER BY id",
  );
  if (!versions.length || !customers.length) return 0;
  const amountFor: Record<string, [number, number]> = {
    DEPOSIT: [1_000_000, 100_000_000],
    SAVINGS: [100_000, 30_000_000],
    LOAN: [5_000_000, 300_000_000],
    FUND: [1_000_000, 50_000_000],
    INSURANCE: [300_000, 20_000_000],
    CARD: [0, 0],
  };
  const rows: unknown[][] = [];
  const eligible = (v: (typeof versions)[number], c: (typeof customers)[number], on: string) =>
    checkEligibility(
      { minAge: v.min_age, maxAge: v.max_age, eligibleGender: v.eligible_gender, eligibleRegions: v.eligible_regions },
      { birthDate: c.birth_date, gender: c.gender, region: c.region },
      on,
    ).ok;
  for (let i = 1; i <= count; i++) {
    const c = faker.helpers.arrayElement(customers);
    const drawn = faker.helpers.arrayElement(versions);
    if (!checkSuitability(c.propensity, drawn.type, drawn.risk_grade).ok) continue;
    const opened = new Date(Math.max(new Date(c.created_at).getTime(), now.getTime() - 3 * 365 * DAY) + faker.number.int({ min: 0, max: 400 }) * DAY);
    if (opened > now) continue;
    // Bought within the version's 가입 대상 on the day it was opened (no child insurance held by a 76-year-old): a version
    // the customer could not open is replaced by the next one of the same type they could (no extra draw, so the
    // rest of the seeded data stays the same); none, no holding.
    const start = versions.indexOf(drawn);
    const v = [...versions.slice(start), ...versions.slice(0, start)].find(
      (x) => x.type === drawn.type && checkSuitability(c.propensity, x.type, x.risk_grade).ok && eligible(x, c, ymd(opened)),
    );
    if (!v) continue;
    const closed =
      v.status === 'TERMINATED' || c.status === 'WITHDRAWN' || faker.number.int({ min: 0, max: 99 }) < 18
        ? new Date(Math.min(now.getTime() - DAY, opened.getTime() + faker.number.int({ min: 30, max: 700 }) * DAY))
        : null;
    const [lo, hi] = amountFor[v.type] ?? [1_000_000, 10_000_000];
    const amount = v.type === 'CARD' ? 1 : Math.round(faker.number.int({ min: lo, max: hi }) / 10_000) * 10_000;
    const sellers = bankers.filter((b) => b.branch_code === c.branch_code);
    rows.push([
      `S${String(i).padStart(9, '0')}`,
      c.id,
      v.product_id,
      v.id,
      sellers.length ? faker.helpers.arrayElement(sellers).id : null,
      c.branch_code,
      amount,
      ymd(opened),
      closed && closed > opened ? ymd(closed) : null,
    ]);
  }
  let created = 0;
  for (const part of chunk(rows)) {
    const r = await ds.query(
      'INSERT IGNORE INTO holding (contract_no, customer_id, product_id, product_version_id, sold_by_staff_id, branch_code, amount, opened_on, closed_on) VALUES ?',
      [part],
    );
    created += Number(r.affectedRows ?? 0);
  }
  return created;
}

async function seedEvents(ds: DataSource, faker: Faker, count: number, now: Date): Promise<number> {
  const customers: Array<{ id: number; customer_no: string }> = await ds.query(
    "SELECT id, customer_no FROM customer WHERE status <> 'WITHDRAWN' AND customer_no REGEXP '^C[0-9]{7}$' ORDER BY id",
  );
  if (!customers.length) return 0;
  const types: Array<[string, number]> = [
    ['app.login', 35],
    ['product.view', 25],
    ['transfer.completed', 15],
    ['card.payment', 15],
    ['counsel.visit', 4],
    ['deposit.matured', 3],
    ['loan.inquiry', 3],
  ];
  const rows: unknown[][] = [];
  for (let i = 1; i <= count; i++) {
    const c = faker.helpers.arrayElement(customers);
    const type = weighted(faker, types);
    const at = new Date(now.getTime() - faker.number.int({ min: 0, max: 30 * 24 * 60 }) * 60_000);
    const viewed = type === 'product.view' ? faker.helpers.arrayElement(['DP-001', 'SV-002', 'FD-004', 'LN-003']) : '';
    // productType from the catalogue (no extra draw, so the other seeded values stay the same); journeys filter on it.
    const properties =
      type === 'product.view'
        ? { productCode: viewed, productType: demoProducts.find((p) => p.code === viewed)?.type, channel: 'mobile-app' }
        : type === 'transfer.completed' || type === 'card.payment'
          ? { amount: faker.number.int({ min: 1, max: 500 }) * 10_000, channel: faker.helpers.arrayElement(['internet-banking', 'mobile-app']) }
          : { channel: faker.helpers.arrayElement(['mobile-app', 'mobile-web', 'branch']) };
    rows.push([`seed-evt-${String(i).padStart(6, '0')}`, c.id, c.customer_no, type, at, JSON.stringify(properties), at, 'seed']);
  }
  let created = 0;
  for (const part of chunk(rows)) {
    const r = await ds.query('INSERT IGNORE INTO behaviour_event (event_id, customer_id, customer_no, type, occurred_at, properties, received_at, source) VALUES ?', [part]);
    created += Number(r.affectedRows ?? 0);
  }
  return created;
}
