import type { SegmentDefinition } from '../engine/definitions/segment/segment-definition.schema.js';

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
          { type: 'event', eventType: 'app.login', op: 'atLeast', times: 1, window: { kind: 'lastDays', days: 30 }, where: [{ property: 'channel', op: 'eq', value: 'mobile-app' }] },
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
];
