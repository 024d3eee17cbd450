import type { Liquid, Template } from 'liquidjs';
import { createTemplateLiquid, liquidErrorPosition } from '../../definitions/template/template-liquid.js';
import { templateContextSchema, type TemplateContext } from '../../definitions/template/template-variables.js';
import { templateProblemAt, type TemplateProblem } from '../../definitions/template/template-problems.js';
import { liquidFields, type TemplateDefinition } from '../../definitions/template/template-definition.schema.js';
import { defaultPushOptOut, listUnsubscribeHeaders, markEmailHtml, markEmailText, markPush, markSmsText, markTitle, type LegalSender, type Unsubscribe } from './legal-marking.js';
import { classifySms, defaultSmsLimits, smsBytes, type SmsClassification, type SmsLimits } from './sms-length.js';

/**
 * A template rendered for one customer: Liquid over the context (strict:
 * an unknown variable fails, it never renders blank), e-mail HTML escaped,
 * SMS and push as plain text, then the legal marking of an advertising
 * message (legal-marking.ts), then the SMS byte count of the final text.
 *
 * Never throws: a bad context or a failing render comes back as problems.
 * A template that shows recommendations, given none, is suppressed: the
 * message is not sent rather than sent with an empty slot.
 */

export interface RenderOptions {
  smsLimits?: Partial<SmsLimits>;
  /** How the app's push notifications are turned off, for the advertising push body. */
  pushOptOut?: string;
}

export type RenderedMessage =
  | { channel: 'sms'; subject?: string; text: string; sms: SmsClassification }
  | { channel: 'email'; subject: string; html: string; text: string; headers: Record<string, string> }
  | { channel: 'push'; title: string; body: string; deepLink?: string; imageUrl?: string };

export type RenderResult =
  { status: 'rendered'; message: RenderedMessage } | { status: 'suppressed'; suppressed: 'noRecommendation' } | { status: 'failed'; problems: TemplateProblem[] };

const htmlLiquid = createTemplateLiquid({ html: true });
const textLiquid = createTemplateLiquid({ html: false });

/** Parsed templates by text, so that a campaign parses each field once (bounded: the oldest go first). */
const parsed = new Map<string, Template[]>();
function parseCached(liquid: Liquid, key: string, text: string): Template[] {
  const cacheKey = `${key}\u0000${text}`;
  const hit = parsed.get(cacheKey);
  if (hit) return hit;
  const templates = liquid.parse(text);
  if (parsed.size >= 500) parsed.delete(parsed.keys().next().value!);
  parsed.set(cacheKey, templates);
  return templates;
}

/** A header or title is one line: line breaks and other control characters from values become spaces. */
// eslint-disable-next-line no-control-regex
const oneLine = (s: string) => s.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();

export function parseTemplateContext(input: unknown): { ok: true; context: TemplateContext } | { ok: false; problems: TemplateProblem[] } {
  const r = templateContextSchema.safeParse(input);
  if (r.success) return { ok: true, context: r.data };
  return {
    ok: false,
    problems: r.error.issues.map((issue) => {
      const at = ['context', ...issue.path.map(String)].join('.');
      return templateProblemAt(at, 'contextInvalid', { at, reason: issue.message });
    }),
  };
}

export function renderTemplate(template: TemplateDefinition, contextInput: unknown, options: RenderOptions = {}): RenderResult {
  const parsedContext = parseTemplateContext(contextInput);
  if (!parsedContext.ok) return { status: 'failed', problems: parsedContext.problems };
  const context = parsedContext.context;
  if (template.usesRecommendations && context.recommendations.length === 0) return { status: 'suppressed', suppressed: 'noRecommendation' };

  const advertising = template.kind === 'advertising';
  const unsubscribe: Unsubscribe | undefined = context.message.unsubscribeUrl
    ? { url: context.message.unsubscribeUrl, ...(context.message.unsubscribeMailto ? { mailto: context.message.unsubscribeMailto } : {}) }
    : undefined;
  if (advertising && template.channel === 'email' && !unsubscribe) {
    return { status: 'failed', problems: [templateProblemAt('context.message.unsubscribeUrl', 'unsubscribeUrlRequired')] };
  }

  const out: Record<string, string> = {};
  const problems: TemplateProblem[] = [];
  for (const [field, text] of liquidFields(template)) {
    const liquid = field === 'html' ? htmlLiquid : textLiquid;
    try {
      out[field] = String(liquid.renderSync(parseCached(liquid, field === 'html' ? 'html' : 'text', text), context));
    } catch (error) {
      const { reason, at } = liquidErrorPosition(error);
      problems.push(templateProblemAt(field, 'renderFailed', { reason }, at));
    }
  }
  if (problems.length) return { status: 'failed', problems };

  const sender: LegalSender = context.bank;
  switch (template.channel) {
    case 'sms': {
      const limits = { ...defaultSmsLimits, ...options.smsLimits };
      const subject = out.subject === undefined ? undefined : oneLine(advertising ? markTitle(out.subject) : out.subject);
      const text = advertising ? markSmsText(out.text!, sender) : out.text!.trim();
      const sms = classifySms(text, limits, { hasSubject: subject !== undefined });
      if (sms.overLimit) return { status: 'failed', problems: [templateProblemAt('text', 'smsTooLong', { bytes: sms.bytes, encoding: sms.encoding, max: limits.lmsBytes })] };
      if (subject !== undefined) {
        const subjectBytes = smsBytes(subject).bytes;
        if (subjectBytes > limits.lmsSubjectBytes)
          return { status: 'failed', problems: [templateProblemAt('subject', 'smsSubjectTooLong', { bytes: subjectBytes, max: limits.lmsSubjectBytes })] };
      }
      return { status: 'rendered', message: { channel: 'sms', ...(subject === undefined ? {} : { subject }), text, sms } };
    }
    case 'email': {
      const subject = oneLine(advertising ? markTitle(out.subject!) : out.subject!);
      if (!advertising || !unsubscribe) return { status: 'rendered', message: { channel: 'email', subject, html: out.html!, text: out.text!.trim(), headers: {} } };
      return {
        status: 'rendered',
        message: {
          channel: 'email',
          subject,
          html: markEmailHtml(out.html!, sender, unsubscribe),
          text: markEmailText(out.text!.trim(), sender, unsubscribe),
          headers: listUnsubscribeHeaders(unsubscribe),
        },
      };
    }
    case 'push': {
      const title = oneLine(out.title!);
      const body = out.body!.trim();
      const marked = advertising ? markPush(title, body, options.pushOptOut ?? defaultPushOptOut) : { title, body };
      const links = { ...(template.deepLink ? { deepLink: template.deepLink } : {}), ...(template.imageUrl ? { imageUrl: template.imageUrl } : {}) };
      return { status: 'rendered', message: { channel: 'push', ...marked, ...links } };
    }
  }
}
