import { checkTemplateLiquid, liquidFields, parseTemplateDefinition, type TemplateDefinition } from '../../definitions/template/template-definition.schema.js';
import { templateProblemAt, type TemplateProblem } from '../../definitions/template/template-problems.js';
import { maxRecommendations, plausibleLongest, type TemplateContextInput } from '../../definitions/template/template-variables.js';
import { adMarkVariantAtStart, markSmsText, markTitle, startsWithAdMark, type LegalSender } from './legal-marking.js';
import { renderTemplate } from './render-template.js';
import { classifySms, defaultSmsLimits, smsBytes, type SmsClassification, type SmsLimits } from './sms-length.js';

/**
 * The save-time check of a template (pure): the schema, the Liquid
 * (template-liquid.ts: every unknown variable, filter, tag with its place),
 * disguised "(광고)" marks, and for SMS the byte count of the final text
 * twice: as written (placeholders counted as typed) and rendered with the
 * longest plausible values. Both include the advertising marking the
 * platform adds. Either over the LMS limit is a problem; the count of the
 * rendered message at send time (renderTemplate) is the one that decides.
 */

export interface ValidateTemplateOptions {
  /** The bank as the sender, from configuration: its name and 080 number are part of an advertising SMS's length. */
  sender: LegalSender;
  smsLimits?: Partial<SmsLimits>;
}

export interface SmsLengths {
  /** The final text with the placeholders as written ("{{ customer.name }}" counts 19 bytes). */
  asWritten: SmsClassification;
  /** Rendered with the longest plausible name and three long recommendations; absent while the Liquid has problems. */
  longest?: SmsClassification;
}

export interface TemplateValidation {
  ok: boolean;
  template?: TemplateDefinition;
  problems: TemplateProblem[];
  smsLengths?: SmsLengths;
}

/** The context with the longest plausible values, for the length estimate. */
export function longestPlausibleContext(sender: LegalSender): TemplateContextInput {
  return {
    customer: { name: plausibleLongest.customerName },
    bank: sender,
    recommendations: Array.from({ length: maxRecommendations }, () => ({ ...plausibleLongest.recommendation })),
    message: {},
  };
}

function adMarkProblems(template: TemplateDefinition): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  for (const [field, text] of liquidFields(template)) {
    if (field === 'html') continue;
    const variant = adMarkVariantAtStart(text);
    if (variant) problems.push(templateProblemAt(field, 'adMarkVariant', { found: variant }));
    else if (template.kind === 'informational' && startsWithAdMark(text)) problems.push(templateProblemAt(field, 'informationalMarkedAsAd'));
  }
  return problems;
}

function smsLengthsOf(
  template: TemplateDefinition & { channel: 'sms' },
  liquidOk: boolean,
  options: ValidateTemplateOptions,
): { lengths: SmsLengths; problems: TemplateProblem[] } {
  const limits = { ...defaultSmsLimits, ...options.smsLimits };
  const advertising = template.kind === 'advertising';
  const hasSubject = template.subject !== undefined;
  const problems: TemplateProblem[] = [];
  const asWritten = classifySms(advertising ? markSmsText(template.text, options.sender) : template.text.trim(), limits, { hasSubject });
  if (asWritten.overLimit) problems.push(templateProblemAt('text', 'smsTooLongAsWritten', { bytes: asWritten.bytes, encoding: asWritten.encoding, max: limits.lmsBytes }));
  if (hasSubject) {
    const subjectBytes = smsBytes(advertising ? markTitle(template.subject!) : template.subject!).bytes;
    if (subjectBytes > limits.lmsSubjectBytes) problems.push(templateProblemAt('subject', 'smsSubjectTooLong', { bytes: subjectBytes, max: limits.lmsSubjectBytes }));
  }
  if (!liquidOk) return { lengths: { asWritten }, problems };
  // Rendered without limits, then classified against the real ones.
  const rendered = renderTemplate(template, longestPlausibleContext(options.sender), { smsLimits: { lmsBytes: Infinity, lmsSubjectBytes: Infinity } });
  if (rendered.status !== 'rendered' || rendered.message.channel !== 'sms') return { lengths: { asWritten }, problems };
  const longest = classifySms(rendered.message.text, limits, { hasSubject });
  if (longest.overLimit && !asWritten.overLimit)
    problems.push(templateProblemAt('text', 'smsTooLongLongest', { bytes: longest.bytes, encoding: longest.encoding, max: limits.lmsBytes }));
  return { lengths: { asWritten, longest }, problems };
}

export function validateTemplate(input: unknown, options: ValidateTemplateOptions): TemplateValidation {
  const parsed = parseTemplateDefinition(input);
  if (!parsed.ok) return { ok: false, problems: parsed.problems };
  const template = parsed.template;
  const liquidProblems = checkTemplateLiquid(template);
  const problems = [...liquidProblems, ...adMarkProblems(template)];
  if (template.channel !== 'sms') return { ok: problems.length === 0, template, problems };
  const sms = smsLengthsOf(template, liquidProblems.length === 0, options);
  problems.push(...sms.problems);
  return { ok: problems.length === 0, template, problems, smsLengths: sms.lengths };
}
