import type { JourneyDefinitionInput } from './journey-definition.schema.js';

/**
 * Four realistic journeys, written as a marketer would draw them: the demo
 * seed publishes them and the specs validate them. Segment and template ids
 * differ per database, so the seed passes its own (`refs`: the demo segment
 * and the eight demo templates of seeds/demo-templates.ts); the specs use
 * `exampleJourneyRefs`, placeholders that publish nowhere (publishing checks
 * that every send block's template exists, is of its channel and approved).
 *
 * Event types are those of the demo data (`product.view`, `deposit.matured`,
 * ...) plus three the demo event stream is expected to produce:
 * `app.signup`, `holding.opened` and `deposit.renewed`.
 */
export interface ExampleJourneyRefs {
  segments: { depositMaturing: number };
  templates: {
    welcomePush: number;
    appGuideEmail: number;
    appReminderSms: number;
    maturityNoticeSms: number;
    maturityReminderPush: number;
    fundNudgePush: number;
    fundNudgeSms: number;
    maturityDayEmail: number;
  };
}

export const exampleJourneyRefs: ExampleJourneyRefs = {
  segments: { depositMaturing: 3 },
  templates: { welcomePush: 1, appGuideEmail: 2, appReminderSms: 3, maturityNoticeSms: 4, maturityReminderPush: 5, fundNudgePush: 6, fundNudgeSms: 7, maturityDayEmail: 8 },
};

export interface ExampleJourney {
  key: string;
  name: string;
  description: string;
  definition: JourneyDefinitionInput;
}

/** New mobile-app users: a welcome push, a day later a guide or a reminder depending on whether they came back. */
export function welcomeSeriesJourney(refs: ExampleJourneyRefs = exampleJourneyRefs): ExampleJourney {
  const t = refs.templates;
  return {
    key: 'welcome-mobile-app',
    name: '모바일 앱 신규 가입 환영 시리즈',
    description: '앱 가입 즉시 환영 푸시, 하루 뒤 재방문 고객에게는 이용 안내 메일, 미방문 고객에게는 평일 오전 안내 문자',
    definition: {
      version: 1,
      entry: { type: 'event', eventType: 'app.signup', where: [{ property: 'channel', op: 'eq', value: 'mobile-app' }] },
      reEntry: { kind: 'once' },
      goal: { eventType: 'transfer.completed', where: [], withinDays: 14 },
      maxDurationDays: 14,
      nodes: [
        { id: 'start', type: 'start', next: 'welcome-push' },
        { id: 'welcome-push', type: 'sendMessage', label: '환영 푸시', channel: 'push', templateId: t.welcomePush, next: 'tag-new' },
        { id: 'tag-new', type: 'updateCustomer', label: '신규 앱 고객 태그', change: { kind: 'addTag', tag: 'app-new' }, next: 'wait-1d' },
        { id: 'wait-1d', type: 'waitDuration', duration: 'P1D', next: 'came-back' },
        {
          id: 'came-back',
          type: 'condition',
          label: '하루 안에 다시 로그인',
          condition: { type: 'event', eventType: 'app.login', op: 'atLeast', times: 1, window: { kind: 'lastDays', days: 1 }, where: [] },
          onTrue: 'guide-email',
          onFalse: 'weekday-morning',
        },
        { id: 'guide-email', type: 'sendMessage', label: '이용 안내 메일', channel: 'email', templateId: t.appGuideEmail, next: 'done' },
        {
          id: 'weekday-morning',
          type: 'waitUntil',
          label: '평일 오전 10~12시',
          until: { kind: 'window', from: '10:00', to: '12:00', weekdays: ['MON', 'TUE', 'WED', 'THU', 'FRI'] },
          next: 'reminder-sms',
        },
        { id: 'reminder-sms', type: 'sendMessage', label: '재방문 안내 문자', channel: 'sms', templateId: t.appReminderSms, next: 'done' },
        { id: 'done', type: 'exit' },
      ],
    },
  };
}

/** Every Monday 10:00 (Seoul), customers whose deposit matures soon: a notice, then a reminder on the next business day if they did not renew. */
export function depositMaturityJourney(refs: ExampleJourneyRefs = exampleJourneyRefs): ExampleJourney {
  const t = refs.templates;
  return {
    key: 'deposit-maturity-weekly',
    name: '정기예금 만기 안내 (매주 월요일)',
    description: '만기 예정 고객 세그먼트에 매주 월요일 10시 만기 안내 문자, 3일 안에 재예치하지 않으면 다음 영업일 오전에 푸시',
    definition: {
      version: 1,
      entry: {
        type: 'schedule',
        segmentId: refs.segments.depositMaturing,
        schedule: { kind: 'recurring', cron: '0 10 * * MON', timeZone: 'Asia/Seoul' },
      },
      // Weekly: the same customer may come again next Monday, never twice in one week.
      reEntry: { kind: 'afterDays', days: 6 },
      goal: { eventType: 'deposit.renewed', where: [], withinDays: 7 },
      exitWhen: [{ type: 'segmentExited', segmentId: refs.segments.depositMaturing }],
      maxDurationDays: 7,
      nodes: [
        { id: 'start', type: 'start', next: 'notice-sms' },
        { id: 'notice-sms', type: 'sendMessage', label: '만기 안내 문자', channel: 'sms', templateId: t.maturityNoticeSms, next: 'renewed' },
        { id: 'renewed', type: 'waitForEvent', label: '3일 안에 재예치', eventType: 'deposit.renewed', timeout: 'P3D', onEvent: 'tag-renewed', onTimeout: 'next-business-day' },
        { id: 'tag-renewed', type: 'updateCustomer', change: { kind: 'addTag', tag: 'renewed' }, next: 'converted' },
        { id: 'converted', type: 'goal', label: '재예치' },
        {
          id: 'next-business-day',
          type: 'waitUntil',
          label: '다음 영업일 오전 9~11시',
          until: { kind: 'window', from: '09:00', to: '11:00', nextBusinessDay: true, timeZone: 'Asia/Seoul' },
          next: 'reminder-push',
        },
        { id: 'reminder-push', type: 'sendMessage', label: '만기 재안내 푸시', channel: 'push', templateId: t.maturityReminderPush, next: 'done' },
        { id: 'done', type: 'exit' },
      ],
    },
  };
}

/** Viewed a fund and bought none within 3 days: a nudge, push or SMS half and half to see which works better. */
export function fundViewNudgeJourney(refs: ExampleJourneyRefs = exampleJourneyRefs): ExampleJourney {
  const t = refs.templates;
  return {
    key: 'fund-view-nudge',
    name: '펀드 조회 후 미가입 고객 넛지 (A/B)',
    description: '펀드를 조회하고 3일 안에 가입하지 않은 고객에게 푸시(A) 또는 문자(B)로 상담 안내. 투자성향이 안정형인 고객은 제외',
    definition: {
      version: 1,
      entry: { type: 'event', eventType: 'product.view', where: [{ property: 'productType', op: 'eq', value: 'FUND' }] },
      reEntry: { kind: 'afterDays', days: 30 },
      goal: { eventType: 'holding.opened', where: [{ property: 'productType', op: 'eq', value: 'FUND' }], withinDays: 10 },
      maxDurationDays: 10,
      nodes: [
        { id: 'start', type: 'start', next: 'suitable' },
        {
          id: 'suitable',
          type: 'condition',
          label: '위험중립형 이상',
          condition: { type: 'attribute', field: 'propensity', op: 'in', values: ['NEUTRAL', 'ACTIVE', 'AGGRESSIVE'] },
          onTrue: 'bought',
          onFalse: 'not-suitable',
        },
        { id: 'not-suitable', type: 'exit', label: '투자성향 부적합' },
        {
          id: 'bought',
          type: 'waitForEvent',
          label: '3일 안에 펀드 가입',
          eventType: 'holding.opened',
          where: [{ property: 'productType', op: 'eq', value: 'FUND' }],
          timeout: 'P3D',
          onEvent: 'converted',
          onTimeout: 'ab',
        },
        { id: 'converted', type: 'goal' },
        {
          id: 'ab',
          type: 'split',
          label: '채널 A/B',
          branches: [
            { id: 'a-push', label: 'A: 푸시', weight: 50, next: 'nudge-push' },
            { id: 'b-sms', label: 'B: 문자', weight: 50, next: 'nudge-sms' },
          ],
        },
        { id: 'nudge-push', type: 'sendMessage', channel: 'push', templateId: t.fundNudgePush, next: 'done' },
        { id: 'nudge-sms', type: 'sendMessage', channel: 'sms', templateId: t.fundNudgeSms, next: 'done' },
        { id: 'done', type: 'exit' },
      ],
    },
  };
}

/**
 * A deposit reached its maturity date today (the core banking system's `deposit.matured` event): the customer
 * gets the maturity notice by SMS at once and the details by e-mail. Both are informational (a notice about
 * the customer's own contract), so they need no marketing consent and are sent at any hour.
 */
export function maturityDayNoticeJourney(refs: ExampleJourneyRefs = exampleJourneyRefs): ExampleJourney {
  const t = refs.templates;
  return {
    key: 'maturity-day-notice',
    name: '정기예금 만기일 당일 안내',
    description: '만기 도래 이벤트 즉시 만기 안내 문자와 해지·재예치 방법 안내 메일 발송 (정보성)',
    definition: {
      version: 1,
      entry: { type: 'event', eventType: 'deposit.matured', where: [] },
      reEntry: { kind: 'always' },
      maxDurationDays: 1,
      nodes: [
        { id: 'start', type: 'start', next: 'notice-sms' },
        { id: 'notice-sms', type: 'sendMessage', label: '만기 안내 문자', channel: 'sms', templateId: t.maturityNoticeSms, next: 'notice-email' },
        { id: 'notice-email', type: 'sendMessage', label: '만기 상세 안내 메일', channel: 'email', templateId: t.maturityDayEmail, next: 'done' },
        { id: 'done', type: 'exit' },
      ],
    },
  };
}

export function exampleJourneys(refs: ExampleJourneyRefs = exampleJourneyRefs): ExampleJourney[] {
  return [welcomeSeriesJourney(refs), depositMaturityJourney(refs), fundViewNudgeJourney(refs), maturityDayNoticeJourney(refs)];
}
