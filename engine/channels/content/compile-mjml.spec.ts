import { compileMjml, withCompiledMjml } from './compile-mjml.js';
import { fromTemplateProblem } from '../../../resources/template/template-api-problems.js';

const mjml = `<mjml>
  <mj-body>
    <mj-section>
      <mj-column>
        <mj-text>{{ customer.name }} 고객님, {% for r in recommendations %}{{ r.name }} {% endfor %}</mj-text>
        <mj-button href="https://www.bank.example/event">자세히 보기</mj-button>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`;

test('MJML becomes responsive HTML (media queries, tables) with the Liquid inside it kept as it is', async () => {
  const { html, problems } = await compileMjml(mjml);
  expect(problems).toEqual([]);
  expect(html).toMatch(/^<!doctype html>/i);
  expect(html).toContain('@media only screen');
  expect(html).toContain('{{ customer.name }} 고객님');
  expect(html).toContain('{% for r in recommendations %}');
  expect(html).toContain('href="https://www.bank.example/event"');
});

test('an element MJML does not know is a problem at its line, in both languages', async () => {
  const { problems } = await compileMjml('<mjml>\n<mj-body>\n<mj-sectionx></mj-sectionx>\n</mj-body>\n</mjml>');
  expect(problems[0]).toMatchObject({ path: 'mjml', code: 'mjmlInvalid', line: 3, message: expect.stringContaining('mj-sectionx') });
  expect(fromTemplateProblem(problems[0]!).message.ko).toMatch(/^MJML이 올바르지 않습니다: .*mj-sectionx/);
});

test('only an e-mail with MJML is compiled; other definitions come back as they are', async () => {
  const sms = { version: 1, channel: 'sms', kind: 'informational', text: 'x', mjml };
  expect(await withCompiledMjml(sms)).toEqual({ definition: sms, problems: [] });
  const email = { version: 1, channel: 'email', kind: 'informational', subject: 's', html: '-', text: 't', mjml };
  const out = await withCompiledMjml(email);
  expect((out.definition as { html: string }).html).toContain('@media only screen');
  expect((out.definition as { mjml: string }).mjml).toBe(mjml);
});
