import type { SegmentDefinition, SegmentNode } from '../engine/definitions/segment/segment-definition.schema.js';
import { demoProducts } from './demo-products.js';

/** The demo time deposits (정기예금), not the demand deposits (입출금) that share the DEPOSIT type. */
const timeDepositCodes = demoProducts.filter((p) => p.type === 'DEPOSIT' && p.category === '정기예금').map((p) => p.code);

/**
 * The newest open time deposit was opened between `years` years and
 * `years` years minus `days` days ago, i.e. its `years`-th anniversary
 * falls within the next `days` days. Holdings carry no maturity date, and a
 * holding condition has no "opened more than N days ago", so: holds one
 * opened within the last 365·years days AND holds none opened within the
 * last 365·years − days days.
 */
const anniversaryWithin = (years: number, days: number): SegmentNode => ({
  type: 'and',
  children: [
    { type: 'or', children: timeDepositCodes.map((productCode): SegmentNode => ({ type: 'holding', mode: 'holds', productCode, openedWithinDays: 365 * years })) },
    ...timeDepositCodes.map((productCode): SegmentNode => ({ type: 'holding', mode: 'notHolds', productCode, openedWithinDays: 365 * years - days })),
  ],
});

/** The deposit-maturity journey's audience (seeds/demo-journeys.ts). */
export const depositMaturingSegmentName = '만기 예정 정기예금 고객';

/**
 * Segments a marketer finds in the demo console, published, so the list,
 * the canvas, membership and the customer 360 page have something real to
 * show. Each uses seeded data: regions, consents, tags, fund holdings and
 * the seeded event types and properties.
 */
export const demoSegments: Array<{ name: string; description: string; definition: SegmentDefinition }> = [
  {
    name: '서울·경기 모바일 활성 고객',
    description: '서울·경기 거주, SMS 수신 동의, 최근 30일 모바일 앱 로그인 1회 이상',
    definition: {
      schemaVersion: 1,
      root: {
        type: 'and',
        children: [
          { type: 'attribute', field: 'region', op: 'in', values: ['SEOUL', 'GYEONGGI'] },
          { type: 'attribute', field: 'consentSms', op: 'is', value: true },
          {
            type: 'event',
            eventType: 'app.login',
            op: 'atLeast',
            times: 1,
            window: { kind: 'lastDays', days: 30 },
            where: [{ property: 'channel', op: 'eq', value: 'mobile-app' }],
          },
        ],
      },
    },
  },
  {
    name: '펀드 미보유 VIP',
    description: 'VIP 태그, 펀드 미보유, 위험중립형 이상 투자성향',
    definition: {
      schemaVersion: 1,
      root: {
        type: 'and',
        children: [
          { type: 'attribute', field: 'tags', op: 'hasAny', values: ['vip'] },
          { type: 'holding', mode: 'notHolds', productType: 'FUND' },
          { type: 'attribute', field: 'propensity', op: 'in', values: ['NEUTRAL', 'ACTIVE', 'AGGRESSIVE'] },
        ],
      },
    },
  },
  {
    name: '연금 수령 연령 정기예금 고객',
    description: '60세 이상, 정기예금 보유 또는 최근 90일 예금 만기',
    definition: {
      schemaVersion: 1,
      root: {
        type: 'and',
        children: [
          { type: 'attribute', field: 'age', op: 'gte', value: 60 },
          {
            type: 'or',
            children: [
              { type: 'holding', mode: 'holds', productType: 'DEPOSIT' },
              { type: 'event', eventType: 'deposit.matured', op: 'atLeast', times: 1, window: { kind: 'lastDays', days: 90 }, where: [] },
            ],
          },
        ],
      },
    },
  },
  {
    name: depositMaturingSegmentName,
    description:
      '만기일 추정: 보유 중인 정기예금(입출금 제외) 가운데 가장 최근 가입분의 가입 1·2·3주년이 오늘부터 14일 안에 돌아오는 고객. ' +
      '보유 계좌에 만기일이 없어 가입일과 1·2·3년 만기를 가정한 근사치입니다. 매주 월요일 만기 안내 여정의 대상',
    definition: { schemaVersion: 1, root: { type: 'or', children: [1, 2, 3].map((years) => anniversaryWithin(years, 14)) } },
  },
];
