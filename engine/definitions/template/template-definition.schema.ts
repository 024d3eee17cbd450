import { z } from 'zod';
import { templateIssue, templateProblemAt, templateProblemOfIssue, type TemplateProblem } from './template-problems.js';
import { checkLiquidText } from './template-liquid.js';

/**
 * A message template definition, version 1: one channel's content, written
 * in Liquid over the closed variable catalogue (template-variables.ts),
 * whether it advertises, and what it is about.
 *
 * - `sms`: `text`; a `subject` makes it an LMS whatever its length.
 * - `email`: `subject`, `html` and the plain `text` alternative; or `mjml`, from which `html` is compiled on save.
 * - `push`: `title`, `body`, an optional `deepLink` and `imageUrl` (https).
 *
 * `kind: 'advertising'` makes the channel add the legal marking at render
 * time ("(광고)", sender, opt-out: engine/channels/content); authors never
 * write it. `usesRecommendations` must agree with the text: a template that
 * shows recommendations is not sent to a customer who has none.
 *
 * A published template version is stored unchanged; a breaking change gets
 * version 2 and a migration, never an edit of this one.
 */

export const templateKinds = ['advertising', 'informational'] as const;
export type TemplateKind = (typeof templateKinds)[number];

const liquidText = (max: number) => z.string().max(max, `at most ${max} characters`);

/** https:// or an app's own scheme (myapp://...); never http, javascript, data, file. */
const deepLinkSchema = z
  .string()
  .max(2000, 'at most 2000 characters')
  .superRefine((value, ctx) => {
    const m = /^([a-z][a-z0-9+.-]*):\/\/\S+$/i.exec(value);
    if (!m || ['http', 'javascript', 'data', 'file', 'vbscript', 'blob'].includes(m[1]!.toLowerCase())) ctx.addIssue(templateIssue([], 'deepLinkFormat'));
  });

const imageUrlSchema = z
  .string()
  .max(2000, 'at most 2000 characters')
  .superRefine((value, ctx) => {
    let url: URL | undefined;
    try {
      url = new URL(value);
    } catch {
      url = undefined;
    }
    if (!url || url.protocol !== 'https:' || url.username || url.password) ctx.addIssue(templateIssue([], 'imageUrlHttps'));
  });

const base = {
  version: z.literal(1, 'version must be 1'),
  kind: z.enum(templateKinds, 'advertising or informational'),
  /** The product the message is about, if any (the channel checks suitability for it at send time). */
  productId: z.number().int().positive('a product id').optional(),
  usesRecommendations: z.boolean().default(false),
};

export const smsTemplateSchema = z.object({
  ...base,
  channel: z.literal('sms'),
  /** Only an LMS has a subject; giving one sends the message as an LMS. */
  subject: liquidText(200).trim().min(1).optional(),
  text: liquidText(4000).trim().min(1, 'may not be empty'),
});

export const emailTemplateSchema = z.object({
  ...base,
  channel: z.literal('email'),
  subject: liquidText(500).trim().min(1, 'may not be empty'),
  html: liquidText(200_000).min(1, 'may not be empty'),
  text: liquidText(50_000).trim().min(1, 'may not be empty'),
  /**
   * The e-mail written in MJML (responsive layout from the MJML library instead of hand-written tables).
   * When present, `html` is compiled from it when the template is saved (engine/channels/content/compile-mjml.ts);
   * Liquid goes inside content elements (mj-text, mj-button attributes), where MJML keeps it as it is.
   */
  mjml: liquidText(200_000).min(1).optional(),
});

export const pushTemplateSchema = z.object({
  ...base,
  channel: z.literal('push'),
  title: liquidText(200).trim().min(1, 'may not be empty'),
  body: liquidText(1000).trim().min(1, 'may not be empty'),
  deepLink: deepLinkSchema.optional(),
  imageUrl: imageUrlSchema.optional(),
});

export const templateDefinitionSchema = z.discriminatedUnion('channel', [smsTemplateSchema, emailTemplateSchema, pushTemplateSchema], 'sms, email or push');

export type SmsTemplate = z.output<typeof smsTemplateSchema>;
export type EmailTemplate = z.output<typeof emailTemplateSchema>;
export type PushTemplate = z.output<typeof pushTemplateSchema>;
export type TemplateDefinition = z.output<typeof templateDefinitionSchema>;
export type TemplateDefinitionInput = z.input<typeof templateDefinitionSchema>;

/** The Liquid fields of a template, by name, in the order an editor shows them. */
export function liquidFields(template: TemplateDefinition): Array<[field: string, text: string]> {
  switch (template.channel) {
    case 'sms':
      return template.subject === undefined
        ? [['text', template.text]]
        : [
            ['subject', template.subject],
            ['text', template.text],
          ];
    case 'email':
      return [
        ['subject', template.subject],
        ['html', template.html],
        ['text', template.text],
      ];
    case 'push':
      return [
        ['title', template.title],
        ['body', template.body],
      ];
  }
}

/** Parses untrusted input against the schema only; problems come back as data with their paths. */
export function parseTemplateDefinition(input: unknown): { ok: true; template: TemplateDefinition } | { ok: false; problems: TemplateProblem[] } {
  const r = templateDefinitionSchema.safeParse(input, { reportInput: true });
  if (r.success) return { ok: true, template: r.data };
  return { ok: false, problems: r.error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || '(template)', ...templateProblemOfIssue(issue) })) };
}

/**
 * The save-time check of the Liquid in every field: every unknown variable,
 * filter or tag with its position, variables of another channel, and whether
 * `usesRecommendations` agrees with the text. Pure; the SMS length is checked
 * on top of this by engine/channels/content (validateTemplate).
 */
export function checkTemplateLiquid(template: TemplateDefinition): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  let refersToRecommendations = false;
  for (const [field, text] of liquidFields(template)) {
    const check = checkLiquidText(text, field, template.channel);
    problems.push(...check.problems);
    refersToRecommendations ||= check.usesRecommendations;
  }
  if (refersToRecommendations && !template.usesRecommendations) problems.push(templateProblemAt('usesRecommendations', 'recommendationsNotDeclared'));
  if (!refersToRecommendations && template.usesRecommendations) problems.push(templateProblemAt('usesRecommendations', 'recommendationsNotUsed'));
  return problems;
}
