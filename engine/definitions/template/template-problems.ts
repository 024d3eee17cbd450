import type { z } from 'zod';
import { problemOfZodIssue, type IssueVocabulary } from '../zod-issue-problem.js';
import { fill, segmentProblemTexts, type ProblemLanguage, type ProblemParams } from '../segment/segment-problems.js';

/**
 * Every problem a message template can have, in English (the API's
 * `message`) and Korean (what the template editor shows by default), side by
 * side so neither language drifts from the other. Same shape as the segment
 * and journey problems: `{ code, params, message }` plus where it is.
 *
 * Problems inside Liquid text also carry the line and column of the field's
 * text they point at (1-based, as liquidjs counts them).
 */
const templateOwnTexts = {
  // schema
  unknownChannel: { en: 'choose a channel: {values}', ko: '채널을 선택하세요: {values}' },
  imageUrlHttps: { en: 'an image address starting with https://', ko: '이미지 주소는 https://로 시작해야 합니다' },
  deepLinkFormat: {
    en: 'a deep link such as https://bank.example/app/x or myapp://products/42 (not http, javascript, data or file)',
    ko: '딥링크는 https://bank.example/app/x 또는 myapp://products/42 형식입니다 (http, javascript, data, file 주소는 쓸 수 없습니다)',
  },
  // Liquid
  liquidSyntax: { en: 'the template cannot be read: {reason}', ko: '템플릿 문법이 올바르지 않습니다: {reason}' },
  tagNotAllowed: { en: 'the tag {tag} is not available in messages; use {values}', ko: '메시지에서는 {tag} 태그를 쓸 수 없습니다. 쓸 수 있는 태그: {values}' },
  unknownVariable: { en: '{variable} is not a message variable; use {values}', ko: '{variable}은(는) 메시지 변수가 아닙니다. 쓸 수 있는 변수: {values}' },
  variableNotForChannel: { en: '{variable} is only available in {channels} messages', ko: '{variable}은(는) {channels} 메시지에서만 쓸 수 있습니다' },
  wholeObject: { en: '{variable} is a group of fields; choose one of {values}', ko: '{variable}은(는) 여러 항목의 묶음입니다. 다음 중 하나를 고르세요: {values}' },
  dynamicLookup: {
    en: '{variable} looks a field up by a computed name; write the field name itself',
    ko: '{variable}: 항목 이름을 계산해서 찾을 수 없습니다. 항목 이름을 직접 쓰세요',
  },
  loopOverRecommendations: {
    en: 'a loop may only go over recommendations (found {collection})',
    ko: '반복문은 추천 상품(recommendations)에만 쓸 수 있습니다 (현재: {collection})',
  },
  recommendationIndex: {
    en: '{variable}: a message may have a single recommendation; name only the first ({values}) and list the others with {% for r in recommendations %}',
    ko: '{variable}: 추천 상품이 하나뿐일 수도 있습니다. 첫 번째({values})만 직접 쓰고 나머지는 {% for r in recommendations %} 반복문으로 쓰세요',
  },
  unknownFilter: { en: 'the filter {filter} is not available in messages; use {values}', ko: '메시지에서는 {filter} 필터를 쓸 수 없습니다. 쓸 수 있는 필터: {values}' },
  recommendationsNotDeclared: {
    en: 'the template shows recommendations but does not say it uses them; turn on "uses recommendations"',
    ko: "템플릿에 추천 상품이 들어 있습니다. '추천 상품 사용'을 켜세요",
  },
  recommendationsNotUsed: {
    en: 'the template says it uses recommendations but shows none; add a recommendations loop or turn the option off',
    ko: "'추천 상품 사용'이 켜져 있지만 템플릿에 추천 상품이 없습니다. 추천 상품 반복문을 넣거나 옵션을 끄세요",
  },
  // legal marking
  adMarkVariant: {
    en: 'write "(광고)" exactly or leave it out (the platform adds it); variants such as {found} are not allowed',
    ko: "'(광고)'를 정확히 쓰거나 빼세요 (플랫폼이 자동으로 붙입니다). {found} 같은 변형 표기는 허용되지 않습니다",
  },
  informationalMarkedAsAd: {
    en: 'this informational template starts with "(광고)"; if it advertises, make it an advertising template',
    ko: "정보성 템플릿이 '(광고)'로 시작합니다. 광고 내용이라면 광고성 템플릿으로 바꾸세요",
  },
  mjmlInvalid: { en: 'the MJML is not valid: {reason}', ko: 'MJML이 올바르지 않습니다: {reason}' },
  // length
  smsTooLong: { en: 'the text message is {bytes} bytes ({encoding}); at most {max} bytes', ko: '문자 메시지가 {bytes}바이트입니다 ({encoding}). 최대 {max}바이트입니다' },
  smsTooLongAsWritten: {
    en: 'the text message is {bytes} bytes ({encoding}) as written, with the advertising marking; at most {max} bytes',
    ko: '문자 메시지가 광고 표기를 포함해 작성한 그대로 {bytes}바이트입니다 ({encoding}). 최대 {max}바이트입니다',
  },
  smsTooLongLongest: {
    en: 'with the longest plausible names and recommendations the text message is {bytes} bytes ({encoding}); at most {max} bytes',
    ko: '가장 긴 이름과 추천 상품을 넣으면 문자 메시지가 {bytes}바이트입니다 ({encoding}). 최대 {max}바이트입니다',
  },
  smsSubjectTooLong: { en: 'the LMS subject is {bytes} bytes; at most {max} bytes', ko: 'LMS 제목이 {bytes}바이트입니다. 최대 {max}바이트입니다' },
  // rendering (send time)
  contextInvalid: { en: 'the message data is not valid at {at}: {reason}', ko: '메시지 데이터가 올바르지 않습니다 ({at}): {reason}' },
  unsubscribeUrlRequired: {
    en: 'an advertising e-mail needs an unsubscribe link (message.unsubscribeUrl, https)',
    ko: '광고성 이메일에는 수신거부 링크(message.unsubscribeUrl, https)가 필요합니다',
  },
  renderFailed: { en: 'the message could not be rendered: {reason}', ko: '메시지를 만들 수 없습니다: {reason}' },
} as const satisfies Record<string, { en: string; ko: string }>;

export const templateProblemTexts = { ...segmentProblemTexts, ...templateOwnTexts } as const;

export type TemplateProblemCode = keyof typeof templateProblemTexts;
export type { ProblemLanguage, ProblemParams };

export interface TemplateProblemText {
  code: TemplateProblemCode;
  params?: ProblemParams;
  message: string;
}

/** A problem with where it is: a dotted path into the definition (e.g. "html"), and inside Liquid text its line and column. */
export interface TemplateProblem extends TemplateProblemText {
  path: string;
  line?: number;
  column?: number;
}

export const isTemplateProblemCode = (code: unknown): code is TemplateProblemCode => typeof code === 'string' && Object.prototype.hasOwnProperty.call(templateProblemTexts, code);

export function renderTemplateProblem(code: TemplateProblemCode, params: ProblemParams | undefined, language: ProblemLanguage): string {
  return fill(templateProblemTexts[code][language], params);
}

export function templateProblem(code: TemplateProblemCode, params?: ProblemParams): TemplateProblemText {
  const message = renderTemplateProblem(code, params, 'en');
  return params ? { code, params, message } : { code, message };
}

/** A located problem; `at` is the Liquid position (row, col) when the problem lies inside a field's text. */
export function templateProblemAt(path: string, code: TemplateProblemCode, params?: ProblemParams, at?: { row: number; col: number }): TemplateProblem {
  const problem: TemplateProblem = { path, ...templateProblem(code, params) };
  return at ? { ...problem, line: at.row, column: at.col } : problem;
}

/** The zod issue for a custom check: English message plus the code in params (read back by templateProblemOfIssue). */
export function templateIssue(path: Array<string | number>, code: TemplateProblemCode, params?: ProblemParams) {
  return { code: 'custom' as const, path, message: renderTemplateProblem(code, params, 'en'), params: { problem: code, ...params } };
}

const templateVocabulary: IssueVocabulary<TemplateProblemCode> = {
  isCode: isTemplateProblemCode,
  unknownDiscriminator: 'unknownChannel',
};

export function templateProblemOfIssue(issue: z.core.$ZodIssue): TemplateProblemText {
  return problemOfZodIssue(issue, templateVocabulary);
}
