import React, { useEffect, useState } from 'react';
import { Badge, Box, H3, Loader, Table, TableBody, TableCell, TableHead, TableRow, Text, ValueGroup } from '@adminjs/design-system';
import { Link } from 'react-router-dom';
import { getJson, Section, StatusBadge, useLanguage, type Bilingual, type Problem } from './message-common.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- the API's JSON, shown field by field */
type Any = Record<string, any>;

interface Check {
  rule: string;
  ok: boolean;
  reason: string | null;
  title: Bilingual;
  text: Bilingual;
}
interface Decision {
  id: number;
  decidedAt: string;
  outcome: string;
  outcomeText: Bilingual;
  reason: string | null;
  reasonText: Bilingual | null;
  holdUntil: string | null;
  ruleVersion: string;
  checks: Check[];
  consents: Array<{ channel: string; consented: boolean | null; label: Bilingual }>;
}

/** One message and why it was sent (or held, or not sent), in plain words (GET /admin/api/messages/:id). */
export function MessageDetail({ id }: { id: string }) {
  const { t, pick, time } = useLanguage();
  const [m, setM] = useState<Any | null>(null);
  const [problem, setProblem] = useState<{ status: number; problems: Problem[] } | null>(null);

  useEffect(() => {
    let live = true;
    void getJson<{ message: Any }>(`/admin/api/messages/${encodeURIComponent(id)}`).then((a) => {
      if (!live) return;
      if (a.ok) setM(a.message);
      else setProblem({ status: a.status, problems: a.problems });
    });
    return () => {
      live = false;
    };
  }, [id]);

  const back = (
    <Box mb="default">
      <Link to="/admin/pages/messages">← {t('msg_back')}</Link>
    </Box>
  );
  if (problem) {
    return (
      <Box data-testid="message-detail">
        {back}
        <Box variant="white" p="lg">
          <Text data-testid="message-problem">
            {problem.status === 403 ? t('msg_forbidden') : problem.problems.length ? problem.problems.map((p) => pick(p.message)).join(' ') : t('msg_failed')}
          </Text>
        </Box>
      </Box>
    );
  }
  if (!m) return <Loader />;

  const value = (label: string, v: React.ReactNode, testId?: string) => (
    <Box width={[1, 1 / 2, 1 / 3]} pr="lg" mb="default" data-testid={testId}>
      <ValueGroup label={label}>{v === null || v === undefined || v === '' ? '-' : v}</ValueGroup>
    </Box>
  );
  const grid = (children: React.ReactNode) => (
    <Box flex flexDirection="row" flexWrap="wrap">
      {children}
    </Box>
  );
  /** The text of a key, or the code itself when this console has no text for it (a newer engine's value). */
  const known = (key: string, code: string) => {
    const text = t(key);
    return text === key ? code : text;
  };
  const tpl: Any | null = m.templateRevision ?? m.template;
  const decisions: Decision[] = m.decisions ?? [];
  const render: Any | null = m.renderMeta && typeof m.renderMeta === 'object' ? m.renderMeta : null;

  return (
    <Box data-testid="message-detail">
      {back}
      <Box variant="white" p="lg" mb="lg">
        <H3 mb="sm">
          {t('detail_title', { id: m.id })} <StatusBadge status={m.status} />
        </H3>
        <Text data-testid="message-customer">
          {t('col_customer')}: <Link to={`/admin/resources/Customer/records/${m.customerId}/show`}>{m.name ?? '-'}</Link> ({m.customerNo ?? m.customerId}) ·{' '}
          {t(`channel_${m.channel}`)} · {t('col_requestedAt')} {time(m.requestedAt)}
        </Text>
        {m.statusReasonText && (
          <Text mt="default" data-testid="message-status-reason">
            {t('detail_statusReason')}: {pick(m.statusReasonText)}
          </Text>
        )}
      </Box>

      <Section title={t('detail_why')} testId="message-why">
        {grid(
          <>
            {value(
              t('detail_journey'),
              m.journey ? (
                <span data-testid="message-journey">
                  {m.journey.name ?? `#${m.journey.id}`} ({t('detail_version')} {m.journey.version ?? '-'})
                </span>
              ) : (
                t('detail_journeyNone')
              ),
            )}
            {m.journey?.node &&
              value(
                t('detail_node'),
                `${m.journey.node.label ?? m.journey.node.id}${m.journey.node.type ? ` (${known(`node_${m.journey.node.type}`, m.journey.node.type)})` : ''}`,
              )}
            {m.instance && value(t('detail_entryKind'), known(`entry_${m.instance.entryKind}`, m.instance.entryKind), 'message-entry-kind')}
            {m.instance && value(t('detail_entryKey'), m.instance.entryKey)}
            {m.instance && value(t('detail_enteredAt'), time(m.instance.enteredAt))}
            {value(t('detail_template'), tpl ? `${tpl.name}` : '-', 'message-template')}
            {value(t('detail_revision'), tpl ? `r${tpl.revision}` : '-')}
            {value(t('detail_reviewNumber'), tpl?.reviewNumber ?? t('detail_noReview'), 'message-review-number')}
            {value(t('detail_validity'), tpl?.validFrom ? `${time(tpl.validFrom)} ~ ${time(tpl.validUntil)}` : t('detail_noReview'))}
          </>,
        )}
      </Section>

      <Section title={t('detail_decisions')} testId="message-decisions">
        {decisions.length === 0 ? (
          <Text>{t('detail_noDecisions')}</Text>
        ) : (
          decisions.map((d) => (
            <Box key={d.id} mb="xl" data-testid="message-decision">
              <Text mb="default">
                <strong>{pick(d.outcomeText)}</strong> · {t('detail_decidedAt')} {time(d.decidedAt)} · {t('detail_ruleVersion')} {d.ruleVersion}
                {d.holdUntil ? ` · ${t('detail_holdUntil')} ${time(d.holdUntil)}` : ''}
              </Text>
              {d.reasonText && (
                <Text mb="default" data-testid="decision-reason">
                  {pick(d.reasonText)}
                </Text>
              )}
              <Table mb="default">
                <TableHead>
                  <TableRow>
                    <TableCell>{t('detail_checks')}</TableCell>
                    <TableCell>{t('col_status')}</TableCell>
                    <TableCell>{t('col_reason')}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {d.checks.map((c, i) => (
                    <TableRow key={`${c.rule}-${i}`} data-testid="decision-check">
                      <TableCell>{pick(c.title)}</TableCell>
                      <TableCell>
                        <Badge variant={(c.ok ? 'success' : 'danger') as never}>{c.ok ? t('detail_passed') : t('detail_failed')}</Badge>
                      </TableCell>
                      <TableCell>{pick(c.text)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
              <Text data-testid="decision-consents">
                {t('detail_consents')}:{' '}
                {d.consents
                  .map((c) => `${pick(c.label)} ${c.consented === null ? t('detail_unknown') : c.consented ? t('detail_consented') : t('detail_notConsented')}`)
                  .join(' · ')}
              </Text>
            </Box>
          ))
        )}
      </Section>

      <Section title={t('detail_recommendations')} testId="message-recommendations">
        {(m.recommendations ?? []).length === 0 ? (
          <Text>{t('detail_noRecommendations')}</Text>
        ) : (
          <Table>
            <TableHead>
              <TableRow>
                {['detail_product', 'detail_riskGrade', 'detail_propensity', 'detail_suitability', 'detail_decidedAt', 'detail_retainUntil'].map((k) => (
                  <TableCell key={k}>{t(k)}</TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              {(m.recommendations as Any[]).map((r) => (
                <TableRow key={r.id}>
                  <TableCell>{r.productName ?? `#${r.productId}`}</TableCell>
                  <TableCell>{r.riskGrade}</TableCell>
                  <TableCell>{r.propensity ?? '-'}</TableCell>
                  <TableCell>{r.suitabilityApplies ? t('detail_yes') : t('detail_no')}</TableCell>
                  <TableCell>{time(r.decidedAt)}</TableCell>
                  <TableCell>{String(r.retainUntil ?? '-').slice(0, 10)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Section>

      <Section title={t('detail_gateway')} testId="message-gateway">
        {grid(
          <>
            {value(t('detail_recipient'), m.recipientMasked)}
            {value(t('detail_providerId'), m.providerMessageId, 'message-provider-id')}
            {value(t('detail_response'), m.gatewayResponse)}
            {value(t('detail_attempts'), String(m.attemptCount ?? 0))}
            {render &&
              value(
                m.channel === 'sms' ? t('detail_render') : t('render_title'),
                m.channel === 'sms'
                  ? [render.type, render.bytes !== undefined ? `${render.bytes} bytes` : null, render.encoding].filter(Boolean).join(' · ')
                  : m.channel === 'email'
                    ? t('render_email', { length: render.subjectLength ?? '-', unsubscribe: render.listUnsubscribe ? t('detail_yes') : t('detail_no') })
                    : t('render_push', { length: render.titleLength ?? '-' }),
              )}
            {value(t('detail_sentAt'), time(m.sentAt))}
            {value(t('detail_deliveredAt'), time(m.deliveredAt))}
            {value(t('detail_openedAt'), time(m.openedAt))}
            {value(t('detail_clickedAt'), time(m.clickedAt))}
            {value(t('detail_convertedAt'), time(m.convertedAt))}
            {(m.clicks ?? []).length > 0 && value(t('detail_clicks'), (m.clicks as Any[]).map((c) => `${c.linkId} (${time(c.clickedAt)})`).join(', '))}
          </>,
        )}
      </Section>
    </Box>
  );
}
