import { fill, type ProblemParams } from '../../engine/definitions/segment/segment-problems.js';
import { renderJourneyProblem, type JourneyProblem } from '../../engine/definitions/journey/journey-problems.js';

/**
 * A problem as the journey API and the service API answer it: a code for
 * programs, where it is (a definition path and the block, when there is one),
 * and the message in both languages — Korean for the console, English for
 * integrators — so neither side has to render codes itself.
 */
export interface ApiProblem {
  code: string;
  path?: string;
  nodeId?: string;
  params?: ProblemParams;
  message: { ko: string; en: string };
}

/** Texts of the problems the lifecycle service, the token admin API and the machine API add to the definition's own. */
const texts = {
  // journeys
  journeyNotFound: { en: 'journey {id} does not exist', ko: '여정 {id}이(가) 없습니다' },
  instanceNotFound: { en: 'journey {journeyId} has no instance {id}', ko: '여정 {journeyId}에 인스턴스 {id}이(가) 없습니다' },
  nameInvalid: { en: 'a name of 1 to 100 characters', ko: '이름은 1~100자로 입력하세요' },
  nameTaken: { en: 'a journey named {name} already exists', ko: '같은 이름({name})의 여정이 이미 있습니다' },
  descriptionInvalid: { en: 'a description of at most 500 characters', ko: '설명은 500자 이내로 입력하세요' },
  definitionRequired: { en: 'send the journey definition as "definition"', ko: '여정 정의(definition)를 보내세요' },
  layoutInvalid: { en: 'the layout is a JSON object (block positions)', ko: '레이아웃(layout)은 JSON 객체여야 합니다' },
  reasonRequired: { en: 'give a reason of 1 to 255 characters', ko: '사유를 1~255자로 입력하세요' },
  noDraft: { en: 'the journey has no draft to publish', ko: '게시할 초안이 없습니다' },
  illegalTransition: { en: 'a journey that is {status} cannot be {action}', ko: '{status} 상태의 여정은 {action}할 수 없습니다' },
  archivedNoEdit: { en: 'an archived journey cannot be edited', ko: '보관된 여정은 수정할 수 없습니다' },
  publishedNoDelete: {
    en: 'a journey that was ever published is kept for its history; archive it instead',
    ko: '게시된 적이 있는 여정은 이력 보존을 위해 삭제할 수 없습니다. 보관 처리하세요',
  },
  statusFilter: { en: 'status is one of {values}', ko: '상태(status)는 다음 중 하나입니다: {values}' },
  versionFilter: { en: 'version is a version number of this journey or "all"', ko: '버전(version)은 이 여정의 버전 번호 또는 all 입니다' },
  pageInvalid: { en: 'limit is 1 to 200 and before an instance id', ko: 'limit은 1~200, before는 인스턴스 id입니다' },
  forbidden: { en: 'not allowed for your role', ko: '현재 역할로는 할 수 없습니다' },
  // service tokens (console)
  tokenNameInvalid: { en: 'a token name of 1 to 100 characters', ko: '토큰 이름은 1~100자로 입력하세요' },
  journeyIdsInvalid: { en: 'journeyIds: 1 to 100 journey ids', ko: 'journeyIds에는 여정 id를 1~100개 넣으세요' },
  unknownJourneys: { en: 'these journeys do not exist: {ids}', ko: '다음 여정이 없습니다: {ids}' },
  tokenNotFound: { en: 'service token {id} does not exist', ko: '서비스 토큰 {id}이(가) 없습니다' },
  alreadyRevoked: { en: 'the token is already revoked', ko: '이미 폐기된 토큰입니다' },
  // the machine API
  tokenMissing: { en: 'send the service token as "Authorization: Bearer bct_..."', ko: '서비스 토큰을 "Authorization: Bearer bct_..." 헤더로 보내세요' },
  tokenMalformed: { en: 'the bearer value is not a service token (bct_<prefix>_<secret>)', ko: 'Bearer 값이 서비스 토큰 형식(bct_<prefix>_<secret>)이 아닙니다' },
  tokenInvalid: { en: 'the service token is not valid', ko: '유효하지 않은 서비스 토큰입니다' },
  tokenRevoked: { en: 'the service token was revoked', ko: '폐기된 서비스 토큰입니다' },
  outOfScope: { en: 'this token may not start journey {id}', ko: '이 토큰으로는 여정 {id}을(를) 시작할 수 없습니다' },
  journeyNotLive: { en: 'journey {id} is {status}; only a published journey starts customers', ko: '여정 {id}은(는) {status} 상태입니다. 게시된 여정만 고객을 시작할 수 있습니다' },
  notApiEntry: { en: 'journey {id} is not entered through the API (its entry is {entry})', ko: '여정 {id}은(는) API로 시작하는 여정이 아닙니다 (진입 방식: {entry})' },
  customerNotFound: { en: 'no customer has the number {customerNo}', ko: '고객번호 {customerNo}인 고객이 없습니다' },
  customerNoFormat: { en: 'customerNo: the customer number, 1 to 20 letters and digits', ko: 'customerNo에는 고객번호(영문자와 숫자 1~20자)를 보내세요' },
  requestIdFormat: { en: 'requestId: 1 to 100 characters of A-Z a-z 0-9 _ . : -, unique per request', ko: 'requestId는 요청마다 고유한 1~100자(A-Z a-z 0-9 _ . : -)입니다' },
  jsonRequired: { en: 'send a JSON object with customerNo and requestId', ko: 'customerNo와 requestId를 담은 JSON 객체를 보내세요' },
  rateLimited: { en: 'too many calls with this token; retry after {seconds} s', ko: '이 토큰의 호출이 너무 많습니다. {seconds}초 후에 다시 시도하세요' },
  runtimeUnavailable: { en: 'this process does not run journeys; call the engine process', ko: '이 프로세스는 여정을 실행하지 않습니다. 엔진 프로세스를 호출하세요' },
  notFoundRoute: { en: 'no such route', ko: '없는 경로입니다' },
} as const satisfies Record<string, { en: string; ko: string }>;

export type ApiProblemCode = keyof typeof texts;

const statusKo: Record<string, string> = { DRAFT: '초안', PENDING_APPROVAL: '승인 대기', PUBLISHED: '게시', PAUSED: '일시 중지', ARCHIVED: '보관' };
const actionKo: Record<string, string> = { published: '게시', paused: '일시 중지', resumed: '재개', archived: '보관', submitted: '승인 요청', approved: '승인' };

/**
 * One problem of this vocabulary. Parameters that name a status or an action
 * are translated for the Korean text; everything else is filled in as is.
 */
export function apiProblem(code: ApiProblemCode, params?: ProblemParams, where: { path?: string; nodeId?: string } = {}): ApiProblem {
  const ko = params && {
    ...params,
    ...(params.status !== undefined ? { status: statusKo[String(params.status)] ?? params.status } : {}),
    ...(params.action !== undefined ? { action: actionKo[String(params.action)] ?? params.action } : {}),
  };
  return {
    code,
    ...where,
    ...(params ? { params } : {}),
    message: { en: fill(texts[code].en, params), ko: fill(texts[code].ko, ko) },
  };
}

/** A definition problem (schema, graph or reference check) with both texts. */
export function fromJourneyProblem(p: JourneyProblem): ApiProblem {
  return {
    code: p.code,
    path: p.path,
    ...(p.nodeId !== undefined ? { nodeId: p.nodeId } : {}),
    ...(p.params ? { params: p.params } : {}),
    message: { en: p.message, ko: renderJourneyProblem(p.code, p.params, 'ko') },
  };
}
