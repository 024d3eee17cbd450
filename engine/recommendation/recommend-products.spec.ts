import { recommendProducts, type OfferableProduct } from './recommend-products.js';

let nextId = 1;
const product = (type: string, riskGrade: number, productId = nextId++): OfferableProduct => ({
  productId,
  versionId: productId * 10,
  code: `P${productId}`,
  name: `${type}-${riskGrade}-${productId}`,
  type,
  riskGrade,
});

const deposit6 = product('DEPOSIT', 6, 1);
const savings6 = product('SAVINGS', 6, 2);
const fund6 = product('FUND', 6, 3);
const fund5 = product('FUND', 5, 4);
const fund3 = product('FUND', 3, 5);
const fund1 = product('FUND', 1, 6);
const card5 = product('CARD', 5, 7);
const onSale = [deposit6, savings6, fund6, fund5, fund3, fund1, card5];
const ids = (r: Array<{ productId: number }>) => r.map((p) => p.productId);

test('products the customer already holds are never recommended', () => {
  const r = recommendProducts('AGGRESSIVE', onSale, new Set([deposit6.productId, fund1.productId]), new Set(), 10);
  expect(ids(r)).not.toContain(deposit6.productId);
  expect(ids(r)).not.toContain(fund1.productId);
  expect(ids(r).sort()).toEqual([2, 3, 4, 5, 7]);
});

test('funds the propensity does not allow are never recommended', () => {
  expect(ids(recommendProducts('STABLE', onSale, new Set(), new Set(), 10)).filter((id) => [3, 4, 5, 6].includes(id))).toEqual([3]);
  expect(
    ids(recommendProducts('STABLE_SEEKING', onSale, new Set(), new Set(), 10))
      .filter((id) => [3, 4, 5, 6].includes(id))
      .sort(),
  ).toEqual([3, 4]);
  expect(
    ids(recommendProducts('NEUTRAL', onSale, new Set(), new Set(), 10))
      .filter((id) => [3, 4, 5, 6].includes(id))
      .sort(),
  ).toEqual([3, 4, 5]);
});

test('a customer without a propensity is offered no fund at all, but still deposits and cards', () => {
  const r = recommendProducts(null, onSale, new Set(), new Set(), 10);
  expect(r.every((p) => p.type !== 'FUND')).toBe(true);
  expect(ids(r).sort()).toEqual([1, 2, 7]);
});

test('types the customer holds none of come first, then the riskiest allowed grade, then product id', () => {
  // Holds a deposit (type DEPOSIT, another product) and a fund: savings and cards broaden the relationship.
  const r = recommendProducts('NEUTRAL', onSale, new Set([99]), new Set(['DEPOSIT', 'FUND']), 10);
  expect(r.map((p) => [p.productId, p.reason])).toEqual([
    [7, 'newType'], // CARD grade 5
    [2, 'newType'], // SAVINGS grade 6
    [5, 'suitableFit'], // FUND grade 3: the riskiest NEUTRAL may have
    [4, 'suitableFit'], // FUND grade 5
    [1, 'suitableFit'], // DEPOSIT grade 6, id 1
    [3, 'suitableFit'], // FUND grade 6, id 3
  ]);
});

test('ties on type novelty and grade are broken by product id, whatever the input order', () => {
  const a = product('DEPOSIT', 6, 20);
  const b = product('DEPOSIT', 6, 10);
  expect(ids(recommendProducts('STABLE', [a, b], new Set(), new Set()))).toEqual([10, 20]);
});

test('at most `limit` recommendations (5 by default), and none from an empty catalogue', () => {
  const many = Array.from({ length: 12 }, (_, i) => product('DEPOSIT', 6, 100 + i));
  expect(recommendProducts('STABLE', many, new Set(), new Set())).toHaveLength(5);
  expect(recommendProducts('STABLE', many, new Set(), new Set(), 2)).toHaveLength(2);
  expect(recommendProducts('AGGRESSIVE', [], new Set(), new Set())).toEqual([]);
});

test('the input list is not reordered or modified', () => {
  const copy = onSale.map((p) => ({ ...p }));
  recommendProducts('AGGRESSIVE', onSale, new Set(), new Set(['FUND']));
  expect(onSale).toEqual(copy);
});

test('each recommendation carries the product and a reason', () => {
  const [first] = recommendProducts('AGGRESSIVE', [fund1], new Set(), new Set());
  expect(first).toEqual({ ...fund1, reason: 'newType' });
});

describe('eligibility (가입 대상)', () => {
  const anyone = { minAge: null, maxAge: null, eligibleGender: null, eligibleRegions: null };
  const childInsurance: OfferableProduct = { ...product('INSURANCE', 6, 100), eligibility: { ...anyone, maxAge: 18 } };
  const youthSavings: OfferableProduct = { ...product('SAVINGS', 6, 101), eligibility: { ...anyone, minAge: 19, maxAge: 34 } };
  const womenOnly: OfferableProduct = { ...product('DEPOSIT', 6, 102), eligibility: { ...anyone, eligibleGender: 'F' } };
  const jejuOnly: OfferableProduct = { ...product('DEPOSIT', 6, 103), eligibility: { ...anyone, eligibleRegions: 'JEJU' } };
  const open: OfferableProduct = { ...product('LOAN', 6, 104), eligibility: anyone };
  const all = [childInsurance, youthSavings, womenOnly, jejuOnly, open];
  const today = '2026-12-07';

  test('a 76-year-old is never recommended child insurance or youth savings', () => {
    const r = recommendProducts('STABLE', all, new Set(), new Set(), 10, { customer: { birthDate: '1950-03-01', gender: 'M', region: 'BUSAN' }, today });
    expect(ids(r)).toEqual([104]);
  });

  test('a product is offered to those its rule admits', () => {
    const r = recommendProducts('STABLE', all, new Set(), new Set(), 10, { customer: { birthDate: '2000-01-01', gender: 'F', region: 'JEJU' }, today });
    expect(ids(r).sort()).toEqual([101, 102, 103, 104]);
  });

  test('a restricted product is not offered when the customer is unknown (fail closed); an unrestricted one is', () => {
    expect(ids(recommendProducts('STABLE', all, new Set(), new Set(), 10))).toEqual([104]);
    expect(ids(recommendProducts('STABLE', all, new Set(), new Set(), 10, { customer: { birthDate: null, gender: null, region: null }, today }))).toEqual([104]);
  });
});
