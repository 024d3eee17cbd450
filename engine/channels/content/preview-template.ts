import type { LegalSender } from './legal-marking.js';
import { renderTemplate, type RenderOptions, type RenderResult } from './render-template.js';
import type { SmsLimits } from './sms-length.js';
import { validateTemplate, type TemplateValidation } from './validate-template.js';

/**
 * What the console's template preview shows (pure): the save-time problems,
 * the SMS byte counts (as written, and with the longest plausible values),
 * and the message as a customer would get it from the sample context: every
 * part of its channel (subject/title, body, html, text, headers) with the
 * legal marking applied and, for SMS, its classification (SMS or LMS, bytes,
 * encoding). The caller passes masked or sample values, never a real
 * customer's unmasked data.
 */

export interface TemplatePreview extends TemplateValidation {
  /** Absent when the template itself does not parse. */
  rendered?: RenderResult;
}

export interface PreviewOptions extends RenderOptions {
  smsLimits?: Partial<SmsLimits>;
}

export function previewTemplate(input: unknown, sampleContext: unknown, options: PreviewOptions = {}): TemplatePreview {
  const sender = senderOf(sampleContext);
  const validation = validateTemplate(input, { sender, ...(options.smsLimits ? { smsLimits: options.smsLimits } : {}) });
  if (!validation.template) return validation;
  return { ...validation, rendered: renderTemplate(validation.template, sampleContext, options) };
}

/** The sender from the sample context's bank values (validated by the render; placeholders here if missing). */
function senderOf(context: unknown): LegalSender {
  const bank = (context as { bank?: Partial<Record<keyof LegalSender, unknown>> } | null)?.bank;
  const text = (v: unknown, fallback: string) => (typeof v === 'string' && v !== '' ? v : fallback);
  return { name: text(bank?.name, '은행'), contactNumber: text(bank?.contactNumber, '1588-0000'), optOutNumber: text(bank?.optOutNumber, '080-000-0000') };
}
