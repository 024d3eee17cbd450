/**
 * Display names of the customer event types the bank's systems send (the
 * `type` of customer-events, engine/definitions/customer-event.schema.ts),
 * in both console languages, shown instead of raw codes such as
 * `card.payment` (behaviour event list, customer 360, segment and journey
 * canvases). An unknown type — a bank system may send new ones any day — is
 * shown as its code.
 */
export const eventTypeNames: Record<string, { ko: string; en: string }> = {
  'app.login': { ko: '앱 로그인', en: 'App login' },
  'app.signup': { ko: '앱 가입', en: 'App sign-up' },
  'product.view': { ko: '상품 조회', en: 'Product viewed' },
  'transfer.completed': { ko: '이체 완료', en: 'Transfer completed' },
  'card.payment': { ko: '카드 결제', en: 'Card payment' },
  'counsel.visit': { ko: '상담 방문', en: 'Counselling visit' },
  'deposit.matured': { ko: '예금 만기', en: 'Deposit matured' },
  'deposit.renewed': { ko: '예금 재예치', en: 'Deposit renewed' },
  'loan.inquiry': { ko: '대출 문의', en: 'Loan inquiry' },
  'holding.opened': { ko: '상품 가입', en: 'Product opened' },
  'fund.purchased': { ko: '펀드 매수', en: 'Fund purchased' },
};

/** The name of `type` in `language`, or the code itself when the type is not in the catalogue. */
export function eventTypeName(type: string, language: 'ko' | 'en'): string {
  return eventTypeNames[type]?.[language] ?? type;
}
