import { fill, type ProblemParams } from '../../engine/definitions/segment/segment-problems.js';
import { renderTemplateProblem, type TemplateProblem } from '../../engine/definitions/template/template-problems.js';
import type { ApiProblem } from '../journey/journey-api-problems.js';

/** A template API problem: the journey API's shape, plus the Liquid position when the problem lies inside a text. */
export interface TemplateApiProblem extends ApiProblem {
  line?: number;
  column?: number;
}

const texts = {
  templateNotFound: { en: 'message template {id} does not exist', ko: '메시지 템플릿 {id}이(가) 없습니다' },
  nameInvalid: { en: 'a name of 1 to 100 characters', ko: '이름은 1~100자로 입력하세요' },
  nameTaken: { en: 'a template named {name} already exists', ko: '같은 이름({name})의 템플릿이 이미 있습니다' },
  nameImmutable: { en: 'a template keeps its name across revisions; create a new template instead', ko: '템플릿 이름은 개정 간에 바꿀 수 없습니다. 새 템플릿을 만드세요' },
  definitionRequired: {
    en: 'send the template definition as "definition" with a channel (sms, email, push) and a kind (advertising, informational)',
    ko: '채널(sms, email, push)과 유형(advertising, informational)을 담은 템플릿 정의(definition)를 보내세요',
  },
  illegalTransition: { en: 'a template that is {status} cannot be {action}', ko: '{status} 상태의 템플릿은 {action}할 수 없습니다' },
  editRefused: { en: 'a template that is {status} cannot be edited', ko: '{status} 상태의 템플릿은 수정할 수 없습니다' },
  openRevision: {
    en: 'revision {revision} of this template is already being written or reviewed; edit that one',
    ko: '이 템플릿의 개정 {revision}이(가) 이미 작성 또는 심의 중입니다. 그 개정을 수정하세요',
  },
  authorCannotApprove: {
    en: 'the person who wrote a template cannot approve it (maker-checker); another compliance officer must review it',
    ko: '템플릿을 작성하거나 수정한 직원은 승인할 수 없습니다 (maker-checker). 다른 준법감시 담당자가 심의해야 합니다',
  },
  reviewNumberRequired: { en: 'give the review number (심의필 번호), 3 to 40 characters', ko: '심의필 번호를 3~40자로 입력하세요' },
  validFromInvalid: { en: 'validFrom: a date (YYYY-MM-DD) or a timestamp with its offset', ko: '유효기간 시작(validFrom)을 YYYY-MM-DD 또는 시간대가 있는 시각으로 입력하세요' },
  validUntilInvalid: { en: 'validUntil: a date (YYYY-MM-DD) or a timestamp with its offset', ko: '유효기간 종료(validUntil)를 YYYY-MM-DD 또는 시간대가 있는 시각으로 입력하세요' },
  validUntilBeforeFrom: { en: 'the review period ends before it starts', ko: '유효기간 종료가 시작보다 빠릅니다' },
  validUntilPast: { en: 'the review period has already ended', ko: '이미 끝난 유효기간으로는 승인할 수 없습니다' },
  reasonRequired: { en: 'give a reason of 2 to 500 characters', ko: '사유를 2~500자로 입력하세요' },
  templateInvalid: {
    en: 'the template has {count} problem(s); fix them before submitting it for review',
    ko: '템플릿에 문제가 {count}건 있습니다. 고친 뒤 심의를 요청하세요',
  },
  customerIdInvalid: { en: 'customerId: the id of a customer', ko: 'customerId에는 고객 id를 보내세요' },
  customerNotFound: { en: 'customer {id} does not exist', ko: '고객 {id}이(가) 없습니다' },
  statusFilter: { en: 'status is one of {values}', ko: '상태(status)는 다음 중 하나입니다: {values}' },
  forbidden: { en: 'not allowed for your role', ko: '현재 역할로는 할 수 없습니다' },
  notFoundRoute: { en: 'no such route', ko: '없는 경로입니다' },
} as const satisfies Record<string, { en: string; ko: string }>;

export type TemplateApiProblemCode = keyof typeof texts;

const statusKo: Record<string, string> = { DRAFT: '초안', PENDING: '심의 중', APPROVED: '승인', REJECTED: '반려', RETIRED: '사용 종료' };
const actionKo: Record<string, string> = { submit: '심의 요청', approve: '승인', reject: '반려', retire: '사용 종료' };
const actionEn: Record<string, string> = { submit: 'submitted', approve: 'approved', reject: 'rejected', retire: 'retired' };

export function templateApiProblem(code: TemplateApiProblemCode, params?: ProblemParams, where: { path?: string } = {}): TemplateApiProblem {
  const en = params && { ...params, ...(params.action !== undefined ? { action: actionEn[String(params.action)] ?? params.action } : {}) };
  const ko = params && {
    ...params,
    ...(params.status !== undefined ? { status: statusKo[String(params.status)] ?? params.status } : {}),
    ...(params.action !== undefined ? { action: actionKo[String(params.action)] ?? params.action } : {}),
  };
  return { code, ...where, ...(params ? { params } : {}), message: { en: fill(texts[code].en, en), ko: fill(texts[code].ko, ko) } };
}

/** A definition problem (schema, Liquid, SMS length) with both texts and, inside a text, its line and column. */
export function fromTemplateProblem(p: TemplateProblem): TemplateApiProblem {
  return {
    code: p.code,
    path: p.path,
    ...(p.params ? { params: p.params } : {}),
    ...(p.line !== undefined ? { line: p.line } : {}),
    ...(p.column !== undefined ? { column: p.column } : {}),
    message: { en: p.message, ko: renderTemplateProblem(p.code, p.params, 'ko') },
  };
}
