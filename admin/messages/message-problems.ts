import { fill, type ProblemParams } from '../../engine/definitions/segment/segment-problems.js';

/**
 * Refusals of the messages and sent-box APIs, in Korean and English side by
 * side (the shape of every console JSON API: `{ code, path?, params?,
 * message: { ko, en } }`). Never data, never a stack.
 */
const texts = {
  messageIdInvalid: { en: 'the message id is a positive whole number, not {id}', ko: '메시지 id는 양의 정수입니다 ({id}은(는) 올바르지 않습니다)' },
  messageNotFound: { en: 'message {id} does not exist', ko: '메시지 {id}이(가) 없습니다' },
  customerIdInvalid: { en: 'the customer id is a positive whole number, not {id}', ko: '고객 id는 양의 정수입니다 ({id}은(는) 올바르지 않습니다)' },
  customerNotFound: { en: 'customer {id} does not exist', ko: '고객 {id}이(가) 없습니다' },
  statusFilter: { en: 'status is one of {values}', ko: '상태(status)는 다음 중 하나입니다: {values}' },
  channelFilter: { en: 'channel is one of {values}', ko: '채널(channel)은 다음 중 하나입니다: {values}' },
  idFilter: { en: '{name} is a positive whole number', ko: '{name}에는 양의 정수를 입력하세요' },
  pageFilter: { en: 'page is a whole number from 1 to {max}', ko: '페이지(page)는 1부터 {max}까지의 정수입니다' },
  unknownParameter: { en: 'unknown parameter {name}; allowed: {allowed}', ko: '알 수 없는 매개변수 {name}입니다. 사용할 수 있는 것: {allowed}' },
  forbidden: { en: 'not allowed for your role', ko: '현재 역할로는 할 수 없습니다' },
  notFoundRoute: { en: 'no such route', ko: '없는 경로입니다' },
} as const satisfies Record<string, { en: string; ko: string }>;

export type MessageProblemCode = keyof typeof texts;

export interface MessageProblem {
  code: MessageProblemCode;
  path?: string;
  params?: ProblemParams;
  message: { ko: string; en: string };
}

export function messageProblem(code: MessageProblemCode, params?: ProblemParams, where: { path?: string } = {}): MessageProblem {
  return { code, ...where, ...(params ? { params } : {}), message: { en: fill(texts[code].en, params), ko: fill(texts[code].ko, params) } };
}

/** The body of a refusal with one problem. */
export const refusal = (code: MessageProblemCode, params?: ProblemParams, where: { path?: string } = {}) => ({
  ok: false as const,
  problems: [messageProblem(code, params, where)],
});
