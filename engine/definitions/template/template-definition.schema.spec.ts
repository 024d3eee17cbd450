import { checkTemplateLiquid, parseTemplateDefinition, type TemplateDefinition } from './template-definition.schema.js';
import { renderTemplateProblem, templateProblemTexts, type TemplateProblemCode } from './template-problems.js';

const sms = (text: string, extra: Record<string, unknown> = {}) => ({ version: 1, channel: 'sms', kind: 'informational', text, ...extra });

function parsed(input: unknown): TemplateDefinition {
  const r = parseTemplateDefinition(input);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.template;
}

describe('template definition schema', () => {
  test('one template per channel parses, with defaults', () => {
    expect(parsed(sms('{{ customer.name }} 고객님, 안녕하세요'))).toMatchObject({ channel: 'sms', usesRecommendations: false });
    expect(parsed({ version: 1, channel: 'email', kind: 'advertising', productId: 7, subject: '혜택', html: '<p>안녕</p>', text: '안녕' })).toMatchObject({ productId: 7 });
    expect(
      parsed({ version: 1, channel: 'push', kind: 'advertising', title: '혜택', body: '확인하세요', deepLink: 'bankapp://products/7', imageUrl: 'https://cdn.bank.example/a.png' }),
    ).toMatchObject({
      deepLink: 'bankapp://products/7',
    });
  });

  test('an image must be https, a deep link neither http nor javascript', () => {
    const r = parseTemplateDefinition({ version: 1, channel: 'push', kind: 'informational', title: 't', body: 'b', imageUrl: 'http://cdn/a.png', deepLink: 'javascript:alert(1)' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => [p.path, p.code])).toEqual(
      expect.arrayContaining([
        ['imageUrl', 'imageUrlHttps'],
        ['deepLink', 'deepLinkFormat'],
      ]),
    );
  });

  test('an unknown channel and a missing text are coded problems', () => {
    const r = parseTemplateDefinition({ version: 1, channel: 'fax', kind: 'informational' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]).toMatchObject({ path: 'channel', code: 'unknownChannel' });
    const r2 = parseTemplateDefinition({ version: 1, channel: 'sms', kind: 'informational' });
    if (!r2.ok) expect(r2.problems).toEqual([expect.objectContaining({ path: 'text', code: 'required' })]);
  });
});

describe('the Liquid check at save time', () => {
  test('an unknown variable and an unknown filter are refused, each with its line and column', () => {
    const problems = checkTemplateLiquid(parsed(sms('안녕 {{ customer.nmae }}\n{{ bank.name | shout }}')));
    expect(problems).toEqual([
      expect.objectContaining({ path: 'text', code: 'unknownVariable', params: expect.objectContaining({ variable: 'customer.nmae' }), line: 1, column: 7 }),
      expect.objectContaining({ path: 'text', code: 'unknownFilter', params: expect.objectContaining({ filter: 'shout' }), line: 2, column: 16 }),
    ]);
  });

  test('every problem is reported, not only the first', () => {
    const problems = checkTemplateLiquid(parsed(sms('{{ a }} {{ b }} {{ c | x }} {{ d | y }}')));
    expect(problems.map((p) => p.code)).toEqual(['unknownVariable', 'unknownVariable', 'unknownVariable', 'unknownFilter', 'unknownVariable', 'unknownFilter']);
  });

  test('internal ids and derived names are not offered', () => {
    for (const variable of ['customer.customerNo', 'customer.firstName', 'customer.familyName', 'customer.mobile']) {
      expect(checkTemplateLiquid(parsed(sms(`{{ ${variable} }}`)))).toEqual([expect.objectContaining({ code: 'unknownVariable', params: expect.objectContaining({ variable }) })]);
    }
  });

  test('the catalogue variables pass; objects and computed lookups do not', () => {
    expect(checkTemplateLiquid(parsed(sms('{{ customer.name }} {{ bank.name }} {{ bank.contactNumber }} {{ bank.optOutNumber }} {{ customer.name.size }}')))).toEqual([]);
    expect(checkTemplateLiquid(parsed(sms('{{ customer }}')))[0]).toMatchObject({ code: 'wholeObject', params: { variable: 'customer', values: 'customer.name' } });
    expect(checkTemplateLiquid(parsed(sms('{{ customer["name"] }}')))).toEqual([]);
    expect(checkTemplateLiquid(parsed(sms('{{ customer[bank.name] }}')))[0]).toMatchObject({ code: 'dynamicLookup' });
  });

  test('the unsubscribe link is e-mail only', () => {
    expect(checkTemplateLiquid(parsed(sms('{{ message.unsubscribeUrl }}')))[0]).toMatchObject({
      code: 'variableNotForChannel',
      params: { variable: 'message.unsubscribeUrl', channels: 'email' },
    });
    const email = parsed({ version: 1, channel: 'email', kind: 'informational', subject: 's', html: '<a href="{{ message.unsubscribeUrl }}">x</a>', text: 't' });
    expect(checkTemplateLiquid(email)).toEqual([]);
  });

  test('recommendations: a loop with item fields, declared on the template', () => {
    const text =
      '{% for r in recommendations %}{{ forloop.index }}. {{ r.name }} {{ r.rateText }} {{ r.url }}\n{% endfor %}{{ recommendations.first.name }} {{ recommendations[0].url }} {{ recommendations.last.rateText }}';
    expect(checkTemplateLiquid(parsed(sms(text, { usesRecommendations: true })))).toEqual([]);
    expect(checkTemplateLiquid(parsed(sms(text)))).toEqual([expect.objectContaining({ path: 'usesRecommendations', code: 'recommendationsNotDeclared' })]);
    expect(checkTemplateLiquid(parsed(sms('안녕', { usesRecommendations: true })))).toEqual([expect.objectContaining({ code: 'recommendationsNotUsed' })]);
    const bad = checkTemplateLiquid(parsed(sms('{% for r in recommendations %}{{ r.price }}{{ forloop.parentloop }}{% endfor %}', { usesRecommendations: true })));
    expect(bad.map((p) => [p.code, p.params?.variable])).toEqual([
      ['unknownVariable', 'r.price'],
      ['unknownVariable', 'forloop.parentloop'],
    ]);
    expect(checkTemplateLiquid(parsed(sms('{{ recommendations[1].name }}', { usesRecommendations: true })))).toEqual([
      expect.objectContaining({ code: 'recommendationIndex', params: { variable: 'recommendations[1].name', values: 'recommendations.first' }, line: 1, column: 4 }),
    ]);
    expect(checkTemplateLiquid(parsed(sms('{% for c in bank.name %}{{ c }}{% endfor %}')))[0]).toMatchObject({
      code: 'loopOverRecommendations',
      params: { collection: 'bank.name' },
    });
  });

  test('tags that read files or create names, raw output and syntax errors are refused with their place', () => {
    expect(checkTemplateLiquid(parsed(sms('안녕\n{% include "x" %}')))).toEqual([
      expect.objectContaining({ code: 'tagNotAllowed', params: expect.objectContaining({ tag: 'include' }), line: 2, column: 1 }),
    ]);
    expect(checkTemplateLiquid(parsed(sms('{% assign n = customer.name %}{{ n }}')))[0]).toMatchObject({
      code: 'tagNotAllowed',
      params: expect.objectContaining({ tag: 'assign' }),
    });
    expect(checkTemplateLiquid(parsed(sms('{{ customer.name | raw }}')))[0]).toMatchObject({ code: 'unknownFilter', params: expect.objectContaining({ filter: 'raw' }) });
    expect(checkTemplateLiquid(parsed(sms('{{ customer.name ')))[0]).toMatchObject({ code: 'liquidSyntax', line: 1, column: 1 });
  });

  test('every field is checked, each problem names its field', () => {
    const email = parsed({ version: 1, channel: 'email', kind: 'informational', subject: '{{ x }}', html: '<p>{{ y }}</p>', text: '{{ z }}' });
    expect(checkTemplateLiquid(email).map((p) => p.path)).toEqual(['subject', 'html', 'text']);
  });
});

describe('problem texts', () => {
  test('every code reads in Korean and English, with the same placeholders', () => {
    for (const code of Object.keys(templateProblemTexts) as TemplateProblemCode[]) {
      const { en, ko } = templateProblemTexts[code];
      expect(en.length).toBeGreaterThan(0);
      expect(ko).toMatch(/[가-힣]/);
      const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      if (code !== 'valueRequired' && code !== 'valuesRequired') expect(placeholders(ko).every((p) => placeholders(en).includes(p))).toBe(true);
    }
  });

  test('an unknown variable is told in both languages', () => {
    const [problem] = checkTemplateLiquid(parsed(sms('{{ customer.nmae }}')));
    expect(renderTemplateProblem(problem!.code, problem!.params, 'ko')).toContain('customer.nmae은(는) 메시지 변수가 아닙니다');
    expect(problem!.message).toContain('customer.nmae is not a message variable');
  });
});
