/**
 * Why a message was not sent now, in English and Korean side by side (as
 * engine/definitions/journey/journey-problems.ts does for problems): the
 * worker stores the code on the message; screens and compliance reports
 * render the text in the reader's language.
 */
export const suppressReasonTexts = {
  invalidInput: {
    en: 'the send request is malformed (an unknown status, channel or kind, or a time that is not an instant); not sent',
    ko: '발송 요청 값이 올바르지 않아 발송하지 않았습니다 (알 수 없는 상태·채널·유형 또는 잘못된 시각)',
  },
  customerWithdrawn: { en: 'the customer has withdrawn', ko: '탈퇴한 고객입니다' },
  customerDormant: { en: 'the customer is dormant', ko: '휴면 고객입니다' },
  customerSuspended: { en: 'the customer is suspended from transactions', ko: '거래중지 고객입니다' },
  templateNotApproved: {
    en: 'the template has no approved compliance review (심의필 번호)',
    ko: '템플릿이 준법감시 심의 승인을 받지 않았거나 심의필 번호가 없습니다',
  },
  templateReviewNotYetValid: { en: "the template's compliance review is not yet valid", ko: '템플릿의 심의 유효기간이 아직 시작되지 않았습니다' },
  templateReviewExpired: { en: "the template's compliance review has expired", ko: '템플릿의 심의 유효기간이 지났습니다' },
  alreadyDelivered: { en: 'this message was already delivered (same idempotency key)', ko: '이미 발송된 메시지입니다 (같은 멱등 키)' },
  noMarketingConsent: {
    en: 'the customer has not consented to advertising on this channel',
    ko: '고객이 이 채널의 광고성 정보 수신에 동의하지 않았습니다',
  },
  frequencyCapDay: { en: "the customer's daily advertising limit on this channel is reached", ko: '이 채널의 1일 광고 발송 한도에 도달했습니다' },
  frequencyCapWeek: { en: "the customer's weekly advertising limit on this channel is reached", ko: '이 채널의 주간 광고 발송 한도에 도달했습니다' },
  notOnSale: { en: 'the product is not on sale', ko: '판매 중인 상품이 아닙니다' },
  suitabilityProfileMissing: {
    en: 'the customer has no investment-propensity assessment, so an investment product may not be recommended',
    ko: '투자성향 진단 결과가 없어 투자상품을 권유할 수 없습니다',
  },
  suitabilityProfileExpired: {
    en: "the customer's investment-propensity assessment is out of date",
    ko: '투자성향 진단 결과의 유효기간이 지났습니다',
  },
  unsuitable: { en: "the product is riskier than the customer's investment propensity allows", ko: '고객의 투자성향에 비해 위험등급이 높은 상품입니다' },
  noRecommendation: { en: 'the template shows recommendations and there were none for this customer', ko: '추천 상품이 없어 추천 영역을 채울 수 없습니다' },
  noRecipient: {
    en: 'the customer has no address on this channel (mobile number, e-mail address or registered app)',
    ko: '이 채널로 받을 연락처(휴대폰 번호, 이메일 주소 또는 등록된 앱)가 없습니다',
  },
} as const satisfies Record<string, { en: string; ko: string }>;

export type SuppressReason = keyof typeof suppressReasonTexts;
export const suppressReasons = Object.keys(suppressReasonTexts) as SuppressReason[];

export const holdReasonTexts = {
  nightTimeNoConsent: {
    en: 'advertising between 21:00 and 08:00 needs night-time consent; held until 08:00',
    ko: '야간(21:00~08:00) 광고는 야간 수신 동의가 필요하여 08:00까지 보류합니다',
  },
} as const satisfies Record<string, { en: string; ko: string }>;

export type HoldReason = keyof typeof holdReasonTexts;

/**
 * Why a message ended FAILED (the code before any `:` in `message.status_reason`): the gateway refused it,
 * it could not be rendered, the attempts ran out, or a crash left its outcome unknown.
 */
export const failureReasonTexts = {
  renderFailed: { en: 'the template could not be rendered for this customer', ko: '이 고객에 맞춰 템플릿을 만들 수 없었습니다' },
  'unknown-outcome': {
    en: 'the worker stopped after handing the message to the gateway and before recording its answer; it may have been sent (review)',
    ko: '게이트웨이에 전달한 뒤 응답을 기록하기 전에 작업이 중단되어 발송 여부를 알 수 없습니다 (확인 필요)',
  },
  undelivered: { en: "the carrier reported that the message did not reach the customer's phone", ko: '통신사가 고객 휴대폰에 전달하지 못했다고 알려왔습니다' },
  attemptsExhausted: { en: 'the gateway could not take the message within the allowed attempts', ko: '허용된 재시도 횟수 안에 게이트웨이가 메시지를 받지 못했습니다' },
  smscRefused: { en: 'the SMS gateway refused the message', ko: '문자 게이트웨이가 메시지를 거부했습니다' },
  smtpRefused: { en: 'the mail server refused the message', ko: '메일 서버가 메시지를 거부했습니다' },
  recipientRefused: { en: 'the mail server refused the recipient address', ko: '메일 서버가 수신 주소를 거부했습니다' },
  pushRefused: { en: 'the push service refused the message (e.g. the app was removed)', ko: '푸시 서비스가 메시지를 거부했습니다 (예: 앱 삭제)' },
} as const satisfies Record<string, { en: string; ko: string }>;

export type FailureReason = keyof typeof failureReasonTexts;

/** The text for a FAILED message's `status_reason` (its code is the part before the first `:`), or null for an unknown code. */
export function failureReasonText(statusReason: string, language: 'en' | 'ko'): string | null {
  const code = statusReason.split(':')[0]!.trim() as FailureReason;
  return failureReasonTexts[code]?.[language] ?? null;
}

export type SendReasonLanguage = 'en' | 'ko';

/** The text of a suppress or hold reason in a language. */
export function sendReasonText(reason: SuppressReason | HoldReason, language: SendReasonLanguage): string {
  const texts: Record<string, { en: string; ko: string }> = { ...suppressReasonTexts, ...holdReasonTexts };
  return texts[reason][language];
}
