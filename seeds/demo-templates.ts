import { runAsActor, type Actor } from '../engine/context/request-context.js';
import type { LegalSender } from '../engine/channels/content/index.js';
import type { TemplateDefinitionInput } from '../engine/definitions/template/template-definition.schema.js';
import type { ExampleJourneyRefs } from '../engine/definitions/journey/journey-examples.js';
import type { DomainServices } from '../resources/domain-services.js';
import { TemplateService, defaultTemplateSender } from '../resources/template/template.service.js';

export type DemoTemplateKey = keyof ExampleJourneyRefs['templates'];

export interface DemoTemplate {
  key: DemoTemplateKey;
  name: string;
  definition: TemplateDefinitionInput;
}

/** What a fund advertisement must say (자본시장법 and the 금융투자협회 advertising rules, in short). */
const fundWarning =
  '집합투자증권은 예금자보호법에 따라 보호되지 않으며, 운용 결과에 따라 투자원금의 손실이 발생할 수 있으며, 과거의 운용실적이 미래의 수익을 보장하지 않습니다. 투자 전 (간이)투자설명서와 집합투자규약을 반드시 읽어 보시기 바랍니다.';

const guideHtml = `<!doctype html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ bank.name }} 모바일 앱 이용 안내</title>
</head>
<body style="margin:0;padding:0;background:#f3f5f8;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f3f5f8;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;background:#ffffff;border-radius:8px;font-family:'Apple SD Gothic Neo','Malgun Gothic',sans-serif;color:#1f2937;">
<tr><td style="padding:28px 24px 8px;font-size:20px;font-weight:bold;line-height:1.4;">{{ bank.name }} 모바일 앱, 이렇게 쓰시면 편리합니다</td></tr>
<tr><td style="padding:8px 24px;font-size:15px;line-height:1.7;">
<p style="margin:0 0 12px;">{{ customer.name }} 고객님, {{ bank.name }} 모바일 앱을 이용해 주셔서 감사합니다. 자주 찾으시는 기능을 소개해 드립니다.</p>
<ul style="margin:0 0 12px;padding-left:20px;">
<li style="margin-bottom:6px;"><strong>간편 이체</strong>: 자주 보내는 계좌를 등록해 두면 몇 번의 터치로 이체할 수 있습니다.</li>
<li style="margin-bottom:6px;"><strong>예금·적금 가입</strong>: 영업점 방문 없이 앱에서 상품설명서를 확인하고 가입할 수 있습니다.</li>
<li style="margin-bottom:6px;"><strong>만기 관리</strong>: 가입하신 예금의 만기일과 예상 이자를 한 화면에서 확인할 수 있습니다.</li>
</ul>
<p style="margin:0 0 12px;">앱 전용 상품의 금리와 가입 조건은 상품마다 다르므로, 가입 전 상품설명서와 약관을 꼭 확인해 주세요.</p>
</td></tr>
<tr><td style="padding:8px 24px 28px;font-size:13px;line-height:1.6;color:#6b7280;">궁금하신 점은 고객센터 {{ bank.contactNumber }}로 문의해 주세요.</td></tr>
</table>
</td></tr>
</table>
</body>
</html>`;

const guideText = `{{ customer.name }} 고객님, {{ bank.name }} 모바일 앱을 이용해 주셔서 감사합니다. 자주 찾으시는 기능을 소개해 드립니다.

- 간편 이체: 자주 보내는 계좌를 등록해 두면 몇 번의 터치로 이체할 수 있습니다.
- 예금·적금 가입: 영업점 방문 없이 앱에서 상품설명서를 확인하고 가입할 수 있습니다.
- 만기 관리: 가입하신 예금의 만기일과 예상 이자를 한 화면에서 확인할 수 있습니다.

앱 전용 상품의 금리와 가입 조건은 상품마다 다르므로, 가입 전 상품설명서와 약관을 꼭 확인해 주세요.
궁금하신 점은 고객센터 {{ bank.contactNumber }}로 문의해 주세요.`;

/**
 * The eight messages of the example journeys, written as a bank's marketer
 * would and reviewed by compliance. Advertising ones get "(광고)", the sender
 * and the opt-out from the platform at send time (engine/channels/content);
 * the text never writes them. Informational: the welcome after a sign-up
 * (the customer's own registration) and the notice of a deposit's maturity
 * (a contract's terms). Advertising: everything that invites to use the app
 * or to buy (the guide mail, the come-back SMS, the re-deposit push, the fund
 * nudges). The fund nudges show the recommendations slot, so the channel
 * fills it with products suitable for the customer at send time and sends
 * nothing to a customer with none.
 */
export const demoTemplates: DemoTemplate[] = [
  {
    key: 'welcomePush',
    name: '모바일 앱 가입 환영 푸시',
    definition: {
      version: 1,
      channel: 'push',
      kind: 'informational',
      title: '{{ bank.name }} 모바일 앱 가입을 환영합니다',
      body: '{{ customer.name }} 고객님, 가입이 완료되었습니다. 안전한 이용을 위해 [전체메뉴 > 보안센터]에서 생체인증과 기기 등록을 설정해 주세요.',
      deepLink: 'bankapp://security-center',
    },
  },
  {
    key: 'appGuideEmail',
    name: '모바일 앱 이용 안내 메일',
    definition: {
      version: 1,
      channel: 'email',
      kind: 'advertising',
      subject: '{{ customer.name }} 고객님, {{ bank.name }} 앱 이용 안내드립니다',
      html: guideHtml,
      text: guideText,
    },
  },
  {
    key: 'maturityDayEmail',
    name: '정기예금 만기 상세 안내 메일',
    definition: {
      version: 1,
      channel: 'email',
      kind: 'informational',
      subject: '[{{ bank.name }}] {{ customer.name }} 고객님의 정기예금이 오늘 만기되었습니다',
      // Written in MJML: the responsive HTML part is compiled from it when the template is saved.
      html: '-',
      mjml: `<mjml lang="ko">
  <mj-head>
    <mj-title>정기예금 만기 안내</mj-title>
    <mj-attributes><mj-all font-family="'Apple SD Gothic Neo','Malgun Gothic',sans-serif" /><mj-text color="#1f2937" font-size="15px" line-height="1.6" /></mj-attributes>
  </mj-head>
  <mj-body background-color="#f3f5f8">
    <mj-section background-color="#ffffff" border-radius="8px" padding="24px">
      <mj-column>
        <mj-text font-size="20px" font-weight="bold">정기예금 만기 안내</mj-text>
        <mj-text>{{ customer.name }} 고객님, 가입하신 정기예금이 오늘 만기되었습니다.</mj-text>
        <mj-text>만기 후에는 약정이율보다 낮은 만기후이율이 적용됩니다. 모바일 앱 [조회 &gt; 예금]에서 해지하시거나 같은 조건으로 재예치하실 수 있습니다.</mj-text>
        <mj-text font-size="13px" color="#6b7280">문의: {{ bank.name }} 고객센터 {{ bank.contactNumber }}</mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`,
      text: `{{ customer.name }} 고객님, 가입하신 정기예금이 오늘 만기되었습니다.
만기 후에는 약정이율보다 낮은 만기후이율이 적용됩니다. 모바일 앱 [조회 > 예금]에서 해지하시거나 재예치하실 수 있습니다.
문의: {{ bank.name }} 고객센터 {{ bank.contactNumber }}`,
    },
  },
  {
    key: 'appReminderSms',
    name: '앱 재방문 안내 문자',
    definition: { version: 1, channel: 'sms', kind: 'advertising', text: '{{ customer.name }}님, 앱에서 간편하게 이체해 보세요' },
  },
  {
    key: 'maturityNoticeSms',
    name: '정기예금 만기 안내 문자',
    definition: {
      version: 1,
      channel: 'sms',
      kind: 'informational',
      subject: '[{{ bank.name }}] 정기예금 만기 안내',
      text: `{{ customer.name }} 고객님, 가입하신 정기예금의 만기일이 다가오고 있습니다.
만기일 이후에는 약정이율보다 낮은 만기후이율이 적용되니, 해지 또는 재예치 여부를 미리 정해 주시기 바랍니다.
만기일과 만기 예상금액은 모바일 앱 [조회 > 예금] 또는 가까운 영업점에서 확인하실 수 있습니다.
문의: {{ bank.name }} 고객센터 {{ bank.contactNumber }}`,
    },
  },
  {
    key: 'maturityReminderPush',
    name: '정기예금 재예치 안내 푸시',
    definition: {
      version: 1,
      channel: 'push',
      kind: 'advertising',
      title: '만기 예금, 앱에서 바로 재예치하세요',
      body: '{{ customer.name }} 고객님, 만기가 된 정기예금을 앱에서 몇 번의 터치로 다시 맡기실 수 있습니다. 금리와 가입 조건은 가입 전 상품설명서에서 확인해 주세요.',
      deepLink: 'bankapp://deposits/renew',
    },
  },
  {
    key: 'fundNudgePush',
    name: '관심 펀드 추천 푸시',
    definition: {
      version: 1,
      channel: 'push',
      kind: 'advertising',
      usesRecommendations: true,
      title: '{{ customer.name }} 고객님의 투자성향에 맞는 펀드',
      body: `최근 살펴보신 펀드와 함께 고객님의 투자성향에 맞는 상품을 골랐습니다.
{% for r in recommendations %}{{ forloop.index }}. {{ r.name }} ({{ r.rateText }})
{% endfor %}${fundWarning}`,
      deepLink: 'bankapp://funds',
    },
  },
  {
    key: 'fundNudgeSms',
    name: '관심 펀드 추천 문자',
    definition: {
      version: 1,
      channel: 'sms',
      kind: 'advertising',
      usesRecommendations: true,
      subject: '투자성향에 맞는 펀드 안내',
      text: `{{ customer.name }} 고객님, 고객님의 투자성향에 맞는 펀드를 안내해 드립니다.
{% for r in recommendations %}- {{ r.name }} {{ r.rateText }}
  {{ r.url }}
{% endfor %}${fundWarning}`,
    },
  },
];

export type DemoTemplateIds = ExampleJourneyRefs['templates'];

const DAY = 86_400_000;

interface LineageRow {
  id: number;
  status: string;
  revision: number;
}

async function staffActor(services: DomainServices, email: string): Promise<Actor> {
  const [s]: Array<{ id: number; email: string; role: string }> = await services.ds.query('SELECT id, email, role FROM staff WHERE email = ?', [email]);
  if (!s) throw new Error(`demo templates: the demo staff member ${email} is missing (seeded before the templates)`);
  return { id: Number(s.id), email: s.email, role: s.role, ip: null };
}

/**
 * The eight demo templates, created through the template service as the demo
 * marketer would (create, submit) and approved by the demo compliance officer
 * with a 심의필 번호, valid from the day before `now` for a year. Idempotent
 * by name: a template that exists is kept as it is (edited, retired ...); one
 * an earlier run left as a draft or pending is taken on through its review.
 * Returns how many were created and the id of each (its first revision: a
 * send finds the lineage's approved revision from any of its ids).
 */
export async function seedDemoTemplates(services: DomainServices, now: Date, sender: LegalSender = defaultTemplateSender): Promise<{ created: number; ids: DemoTemplateIds }> {
  const templates = new TemplateService(services.ds, sender);
  const marketer = await staffActor(services, 'marketer@demo.bank');
  const compliance = await staffActor(services, 'compliance@demo.bank');
  const year = new Date(now.getTime() + 9 * 3_600_000).getUTCFullYear();
  const review = (i: number) => ({
    reviewNumber: `준법감시인 심의필 제${year}-${String(31 + i).padStart(3, '0')}호`,
    validFrom: new Date(now.getTime() - DAY).toISOString(),
    validUntil: new Date(now.getTime() + 365 * DAY).toISOString(),
  });
  const fail = (name: string, step: string, problems: Array<{ message: { en: string } }>) =>
    new Error(`demo template ${name} (${step}): ${problems.map((p) => p.message.en).join('; ')}`);

  let created = 0;
  const ids = {} as DemoTemplateIds;
  for (const [i, t] of demoTemplates.entries()) {
    let lineage: LineageRow[] = await services.ds.query('SELECT id, status, revision FROM message_template WHERE name = ? ORDER BY revision', [t.name]);
    if (lineage.length === 0) {
      const made = await runAsActor(marketer, () => templates.create({ name: t.name, definition: t.definition }, now));
      if (!made.ok) throw fail(t.name, 'create', made.problems);
      if (made.problems.length) throw fail(t.name, 'create', made.problems);
      created++;
      lineage = [{ id: made.id, status: 'DRAFT', revision: 1 }];
    }
    ids[t.key] = Number(lineage[0]!.id);
    if (lineage.some((r) => r.status === 'APPROVED' || r.status === 'RETIRED') || lineage.length > 1) continue; // reviewed once: kept as it is
    const first = lineage[0]!;
    if (first.status === 'DRAFT') {
      const submitted = await runAsActor(marketer, () => templates.command(first.id, 'submit', {}, now));
      if (!submitted.ok) throw fail(t.name, 'submit', submitted.problems);
      first.status = 'PENDING';
    }
    if (first.status === 'PENDING') {
      const approved = await runAsActor(compliance, () => templates.command(first.id, 'approve', review(i), now));
      if (!approved.ok) throw fail(t.name, 'approve', approved.problems);
    }
  }
  return { created, ids };
}
