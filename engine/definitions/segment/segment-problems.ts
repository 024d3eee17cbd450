import type { z } from 'zod';
import { problemOfZodIssue, type IssueVocabulary } from '../zod-issue-problem.js';

/**
 * Every problem the segment schema, compiler, planner and service can report,
 * in English (the API's `message`) and Korean (what the canvas shows by
 * default), side by side so neither language drifts from the other.
 *
 * A problem travels as data: `{ code, params, message }`. The API keeps the
 * English message for integrators; the canvas renders `code` + `params` in the
 * console's language (`renderSegmentProblem`). Zod's built-in checks (min,
 * max, formats, enums) map to the generic codes at the bottom; custom checks
 * name their code in the issue's `params.problem`.
 *
 * Schemas are parsed with `{ reportInput: true }` so that a missing value
 * ("required") is told apart from a wrong one; the input itself never leaves
 * this function.
 *
 * Placeholders are `{name}`; i18next is not used here because the texts must
 * also render on the server, without AdminJS.
 */
export const segmentProblemTexts = {
  // attribute conditions
  opNotApplicable: { en: '"{op}" does not apply to {field}; use one of {ops}', ko: "'{op}' 조건은 이 항목에 쓸 수 없습니다 (가능한 조건: {ops})" },
  valueRequired: { en: '{op} needs {what}', ko: '값을 입력하세요' },
  valuesRequired: { en: '{op} needs {what}', ko: '하나 이상 선택하세요' },
  unknownEnumValues: { en: '{values} is not a known {field}', ko: '{values}: 알 수 없는 값입니다' },
  idsPositive: { en: 'ids are positive whole numbers', ko: 'id는 1 이상의 정수입니다' },
  tagComma: { en: 'a tag may not contain a comma', ko: '태그에는 쉼표(,)를 쓸 수 없습니다' },
  needText: { en: '{op} needs a text value', ko: '문자 값을 입력하세요' },
  needWholeNumber: { en: '{op} needs a whole number', ko: '정수를 입력하세요' },
  needTrueFalse: { en: 'is needs true or false', ko: '예 또는 아니오를 선택하세요' },
  needDate: { en: '{op} needs a date as YYYY-MM-DD', ko: '날짜를 YYYY-MM-DD 형식으로 입력하세요' },
  maxBelowMin: { en: 'the maximum is below the minimum', ko: '최대값이 최소값보다 작습니다' },
  maxAmountBelowMin: { en: 'the maximum amount is below the minimum', ko: '최대 금액이 최소 금액보다 작습니다' },
  lastBeforeFirst: { en: 'the last day is before the first day', ko: '종료일이 시작일보다 앞섭니다' },
  ageRange: { en: 'an age is between 0 and 150', ko: '나이는 0에서 150 사이입니다' },
  daysOrPeriod: { en: 'give either the last N days or a period, not both', ko: "'최근 N일'과 기간 중 하나만 입력하세요" },
  numericCompare: { en: '{op} compares numbers; give a number', ko: '크기 비교에는 숫자를 입력하세요' },
  // definition size
  tooManyBlocks: { en: 'at most {max} blocks (this has {count})', ko: '블록은 최대 {max}개입니다 (현재 {count}개)' },
  tooDeep: { en: 'groups nest at most {max} deep', ko: '그룹은 최대 {max}단계까지 중첩할 수 있습니다' },
  // canvas structure
  duplicateBlockId: { en: 'two blocks share this id', ko: '같은 id를 가진 블록이 둘 있습니다' },
  unknownConnection: { en: 'a connection leads to an unknown block ({missing})', ko: '연결선이 없는 블록({missing})을 가리킵니다' },
  connectedTwice: { en: 'this block is connected twice to the same block', ko: '이 블록이 같은 블록에 두 번 연결되어 있습니다' },
  noAudience: { en: 'the canvas has no audience (result) block', ko: "캔버스에 '대상 고객 (결과)' 블록이 없습니다" },
  oneAudience: { en: 'only one audience (result) block is allowed', ko: "'대상 고객 (결과)' 블록은 하나만 둘 수 있습니다" },
  audienceNoOutput: { en: 'the audience is the result; it does not connect onwards', ko: '결과 블록은 다른 블록으로 연결하지 않습니다' },
  audienceEmpty: { en: 'connect one condition or group to the audience', ko: '조건 또는 그룹 하나를 결과 블록에 연결하세요' },
  audienceOneInput: {
    en: 'the audience takes exactly one input (it has {count}); combine them with an AND or OR group',
    ko: '결과 블록에는 하나만 연결합니다 (현재 {count}개). AND 또는 OR 그룹으로 묶으세요',
  },
  oneParent: { en: 'a block connects to one parent only (this one has {count})', ko: '블록은 하나의 상위 블록에만 연결합니다 (현재 {count}개)' },
  conditionNoInputs: { en: 'a condition takes no inputs; connect conditions to a group', ko: '조건 블록에는 입력을 연결하지 않습니다. 조건을 그룹에 연결하세요' },
  notOneInput: { en: 'NOT takes exactly one input (it has {count})', ko: 'NOT 블록에는 하나만 연결합니다 (현재 {count}개)' },
  emptyGroup: { en: 'the {group} group is empty; connect at least one condition to it', ko: '{group} 그룹이 비어 있습니다. 조건을 하나 이상 연결하세요' },
  inLoop: { en: 'this block is part of a loop', ko: '이 블록이 순환 연결에 포함되어 있습니다' },
  notConnected: { en: 'this block is not connected to the audience', ko: '이 블록은 결과 블록까지 연결되어 있지 않습니다' },
  noAudienceInput: { en: 'the canvas has no audience input', ko: '결과 블록에 연결된 조건이 없습니다' },
  // references between segments
  segmentCycle: { en: 'segments {cycle} refer to each other in a cycle', ko: '세그먼트 {cycle}이(가) 서로를 순환 참조합니다' },
  segmentNotPublished: { en: 'segment {id} does not exist or is not published', ko: '세그먼트 {id}이(가) 없거나 게시되지 않았습니다' },
  // service
  segmentNotFound: { en: 'segment {id} does not exist', ko: '세그먼트 {id}이(가) 없습니다' },
  graphOrDefinition: { en: 'send a canvas graph ("graph") or a segment definition ("definition")', ko: '캔버스 그래프(graph) 또는 세그먼트 정의(definition)를 보내세요' },
  archivedNoEdit: { en: 'an archived segment cannot be edited', ko: '보관된 세그먼트는 수정할 수 없습니다' },
  archivedNoPublish: { en: 'an archived segment cannot be published', ko: '보관된 세그먼트는 게시할 수 없습니다' },
  alreadyArchived: { en: 'the segment is already archived', ko: '이미 보관된 세그먼트입니다' },
  usedBySegments: { en: 'published segments include this one: {names}', ko: '게시된 세그먼트가 이 세그먼트를 참조합니다: {names}' },
  // counts are no oracle for masked fields (engine/segments/count-disclosure.ts)
  maskedWithIdentifier: {
    en: '{masked} is masked for your role and cannot be combined with conditions that name a customer ({identifiers})',
    ko: '현재 역할에서는 {masked} 항목이 마스킹되어 있어 고객을 특정하는 조건({identifiers})과 함께 쓸 수 없습니다',
  },
  maskedConditionNarrow: {
    en: '{masked} is masked for your role, and here it would decide the count for fewer than {min} customers; widen the other conditions',
    ko: '현재 역할에서는 {masked} 항목이 마스킹되어 있으며, 이 조건이 {min}명 미만의 고객에 대해서만 집계를 좌우합니다. 다른 조건을 넓히세요',
  },
  countGuardTimedOut: {
    en: 'checking that the counts reveal no masked field took too long; simplify the definition and try again',
    ko: '집계가 마스킹된 항목을 드러내지 않는지 확인하는 데 시간이 너무 오래 걸렸습니다. 정의를 단순하게 바꾼 뒤 다시 시도하세요',
  },
  // generic: zod's built-in checks
  required: { en: 'a value is required', ko: '값을 입력하세요' },
  wrongType: { en: 'expected {expected}', ko: '{expected} 값이 필요합니다' },
  tooSmall: { en: 'at least {minimum}', ko: '{minimum} 이상이어야 합니다' },
  tooBig: { en: 'at most {maximum}', ko: '{maximum} 이하여야 합니다' },
  notEmpty: { en: 'may not be empty', ko: '비워 둘 수 없습니다' },
  tooLong: { en: 'at most {maximum} characters', ko: '{maximum}자 이하로 입력하세요' },
  tooFewItems: { en: 'at least {minimum} items', ko: '{minimum}개 이상 선택하세요' },
  tooManyItems: { en: 'at most {maximum} items', ko: '{maximum}개 이하로 선택하세요' },
  wholeNumber: { en: 'a whole number', ko: '정수를 입력하세요' },
  dateFormat: { en: 'a date as YYYY-MM-DD', ko: '날짜를 YYYY-MM-DD 형식으로 입력하세요' },
  eventTypeFormat: { en: 'an event type: letters, digits and _ . : - only', ko: '이벤트 유형에는 영문자, 숫자, _ . : - 만 쓸 수 있습니다' },
  propertyFormat: { en: 'a property name: letters, digits and _, starting with a letter', ko: '속성 이름은 영문자로 시작하고 영문자, 숫자, _ 만 쓸 수 있습니다' },
  badFormat: { en: 'the format is not valid', ko: '형식이 올바르지 않습니다' },
  unknownField: { en: 'an unknown customer field', ko: '알 수 없는 고객 항목입니다' },
  oneOf: { en: 'one of {values}', ko: '다음 중 하나여야 합니다: {values}' },
  invalid: { en: 'not a valid value', ko: '올바른 값이 아닙니다' },
} as const satisfies Record<string, { en: string; ko: string }>;

export type SegmentProblemCode = keyof typeof segmentProblemTexts;

/**
 * The canvas's English where the API's English speaks in codes ("in needs a
 * list of values"): the same thing the Korean says, for a person. Codes not
 * listed show the API's English.
 */
const segmentProblemUiEnglish: Partial<Record<SegmentProblemCode, string>> = {
  opNotApplicable: "'{op}' cannot be used for this field (possible conditions: {ops})",
  valueRequired: 'Enter a value',
  valuesRequired: 'Choose at least one',
  unknownEnumValues: '{values}: not a known value',
  idsPositive: 'An id is a whole number of 1 or more',
  needText: 'Enter a text value',
  needWholeNumber: 'Enter a whole number',
  needTrueFalse: 'Choose yes or no',
  needDate: 'Enter a date as YYYY-MM-DD',
  numericCompare: 'Enter a number to compare sizes',
  graphOrDefinition: 'Send a canvas graph or a segment definition',
  wrongType: 'A {expected} value is needed',
};

export type ProblemParams = Record<string, string | number>;
export type ProblemLanguage = 'ko' | 'en';

/** What a problem carries besides where it is: enough to say it in either language. */
export interface ProblemText {
  message: string;
  code?: SegmentProblemCode;
  params?: ProblemParams;
}

export const isSegmentProblemCode = (code: unknown): code is SegmentProblemCode => typeof code === 'string' && Object.prototype.hasOwnProperty.call(segmentProblemTexts, code);

/** A problem text with its `{param}` placeholders filled (unknown ones left as they are). */
export const fill = (template: string, params: ProblemParams = {}) =>
  template.replace(/\{(\w+)\}/g, (whole, key: string) => (params[key] === undefined ? whole : String(params[key])));

export function renderSegmentProblem(code: SegmentProblemCode, params: ProblemParams | undefined, language: ProblemLanguage): string {
  return fill(segmentProblemTexts[code][language], params);
}

/** What the console shows (segment canvas, console messages): Korean, or the person-facing English. */
export function renderSegmentProblemForUi(code: SegmentProblemCode, params: ProblemParams | undefined, language: ProblemLanguage): string {
  return language === 'en' ? fill(segmentProblemUiEnglish[code] ?? segmentProblemTexts[code].en, params) : renderSegmentProblem(code, params, 'ko');
}

/** A problem in data form, its `message` in English. */
export function segmentProblem(code: SegmentProblemCode, params?: ProblemParams): ProblemText {
  return params ? { code, params, message: renderSegmentProblem(code, params, 'en') } : { code, message: renderSegmentProblem(code, undefined, 'en') };
}

/** The zod issue for a custom check: English message plus the code in params. */
export function customIssue(path: string[], code: SegmentProblemCode, params?: ProblemParams) {
  return { code: 'custom' as const, path, message: renderSegmentProblem(code, params, 'en'), params: { problem: code, ...params } };
}

/** Built-in checks whose problems have their own wording in segments, keyed by the last path segment. */
const segmentVocabulary: IssueVocabulary<SegmentProblemCode> = {
  isCode: (code): code is SegmentProblemCode => isSegmentProblemCode(code),
  formatByKey: { eventType: 'eventTypeFormat', property: 'propertyFormat' },
  valueByKey: { field: { code: 'unknownField', withValues: false } },
};

/** The code and parameters of one zod issue in the segment vocabulary (see problemOfZodIssue). */
export function problemOfIssue(issue: z.core.$ZodIssue): ProblemText {
  return problemOfZodIssue(issue, segmentVocabulary);
}
