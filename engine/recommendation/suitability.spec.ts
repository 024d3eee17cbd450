import { checkSuitability, riskiestGradeAllowed } from './suitability.js';
import { propensities, type Propensity } from '../../resources/customer/customer-attributes.js';

/**
 * 적합성 원칙, written out by hand: the fund risk grades (1 = 매우 높은 위험 ..
 * 6 = 매우 낮은 위험) each investment propensity may be offered.
 */
const fundGradesAllowed: Record<Propensity, number[]> = {
  STABLE: [6],
  STABLE_SEEKING: [5, 6],
  NEUTRAL: [3, 4, 5, 6],
  ACTIVE: [2, 3, 4, 5, 6],
  AGGRESSIVE: [1, 2, 3, 4, 5, 6],
};
const grades = [1, 2, 3, 4, 5, 6];

describe.each(propensities.map((p) => [p]))('a %s customer', (propensity) => {
  test.each(grades.map((g) => [g, fundGradesAllowed[propensity].includes(g)]))('and a FUND of grade %i: allowed = %p', (grade, allowed) => {
    const d = checkSuitability(propensity, 'FUND', grade);
    expect(d.ok).toBe(allowed);
    if (!d.ok) {
      // The reason in plain words: the propensity's and the grades' names, never a raw code.
      expect(d.message).toContain(`위험등급 ${Math.min(...fundGradesAllowed[propensity])}(`);
      expect(d.ko).toBe(d.message);
      expect(`${d.ko} ${d.en}`).not.toContain(propensity);
      expect(d.en).toMatch(/risk grade \d \(/);
    }
  });
});

test('the table covers every propensity, each allowing the grades written above', () => {
  expect(Object.keys(riskiestGradeAllowed).sort()).toEqual([...propensities].sort());
  for (const p of propensities) expect(grades.filter((g) => checkSuitability(p, 'FUND', g).ok)).toEqual(fundGradesAllowed[p]);
});

test('a customer without a propensity diagnosis may not be offered any fund', () => {
  for (const g of grades) {
    const d = checkSuitability(null, 'FUND', g);
    expect(d).toMatchObject({ ok: false, code: 'noPropensity', message: '투자성향 진단을 받지 않은 고객에게는 투자상품을 판매할 수 없습니다' });
    if (!d.ok) expect(d.en).toContain('investment propensity');
  }
});

test.each([['DEPOSIT'], ['SAVINGS'], ['LOAN'], ['INSURANCE'], ['CARD']])('%s products are outside the suitability rule, for every propensity and none', (type) => {
  for (const p of [...propensities, null]) for (const g of grades) expect(checkSuitability(p, type, g)).toEqual({ ok: true });
});

test('a stable customer is told in plain words which grade they may buy', () => {
  const d = checkSuitability('STABLE', 'FUND', 3);
  expect(d).toMatchObject({ ok: false, code: 'tooRisky' });
  if (!d.ok) {
    expect(d.ko).toBe('안정형 고객은 위험등급 6(매우 낮은 위험) 상품만 가입할 수 있습니다(이 상품은 위험등급 3(다소 높은 위험))');
    expect(d.en).toBe('A customer with the Stable propensity may open only products of risk grade 6 (very low risk) (this product is risk grade 3 (fairly high risk))');
  }
  const n = checkSuitability('NEUTRAL', 'FUND', 2);
  if (!n.ok) expect(n.ko).toContain('위험중립형 고객은 위험등급 3(다소 높은 위험)~6(매우 낮은 위험) 상품만');
});
