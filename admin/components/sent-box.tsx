import React, { useCallback, useEffect, useState } from 'react';
import { Box, Button, H3, Loader, Text, ValueGroup } from '@adminjs/design-system';
import { getJson, Section, useLanguage, type Problem } from './message-common.js';

interface Email {
  messageId: string | null;
  from: string[];
  to: string[];
  subject: string | null;
  text: string | null;
  html: string | null;
  listUnsubscribe: string | null;
  receivedAt: string;
}
interface Sms {
  messageId: string;
  source: string;
  destination: string;
  text: string;
  dataCodingName: string;
  bytes: number;
  type: 'SMS' | 'LMS';
  segment: { ref: number; total: number; seq: number } | null;
  receivedAt: string;
}
interface Push {
  name: string;
  token: string;
  title: string | null;
  body: string | null;
  receivedAt: string;
}
interface SentBox {
  local: boolean;
  gateways?: { smtp: string; smpp: string; push: string };
  email: Email[];
  sms: Sms[];
  push: Push[];
}

const pre: React.CSSProperties = { whiteSpace: 'pre-wrap', wordBreak: 'break-word', fontFamily: 'inherit', margin: 0 };

/**
 * 발송함: what the local gateways received (GET /admin/api/sent-box). E-mail
 * HTML is shown in an iframe with `sandbox=""` and `srcdoc`: no scripts,
 * no forms, no same-origin access, and the console's CSP still applies.
 */
const SentBoxPage: React.FC = () => {
  const { t, pick, time } = useLanguage();
  const [box, setBox] = useState<SentBox | null>(null);
  const [problem, setProblem] = useState<{ status: number; problems: Problem[] } | null>(null);

  const load = useCallback(() => {
    setBox(null);
    void getJson<SentBox>('/admin/api/sent-box').then((a) => {
      if (a.ok) {
        setBox(a);
        setProblem(null);
      } else setProblem({ status: a.status, problems: a.problems });
    });
  }, []);
  useEffect(load, [load]);

  // What the gateways received is data, in whatever language it was written; `translated` values are the page's own words.
  const field = (label: string, value: React.ReactNode, translated = false) => (
    <Box width={[1, 1 / 2]} pr="lg" mb="default">
      <ValueGroup label={label}>{value === null || value === undefined || value === '' ? '-' : translated ? value : <span data-value>{value}</span>}</ValueGroup>
    </Box>
  );
  const card = (key: string, testId: string, children: React.ReactNode) => (
    <Box key={key} mb="lg" p="default" style={{ border: '1px solid #e0e0e0', borderRadius: 4 }} data-testid={testId}>
      <Box flex flexDirection="row" flexWrap="wrap">
        {children}
      </Box>
    </Box>
  );

  let body: React.ReactNode;
  if (problem)
    body = (
      <Text data-testid="sent-box-problem">
        {problem.status === 403 ? t('sent_forbidden') : problem.problems.length ? problem.problems.map((p) => pick(p.message)).join(' ') : t('msg_failed')}
      </Text>
    );
  else if (!box) body = <Loader />;
  else if (!box.local) body = <Text data-testid="sent-box-real">{t('sent_real')}</Text>;
  else
    body = (
      <>
        {box.gateways && (
          <Box variant="white" px="lg" py="default" mb="lg">
            <Text>{t('sent_gateways', box.gateways)}</Text>
          </Box>
        )}
        <Section title={`${t('sent_email')} (${box.email.length})`} testId="sent-email">
          {box.email.length === 0 && <Text>{t('sent_none')}</Text>}
          {box.email.map((e, i) =>
            card(
              `${e.messageId ?? ''}-${i}`,
              'sent-email-item',
              <>
                {field(t('sent_subject'), e.subject)}
                {field(t('sent_receivedAt'), time(e.receivedAt), true)}
                {field(t('sent_from'), e.from.join(', '))}
                {field(t('sent_to'), e.to.join(', '))}
                {field(t('sent_unsubscribe'), e.listUnsubscribe)}
                <Box width={1} mb="default">
                  <ValueGroup label={t('sent_text')}>
                    <pre style={pre}>{e.text ?? '-'}</pre>
                  </ValueGroup>
                </Box>
                {e.html && (
                  <Box width={1}>
                    <ValueGroup label={t('sent_html')}>
                      <iframe
                        title={e.subject ?? 'e-mail'}
                        sandbox=""
                        srcDoc={e.html}
                        referrerPolicy="no-referrer"
                        style={{ width: '100%', height: 360, border: '1px solid #ccc', background: '#fff' }}
                        data-testid="sent-email-html"
                      />
                    </ValueGroup>
                  </Box>
                )}
              </>,
            ),
          )}
        </Section>
        <Section title={`${t('sent_sms')} (${box.sms.length})`} testId="sent-sms">
          {box.sms.length === 0 && <Text>{t('sent_none')}</Text>}
          {box.sms.map((s, i) =>
            card(
              `${s.messageId}-${i}`,
              'sent-sms-item',
              <>
                {field(t('sent_destination'), s.destination)}
                {field(t('sent_source'), s.source)}
                {field(t('sent_type'), s.segment ? `${s.type} (${t('sent_segment', { seq: s.segment.seq, total: s.segment.total })})` : s.type, true)}
                {field(t('sent_bytes'), String(s.bytes), true)}
                {field(t('sent_coding'), s.dataCodingName)}
                {field(t('sent_receivedAt'), time(s.receivedAt), true)}
                <Box width={1}>
                  <ValueGroup label={t('sent_text')}>
                    <pre style={pre}>{s.text}</pre>
                  </ValueGroup>
                </Box>
              </>,
            ),
          )}
        </Section>
        <Section title={`${t('sent_push')} (${box.push.length})`} testId="sent-push">
          {box.push.length === 0 && <Text>{t('sent_none')}</Text>}
          {box.push.map((p, i) =>
            card(
              `${p.name}-${i}`,
              'sent-push-item',
              <>
                {field(t('sent_title_push'), p.title)}
                {field(t('sent_receivedAt'), time(p.receivedAt), true)}
                {field(t('sent_body'), p.body)}
                {field(t('sent_token'), p.token)}
              </>,
            ),
          )}
        </Section>
      </>
    );

  return (
    <Box data-testid="sent-box">
      <Box variant="white" p="lg" mb="lg" flex flexDirection="row" justifyContent="space-between" alignItems="center">
        <Box>
          <H3 mb="sm">{t('sent_title')}</H3>
          <Text>{t('sent_intro')}</Text>
        </Box>
        <Button size="sm" onClick={load}>
          {t('sent_refresh')}
        </Button>
      </Box>
      {body}
    </Box>
  );
};

export default SentBoxPage;
