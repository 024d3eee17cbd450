import { z } from 'zod';
import { messageChannels, type MessageChannel } from '../journey/journey-action-nodes.schema.js';

/**
 * The closed catalogue of what a message template may say about the
 * customer, the bank and the message. Anything else in a template is refused
 * when it is saved (template-liquid.ts), so a send never finds a blank, or an
 * internal field, in a customer's message.
 *
 * Names: only `customer.name`, the name as registered. No first or family
 * name is derived: the first syllable of a Korean name is not always the
 * family name (남궁, 제갈, 선우, 황보, 독고 ... have two), customers with a
 * Latin name write it in either order, and banks address a customer by the
 * full name ("홍길동 고객님"). `customer.customerNo` and every other internal
 * id are not offered. At send time the real name is rendered; a preview is
 * given masked values by its caller (resources/customer maskName).
 */

export { messageChannels };
export type TemplateChannel = MessageChannel;

export interface TemplateVariable {
  ko: string;
  en: string;
  /** Channels the variable may be used in. */
  channels: readonly TemplateChannel[];
}

/** Scalar variables, by dotted path. */
export const templateVariables = {
  'customer.name': { ko: '고객 이름', en: "the customer's name", channels: messageChannels },
  'bank.name': { ko: '은행 이름', en: "the bank's name", channels: messageChannels },
  'bank.contactNumber': { ko: '은행 고객센터 번호', en: "the bank's contact number", channels: messageChannels },
  'bank.optOutNumber': { ko: '무료 수신거부 번호 (080)', en: 'the free opt-out number (080)', channels: messageChannels },
  'message.unsubscribeUrl': { ko: '수신거부 링크', en: 'the unsubscribe link', channels: ['email'] },
} as const satisfies Record<string, TemplateVariable>;

export type TemplateVariablePath = keyof typeof templateVariables;

/** `recommendations` is a list of at most this many products, each with these fields. */
export const maxRecommendations = 3;
export const recommendationFields = {
  name: { ko: '상품 이름', en: 'the product name' },
  rateText: { ko: '금리 문구 (예: 연 3.50%)', en: 'the rate as text (e.g. 연 3.50%)' },
  url: { ko: '상품 안내 주소', en: "the product page's address" },
} as const;
export type RecommendationField = keyof typeof recommendationFields;

/** What `forloop` offers inside `{% for r in recommendations %}`. */
export const forloopFields = ['index', 'index0', 'rindex', 'rindex0', 'first', 'last', 'length'] as const;

/**
 * Liquid filters a template may use: text shaping and arithmetic, nothing
 * that bypasses HTML escaping (`raw`), prints objects (`json`, `inspect`),
 * is random (`sample`) or depends on the clock (`date`). `escape` is left out
 * because e-mail HTML is escaped already (it would escape twice).
 */
export const allowedFilters = [
  'append',
  'prepend',
  'capitalize',
  'downcase',
  'upcase',
  'strip',
  'lstrip',
  'rstrip',
  'strip_newlines',
  'truncate',
  'truncatewords',
  'replace',
  'replace_first',
  'remove',
  'remove_first',
  'default',
  'url_encode',
  'size',
  'first',
  'last',
  'plus',
  'minus',
  'times',
  'divided_by',
  'round',
  'floor',
  'ceil',
  'abs',
  'at_least',
  'at_most',
] as const;

/**
 * Liquid tags a template may use: conditions, the recommendations loop and
 * comments. No `include`/`render`/`layout` (they read files), no
 * `assign`/`capture` (a local name would escape the catalogue check).
 */
export const allowedTags = ['if', 'unless', 'case', 'for', 'break', 'continue', 'comment', 'raw', '#'] as const;

const text = (max: number) => z.string().max(max, `at most ${max} characters`);

export const recommendationItemSchema = z.object({ name: text(200), rateText: text(100), url: text(2000) });

/**
 * What a template is rendered with. The channel worker builds it at send
 * time (the bank values come from configuration); a preview passes sample or
 * masked values. `message.unsubscribeUrl` (https) and the optional
 * `unsubscribeMailto` feed the e-mail's List-Unsubscribe headers and footer.
 */
export const templateContextSchema = z.object({
  customer: z.object({ name: text(200).min(1, 'may not be empty') }),
  bank: z.object({
    name: text(100).min(1),
    contactNumber: text(40).min(1),
    optOutNumber: z.string().regex(/^080-\d{3,4}-\d{4}$/, 'a free opt-out number such as 080-123-4567'),
  }),
  recommendations: z.array(recommendationItemSchema).max(maxRecommendations, `at most ${maxRecommendations} recommendations`).default([]),
  message: z
    .object({
      unsubscribeUrl: z
        .string()
        .max(2000)
        // https, or plain http to this machine only (development and tests; production refuses a PUBLIC_URL that is not https).
        .regex(/^(https:\/\/[^\s<>",]+|http:\/\/(localhost|127\.0\.0\.1)(:\d{1,5})?\/[^\s<>",]*)$/, 'an https address')
        .optional(),
      unsubscribeMailto: z
        .string()
        .max(2000)
        .regex(/^mailto:[^\s<>",]+@[^\s<>",]+$/, 'a mailto: address')
        .optional(),
    })
    .default({}),
});

export type TemplateContext = z.output<typeof templateContextSchema>;
export type TemplateContextInput = z.input<typeof templateContextSchema>;
export type RecommendationItem = z.output<typeof recommendationItemSchema>;

/**
 * The longest values a variable plausibly takes, for the SMS length estimate
 * at save time. A Korean given name has at most five syllables (family
 * register rules) and a family name at most two: seven syllables. A Latin
 * name may be longer (up to 60 characters); the byte count of the rendered
 * message at send time is the one that decides.
 */
export const plausibleLongest = {
  customerName: '남궁가나다라마',
  recommendation: { name: '가나다라마바사아자차카타파하 정기예금', rateText: '연 최고 10.00% (세전, 우대금리 포함)', url: 'https://bank.example/p/0123456789abcdef' },
} as const;
