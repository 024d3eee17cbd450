import mjml2html from 'mjml';
import { templateProblemAt, type TemplateProblem } from '../../definitions/template/template-problems.js';

/**
 * An e-mail template written in MJML becomes responsive HTML when it is saved (not at send time: the
 * compiled HTML is the same for every customer, Liquid is rendered into it per message). MJML keeps
 * Liquid inside content elements as text, so `{{ customer.name }}` and `{% for %}` survive compilation.
 * MJML's own problems (unknown elements, bad attributes) come back as template problems with their line.
 */
export async function compileMjml(source: string): Promise<{ html: string; problems: TemplateProblem[] }> {
  try {
    const out = await mjml2html(source, { validationLevel: 'soft', keepComments: false });
    const problems = out.errors.map((e) => templateProblemAt('mjml', 'mjmlInvalid', { reason: e.message }, { row: e.line, col: 1 }));
    return { html: out.html, problems };
  } catch (err) {
    return { html: '', problems: [templateProblemAt('mjml', 'mjmlInvalid', { reason: (err as Error).message.split('\n')[0]!.slice(0, 300) })] };
  }
}

/**
 * A definition as it is saved: an e-mail with `mjml` gets its `html` compiled from it. Anything else is
 * returned as it is. Never throws.
 */
export async function withCompiledMjml(definition: unknown): Promise<{ definition: unknown; problems: TemplateProblem[] }> {
  const d = definition as { channel?: unknown; mjml?: unknown } | null;
  if (!d || typeof d !== 'object' || d.channel !== 'email' || typeof d.mjml !== 'string' || d.mjml.trim() === '') return { definition, problems: [] };
  const { html, problems } = await compileMjml(d.mjml);
  return { definition: { ...d, html: html || '<!-- MJML could not be compiled -->' }, problems };
}
