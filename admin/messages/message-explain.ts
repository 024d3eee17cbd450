import * as sendReasons from '../../engine/channels/policy/send-reasons.js';

/**
 * "Why did this customer get this message", in plain words: each stored
 * send-time check (engine/channels/policy/decide-send.ts `SendCheck`) and
 * each status reason as `{ ko, en }` text, for the console to show in the
 * reader's language. Pure. A rule or reason this module does not know (a
 * newer engine) still gets a sentence, with its code, never a bare code.
 */
export interface Bilingual {
  ko: string;
  en: string;
}

type Detail = Record<string, unknown>;

export interface ExplainedCheck {
  rule: string;
  ok: boolean;
  reason: string | null;
  /** The rule's name. */
  title: Bilingual;
  /** What the rule found. */
  text: Bilingual;
}

const ruleTitles: Record<string, Bilingual> = {
  input: { ko: '요청 값 검사', en: 'Request check' },
  customerStatus: { ko: '고객 상태', en: 'Customer status' },
  templateReview: { ko: '템플릿 심의', en: 'Template review' },
  idempotency: { ko: '중복 발송 방지', en: 'Duplicate protection' },
  marketingConsent: { ko: '광고 수신 동의', en: 'Advertising consent' },
  nightTime: { ko: '야간 발송 제한', en: 'Night-time rule' },
  frequencyCap: { ko: '발송 빈도 한도', en: 'Frequency cap' },
  productOnSale: { ko: '상품 판매 여부', en: 'Product on sale' },
  suitabilityProfile: { ko: '투자성향 진단', en: 'Suitability profile' },
  suitability: { ko: '적합성 원칙', en: 'Suitability' },
  recommendation: { ko: '추천 상품', en: 'Recommendations' },
};

const channelNames: Record<string, Bilingual> = {
  sms: { ko: '문자(SMS/LMS)', en: 'SMS/LMS' },
  email: { ko: '이메일', en: 'e-mail' },
  push: { ko: '앱 푸시', en: 'push' },
};
const propensityNames: Record<string, Bilingual> = {
  STABLE: { ko: '안정형', en: 'stable' },
  STABLE_SEEKING: { ko: '안정추구형', en: 'stability-seeking' },
  NEUTRAL: { ko: '위험중립형', en: 'risk-neutral' },
  ACTIVE: { ko: '적극투자형', en: 'active' },
  AGGRESSIVE: { ko: '공격투자형', en: 'aggressive' },
};
const customerStatusNames: Record<string, Bilingual> = {
  ACTIVE: { ko: '정상', en: 'active' },
  DORMANT: { ko: '휴면', en: 'dormant' },
  SUSPENDED: { ko: '거래중지', en: 'suspended' },
  WITHDRAWN: { ko: '탈퇴', en: 'withdrawn' },
};

const both = (ko: string, en: string): Bilingual => ({ ko, en });
const named = (names: Record<string, Bilingual>, code: unknown): Bilingual => {
  const known = typeof code === 'string' && Object.hasOwn(names, code) ? names[code] : undefined;
  return known ?? both(String(code ?? '-'), String(code ?? '-'));
};

/** An instant (UTC ms, ISO text or Date) as Seoul wall-clock time, `YYYY-MM-DD HH:mm`; '-' when absent. */
export function seoulTime(value: unknown): string {
  if (value === null || value === undefined || value === '') return '-';
  const d = value instanceof Date ? value : new Date(typeof value === 'number' ? value : String(value));
  if (Number.isNaN(d.getTime())) return String(value).slice(0, 40);
  return new Date(d.getTime() + 9 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

const reasonTexts: Record<string, Bilingual> = { ...sendReasons.suppressReasonTexts, ...sendReasons.holdReasonTexts };
/**
 * Why a message FAILED (`code: detail` in status_reason), when the engine names them (`failureReasonTexts`,
 * written by the channel workers); read by name so this module works with and without them.
 */
const failureTexts = ((sendReasons as unknown as Record<string, unknown>).failureReasonTexts ?? {}) as Record<string, Bilingual | undefined>;

/**
 * A suppress, hold or failure reason (a message's status reason or a decision's reason) in both languages.
 * A failure's detail after the code (`undelivered: stat:UNDELIV`) follows the text; an unknown code is
 * quoted, never shown bare.
 */
export function reasonText(code: string | null | undefined): Bilingual | null {
  if (!code) return null;
  const shown = code.slice(0, 255);
  const known = Object.hasOwn(reasonTexts, code) ? reasonTexts[code] : undefined;
  if (known) return { ko: known.ko, en: known.en };
  const colon = shown.indexOf(':');
  const head = (colon < 0 ? shown : shown.slice(0, colon)).trim();
  const failure = Object.hasOwn(failureTexts, head) ? failureTexts[head] : undefined;
  if (failure) {
    const detail = colon < 0 ? '' : shown.slice(colon + 1).trim();
    return detail ? both(`${failure.ko} (${detail})`, `${failure.en} (${detail})`) : { ko: failure.ko, en: failure.en };
  }
  return both(`기록된 사유: ${shown}`, `recorded reason: ${shown}`);
}

/** The sentence for a check that passed (or failed with a reason), from its detail. */
function passedText(rule: string, d: Detail): Bilingual {
  if (d.exempt === 'informational') {
    const ko = {
      marketingConsent: '정보성 메시지라 광고 수신 동의가 필요 없습니다',
      nightTime: '정보성 메시지라 야간 제한이 없습니다',
      frequencyCap: '정보성 메시지라 발송 한도를 적용하지 않습니다',
    }[rule];
    const en = {
      marketingConsent: 'an informational message needs no advertising consent',
      nightTime: 'the night-time rule does not apply to an informational message',
      frequencyCap: 'frequency caps do not apply to an informational message',
    }[rule];
    if (ko && en) return both(ko, en);
  }
  switch (rule) {
    case 'input':
      return both('발송 요청 값이 올바릅니다', 'the send request was well-formed');
    case 'customerStatus': {
      const s = named(customerStatusNames, d.status ?? 'ACTIVE');
      return both(`고객 상태가 ${s.ko}입니다`, `the customer is ${s.en}`);
    }
    case 'templateReview':
      return both(
        `준법감시 심의 승인 (심의필 번호 ${String(d.reviewNumber ?? '-')}, 유효기간 ${seoulTime(d.validFrom)} ~ ${seoulTime(d.validUntil)})`,
        `approved by compliance (review number ${String(d.reviewNumber ?? '-')}, valid ${seoulTime(d.validFrom)} to ${seoulTime(d.validUntil)})`,
      );
    case 'idempotency':
      return both('같은 메시지가 발송된 적이 없습니다', 'the same message had not been delivered before');
    case 'marketingConsent': {
      const c = named(channelNames, d.channel);
      return both(`고객이 ${c.ko} 광고 수신에 동의했습니다`, `the customer consented to advertising by ${c.en}`);
    }
    case 'nightTime':
      return d.nightConsent === true
        ? both('고객이 야간 광고 수신에 동의했습니다', 'the customer consented to advertising at night')
        : both('야간(21:00~08:00)이 아니었습니다', 'it was not night-time (21:00 to 08:00)');
    case 'frequencyCap': {
      const c = named(channelNames, d.channel);
      return both(
        `${c.ko} 광고 발송 한도 이내: 오늘 ${String(d.sentToday)}/${String(d.perDay)}건, 이번 주 ${String(d.sentThisWeek)}/${String(d.perWeek)}건`,
        `within the ${c.en} advertising caps: ${String(d.sentToday)} of ${String(d.perDay)} today, ${String(d.sentThisWeek)} of ${String(d.perWeek)} this week`,
      );
    }
    case 'productOnSale':
      return d.product === false
        ? both('상품을 제시하지 않는 메시지입니다', 'the message presents no product')
        : both(
            `상품이 판매 중입니다 (유형 ${String(d.productType)}, 위험등급 ${String(d.riskGrade)}등급)`,
            `the product is on sale (type ${String(d.productType)}, risk grade ${String(d.riskGrade)})`,
          );
    case 'suitabilityProfile':
      if (d.product === false) return both('상품을 제시하지 않는 메시지입니다', 'the message presents no product');
      if (d.applies === false) return both('적합성 원칙이 적용되지 않는 상품입니다', 'the suitability rule does not apply to this product type');
      return both(
        `투자성향 ${named(propensityNames, d.propensity).ko} (진단 ${seoulTime(d.assessedAt)}, ${seoulTime(d.expiresAt)}까지 유효)`,
        `investment propensity ${named(propensityNames, d.propensity).en} (assessed ${seoulTime(d.assessedAt)}, valid until ${seoulTime(d.expiresAt)})`,
      );
    case 'suitability':
      if (d.product === false) return both('상품을 제시하지 않는 메시지입니다', 'the message presents no product');
      if (d.applies === false) return both('적합성 원칙이 적용되지 않는 상품입니다', 'the suitability rule does not apply to this product type');
      return both(
        `위험등급 ${String(d.riskGrade)}등급 상품은 ${named(propensityNames, d.propensity).ko} 고객에게 적합합니다 (허용: ${String(d.riskiestGradeAllowed)}등급 이하 위험)`,
        `a risk grade ${String(d.riskGrade)} product suits a ${named(propensityNames, d.propensity).en} customer (allowed: grade ${String(d.riskiestGradeAllowed)} or less risky)`,
      );
    case 'recommendation':
      return d.slot === true
        ? both('추천할 상품이 있었습니다', 'there were products to recommend')
        : both('추천 영역이 없는 템플릿입니다', 'the template has no recommendation slot');
    default:
      return both(`규칙 ${rule}: 통과`, `rule ${rule}: passed`);
  }
}

/** What one stored check says, in both languages. */
export function explainCheck(raw: unknown): ExplainedCheck {
  const c = (typeof raw === 'object' && raw !== null ? raw : {}) as { rule?: unknown; ok?: unknown; reason?: unknown; detail?: unknown };
  const rule = typeof c.rule === 'string' ? c.rule.slice(0, 64) : '?';
  const ok = c.ok === true;
  const reason = typeof c.reason === 'string' ? c.reason.slice(0, 64) : null;
  const detail = (typeof c.detail === 'object' && c.detail !== null ? c.detail : {}) as Detail;
  const title = Object.hasOwn(ruleTitles, rule) ? ruleTitles[rule]! : both(`규칙 ${rule}`, `rule ${rule}`);
  if (ok) return { rule, ok, reason, title, text: passedText(rule, detail) };
  const why = reasonText(reason) ?? both(`규칙 ${rule}을(를) 통과하지 못했습니다`, `rule ${rule} did not pass`);
  // A hold names its release time.
  if (rule === 'nightTime' && detail.until !== undefined) {
    return { rule, ok, reason, title, text: both(`${why.ko} (보류 해제 ${seoulTime(detail.until)})`, `${why.en} (released ${seoulTime(detail.until)})`) };
  }
  if (rule === 'frequencyCap' && detail.perDay !== undefined) {
    return {
      rule,
      ok,
      reason,
      title,
      text: both(
        `${why.ko}: 오늘 ${String(detail.sentToday)}/${String(detail.perDay)}건, 이번 주 ${String(detail.sentThisWeek)}/${String(detail.perWeek)}건`,
        `${why.en}: ${String(detail.sentToday)} of ${String(detail.perDay)} today, ${String(detail.sentThisWeek)} of ${String(detail.perWeek)} this week`,
      ),
    };
  }
  return { rule, ok, reason, title, text: why };
}

const outcomeTexts: Record<string, Bilingual> = {
  send: { ko: '발송', en: 'Send' },
  hold: { ko: '보류', en: 'Hold' },
  suppress: { ko: '발송 안 함', en: 'Do not send' },
};

export const outcomeText = (outcome: string): Bilingual => (Object.hasOwn(outcomeTexts, outcome) ? outcomeTexts[outcome]! : both(outcome, outcome));

/** The consents a decision was taken on (`{ sms, email, push, night }`), each as consented or not; absent ones as unknown. */
export function explainConsents(raw: unknown): Array<{ channel: string; consented: boolean | null; label: Bilingual }> {
  const c = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const labels: Record<string, Bilingual> = {
    sms: both('문자 광고 수신', 'SMS advertising'),
    email: both('이메일 광고 수신', 'e-mail advertising'),
    push: both('앱 푸시 광고 수신', 'push advertising'),
    night: both('야간 광고 수신', 'advertising at night'),
  };
  return Object.entries(labels).map(([channel, label]) => ({ channel, consented: typeof c[channel] === 'boolean' ? (c[channel] as boolean) : null, label }));
}
