import type { z } from 'zod';
import { problemOfZodIssue, type IssueVocabulary } from '../zod-issue-problem.js';
import { fill, segmentProblemTexts, type ProblemLanguage, type ProblemParams } from '../segment/segment-problems.js';

/**
 * Every problem the journey schema and the journey graph checks can report,
 * in English (the API's `message`) and Korean (what the canvas shows by
 * default), side by side so neither language drifts from the other.
 *
 * A problem travels as data, `{ code, params, message }`, exactly like a
 * segment problem: the API keeps the English message for integrators, the
 * canvas renders `code` + `params` in the console's language. Custom checks
 * name their code in the zod issue's `params.problem`; zod's built-in checks
 * are classified by kind in `journeyProblemOfIssue`.
 *
 * A condition block holds a segment condition (segment-condition.schema.ts),
 * so every segment problem can surface inside a journey: the segment texts
 * are part of this vocabulary, and the journey's own come on top of them.
 */
const journeyOwnTexts = {
  // names and references
  nodeIdFormat: { en: 'a block id: letters, digits, _ and -, at most 64', ko: '블록 id는 영문자, 숫자, _, - 로 64자 이내입니다' },
  unknownType: { en: 'choose a type: {values}', ko: '유형을 선택하세요: {values}' },
  tagFormat: { en: 'a tag: 1 to 40 characters without commas or spaces', ko: '태그는 쉼표와 공백 없이 1~40자입니다' },
  attributeNotSettable: { en: 'a journey may only set {values}', ko: '여정에서는 다음 항목만 바꿀 수 있습니다: {values}' },
  // times and durations
  durationFormat: { en: 'a duration such as PT30M, PT2H, P3D or P1DT12H', ko: '기간은 PT30M, PT2H, P3D, P1DT12H 형식으로 입력하세요' },
  durationRange: { en: 'a duration from {min} minute to {maxDays} days', ko: '기간은 {min}분 이상 {maxDays}일 이하입니다' },
  dateTimeFormat: { en: 'a date and time with its offset, e.g. 2026-12-01T10:00:00+09:00', ko: '날짜와 시각을 시간대와 함께 입력하세요 (예: 2026-12-01T10:00:00+09:00)' },
  timeFormat: { en: 'a time of day as HH:MM, from 00:00 to 23:59', ko: '시각은 HH:MM 형식(00:00~23:59)으로 입력하세요' },
  windowEndsBeforeStart: {
    en: 'the window must end after it starts ({from}–{to}); windows do not run past midnight',
    ko: '시간대의 끝({to})이 시작({from})보다 뒤여야 합니다. 자정을 넘는 시간대는 쓸 수 없습니다',
  },
  noBusinessWeekday: { en: 'next business day needs at least one weekday from Monday to Friday', ko: "'다음 영업일'에는 월요일~금요일 중 하루 이상을 선택해야 합니다" },
  timeZoneUnknown: { en: '{timeZone} is not a known time zone (e.g. Asia/Seoul)', ko: '{timeZone}은(는) 알 수 없는 시간대입니다 (예: Asia/Seoul)' },
  cronFormat: { en: 'a schedule has five fields: minute hour day-of-month month weekday (e.g. 0 10 * * MON)', ko: '일정은 분 시 일 월 요일의 다섯 항목입니다 (예: 0 10 * * MON)' },
  cronInvalid: { en: 'the schedule is not valid: {reason}', ko: '일정 표현식이 올바르지 않습니다: {reason}' },
  timeoutRequired: {
    en: 'waiting for an event needs a timeout, after which the customer takes the timeout exit',
    ko: '이벤트 대기에는 제한 시간이 필요합니다. 제한 시간이 지나면 시간 초과 출구로 진행합니다',
  },
  // blocks
  duplicateBranchId: { en: 'two branches of this split share the id {branch}', ko: '이 분기의 두 갈래가 같은 id({branch})를 씁니다' },
  webhookUrl: { en: 'a web address starting with https:// or http://', ko: 'https:// 또는 http://로 시작하는 주소를 입력하세요' },
  webhookUrlCredentials: { en: 'a web address may not contain a user name or password', ko: '주소에 사용자 이름이나 비밀번호를 넣을 수 없습니다' },
  // message templates (checked against the template store when a journey is validated and published)
  templateNotFound: { en: 'message template {id} does not exist', ko: '메시지 템플릿 {id}이(가) 없습니다' },
  templateWrongChannel: {
    en: 'message template {id} is for {templateChannel}; this block sends {channel}',
    ko: '메시지 템플릿 {id}은(는) {templateChannel} 채널용입니다. 이 블록의 채널은 {channel}입니다',
  },
  templateNotApproved: {
    en: 'message template {id} has no approved revision; it needs a compliance review before the journey is published',
    ko: '메시지 템플릿 {id}에 승인된 버전이 없습니다. 여정을 게시하려면 먼저 준법감시 심의를 받아야 합니다',
  },
  templateReviewExpired: {
    en: 'the compliance review of message template {id} ({reviewNumber}) ended on {validUntil}; renew the review first',
    ko: '메시지 템플릿 {id}의 심의({reviewNumber}) 유효기간이 {validUntil}에 끝났습니다. 심의를 다시 받아야 합니다',
  },
  templateReviewNotYetValid: {
    en: 'the compliance review of message template {id} ({reviewNumber}) is valid only from {validFrom}',
    ko: '메시지 템플릿 {id}의 심의({reviewNumber})는 {validFrom}부터 유효합니다',
  },
  // graph
  duplicateNodeId: { en: 'two blocks share the id {id}', ko: '두 블록이 같은 id({id})를 씁니다' },
  noStart: { en: 'the journey has no start block', ko: '여정에 시작 블록이 없습니다' },
  moreThanOneStart: { en: 'a journey has one start block (this one has {count})', ko: '시작 블록은 하나만 둘 수 있습니다 (현재 {count}개)' },
  exitUnconnected: { en: 'the {exit} exit of this block is not connected', ko: '이 블록의 {exit} 출구가 연결되어 있지 않습니다' },
  exitToMissingNode: { en: 'the {exit} exit leads to a block that does not exist ({target})', ko: '이 블록의 {exit} 출구가 없는 블록({target})을 가리킵니다' },
  exitIntoStart: {
    en: 'the {exit} exit leads back to the start block; connect it to the first step instead',
    ko: '이 블록의 {exit} 출구가 시작 블록으로 돌아갑니다. 첫 단계 블록에 연결하세요',
  },
  cycleWithoutWait: {
    en: 'this block is on a loop without a wait ({cycle}); put a duration wait or an event wait on the loop',
    ko: '이 블록이 대기 없는 순환({cycle})에 있습니다. 순환 안에 기간 대기나 이벤트 대기를 넣으세요',
  },
  unreachableNode: { en: 'no path from the start block reaches this block', ko: '시작 블록에서 이 블록까지 이어지는 경로가 없습니다' },
  splitWeightsNot100: { en: 'the weights of the branches add up to {sum}, not 100', ko: '갈래 비율의 합이 100이 아니라 {sum}입니다' },
  waitLongerThanJourney: {
    en: 'this wait lasts up to {days} days, longer than the journey may last ({maxDays} days)',
    ko: '이 대기는 최대 {days}일로, 여정의 최대 기간({maxDays}일)보다 깁니다',
  },
} as const satisfies Record<string, { en: string; ko: string }>;

export const journeyProblemTexts = { ...segmentProblemTexts, ...journeyOwnTexts } as const;

export type JourneyProblemCode = keyof typeof journeyProblemTexts;
export type { ProblemLanguage, ProblemParams };

/** A problem in data form, its `message` in English. */
export interface JourneyProblemText {
  code: JourneyProblemCode;
  params?: ProblemParams;
  message: string;
}

/** A problem with where it is: a dotted path into the definition and, when there is one, the block to fix. */
export interface JourneyProblem extends JourneyProblemText {
  /** e.g. "nodes.3.timeout"; "(definition)" for the whole. */
  path: string;
  nodeId?: string;
}

export const isJourneyProblemCode = (code: unknown): code is JourneyProblemCode => typeof code === 'string' && Object.prototype.hasOwnProperty.call(journeyProblemTexts, code);

export function renderJourneyProblem(code: JourneyProblemCode, params: ProblemParams | undefined, language: ProblemLanguage): string {
  return fill(journeyProblemTexts[code][language], params);
}

export function journeyProblem(code: JourneyProblemCode, params?: ProblemParams): JourneyProblemText {
  const message = renderJourneyProblem(code, params, 'en');
  return params ? { code, params, message } : { code, message };
}

/** The zod issue for a custom check: English message plus the code in params (read back by journeyProblemOfIssue). */
export function journeyIssue(path: Array<string | number>, code: JourneyProblemCode, params?: ProblemParams) {
  return { code: 'custom' as const, path, message: renderJourneyProblem(code, params, 'en'), params: { problem: code, ...params } };
}

/** Built-in checks whose problems have their own wording in journeys, keyed by the last path segment. */
const journeyVocabulary: IssueVocabulary<JourneyProblemCode> = {
  isCode: isJourneyProblemCode,
  formatByFormat: { datetime: 'dateTimeFormat' },
  formatByKey: {
    eventType: 'eventTypeFormat',
    property: 'propertyFormat',
    id: 'nodeIdFormat',
    next: 'nodeIdFormat',
    onTrue: 'nodeIdFormat',
    onFalse: 'nodeIdFormat',
    onEvent: 'nodeIdFormat',
    onTimeout: 'nodeIdFormat',
    tag: 'tagFormat',
    from: 'timeFormat',
    to: 'timeFormat',
    url: 'webhookUrl',
  },
  requiredByKey: { timeout: 'timeoutRequired' },
  valueByKey: { attribute: { code: 'attributeNotSettable', withValues: true } },
  unknownDiscriminator: 'unknownType',
};

/** The code and parameters of one zod issue in the journey vocabulary (see problemOfZodIssue). */
export function journeyProblemOfIssue(issue: z.core.$ZodIssue): JourneyProblemText {
  return problemOfZodIssue(issue, journeyVocabulary);
}
