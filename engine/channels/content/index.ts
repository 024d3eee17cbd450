/** Message content (pure): rendering, legal marking, SMS length, save-time validation and preview. See README.md. */
export { renderTemplate, parseTemplateContext, type RenderOptions, type RenderResult, type RenderedMessage } from './render-template.js';
export { validateTemplate, longestPlausibleContext, type ValidateTemplateOptions, type TemplateValidation, type SmsLengths } from './validate-template.js';
export { previewTemplate, type PreviewOptions, type TemplatePreview } from './preview-template.js';
export { classifySms, smsBytes, defaultSmsLimits, type SmsClassification, type SmsEncoding, type SmsLimits, type SmsType } from './sms-length.js';
export {
  adMark,
  adMarkVariantAtStart,
  defaultPushOptOut,
  listUnsubscribeHeaders,
  markEmailHtml,
  markEmailText,
  markPush,
  markSmsText,
  markTitle,
  smsOptOutLine,
  startsWithAdMark,
  type LegalSender,
  type Unsubscribe,
} from './legal-marking.js';
