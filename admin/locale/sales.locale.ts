import type { FeatureLocale } from './feature-locales.js';
import { eventTypeNames } from '../../engine/definitions/event-type-names.js';

/**
 * Event type names as AdminJS label keys: `type.card.payment` is read by
 * i18next as the nested path type -> card -> payment, so the catalogue's
 * dotted codes become nested objects (behaviour event list, show and filter).
 */
function eventTypeLabels(language: 'ko' | 'en'): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const [code, names] of Object.entries(eventTypeNames)) {
    const [head, ...rest] = code.split('.');
    (out[head!] ??= {})[rest.join('.')] = names[language];
  }
  return out;
}

/** Texts of the sales feature in both languages (merged by index.ts; see feature-locales.ts): selling from the 360 page, status changes, segment filter, event names. */
export const salesLocale: FeatureLocale = {
  ko: {
    // The breadcrumb translates the action's label (startCase of its name), not its name.
    actions: { Sell: '상품 판매', 'Change Status': '상태 변경' },
    resources: {
      Customer: {
        properties: { segmentId: '소속 세그먼트' },
        actions: { sell: '상품 판매' },
        messages: {
          addHolding360: '상품 판매',
          sale_title: '상품 판매 (신규 가입)',
          sale_customer: '고객: {{name}} ({{customerNo}})',
          sale_product: '상품',
          sale_chooseProduct: '판매할 상품을 선택하세요',
          sale_notAllowed: '가입 불가',
          sale_refusedSuitability: '적합성 원칙에 따라 판매할 수 없습니다.',
          sale_refusedEligibility: '가입 대상이 아닙니다.',
          sale_eligibleWho: '가입 대상: {{who}}',
          sale_amount: '금액 (원)',
          sale_amountHint: '원 단위 정수로 입력하세요.',
          sale_openedOn: '신규일',
          sale_today: '오늘(한국 시간): {{date}}',
          sale_branch: '판매 영업점',
          sale_submit: '판매 등록',
          sale_cancel: '취소하고 고객 360으로',
          holdingOpened: '상품 가입이 등록되었습니다.',
          chooseTargetStatus: '변경할 상태를 선택하세요',
          withdrawalWarning:
            '탈퇴는 되돌릴 수 없습니다. 탈퇴하면 모든 마케팅 수신 동의가 철회되고, 이 고객에게는 더 이상 상품을 판매하거나 메시지를 보낼 수 없으며, 보존 기간이 지나면 개인정보가 파기됩니다.',
          confirmWithdrawalLabel: '확인을 위해 고객번호 {{customerNo}}을(를) 입력하세요',
          confirmWithdrawalButton: '탈퇴 처리',
        },
      },
      BehaviourEvent: {
        labels: { type: eventTypeLabels('ko') },
      },
    },
  },
  en: {
    actions: { Sell: 'Sell a product', 'Change Status': 'Change status' },
    resources: {
      Customer: {
        properties: { segmentId: 'Segment' },
        actions: { sell: 'Sell a product' },
        messages: {
          addHolding360: 'Sell a product',
          sale_title: 'Sell a product (new holding)',
          sale_customer: 'Customer: {{name}} ({{customerNo}})',
          sale_product: 'Product',
          sale_chooseProduct: 'Choose the product to sell',
          sale_notAllowed: 'may not buy',
          sale_refusedSuitability: 'Cannot be sold under the suitability rule.',
          sale_refusedEligibility: 'Not eligible.',
          sale_eligibleWho: 'Who may open it: {{who}}',
          sale_amount: 'Amount (KRW)',
          sale_amountHint: 'Enter the amount in whole won.',
          sale_openedOn: 'Opening date',
          sale_today: 'Today (Korean time): {{date}}',
          sale_branch: 'Selling branch',
          sale_submit: 'Record the sale',
          sale_cancel: 'Cancel and go back to the customer 360',
          holdingOpened: 'The sale has been recorded.',
          chooseTargetStatus: 'Choose the new status',
          withdrawalWarning:
            'Withdrawal cannot be undone. Every marketing consent is withdrawn, nothing can be sold or sent to this customer any more, and the personal data is erased when the retention period ends.',
          confirmWithdrawalLabel: 'To confirm, type the customer number {{customerNo}}',
          confirmWithdrawalButton: 'Withdraw the customer',
        },
      },
      BehaviourEvent: {
        labels: { type: eventTypeLabels('en') },
      },
    },
  },
};
