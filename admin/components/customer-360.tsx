import React, { useEffect, useState } from 'react';
import { ApiClient, useTranslation, type ActionProps } from 'adminjs';
import { Badge, Box, Button, H3, H5, Loader, Table, TableBody, TableCell, TableHead, TableRow, Text, ValueGroup } from '@adminjs/design-system';
import { Link, useNavigate } from 'react-router-dom';
import { formatDate, formatDateTime, formatKrw } from './formatting.js';
import { eventTypeName } from '../../engine/definitions/event-type-names.js';
import { PiiRevealPanel } from './pii-reveal.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON rows the server action shaped for display, rendered field by field
type Row = Record<string, any>;
interface View360 {
  profile: Row;
  holdings: Row[];
  events: Row[];
  contacts: Row[];
  statusHistory: Row[];
  recommendations: Row[];
  segments: Row[];
  /** null for a role that may not read messages. */
  messages: Row[] | null;
}
interface Permissions {
  unmask: boolean;
  changeStatus: boolean;
  addContact: boolean;
  addHolding: boolean;
  edit: boolean;
}

/**
 * Customer 360: profile, holdings, recent behaviour, contacts, messages,
 * recommendations and status history on one page, from one request
 * (`profile360`), masked for the viewer's role and audited server-side.
 */
const Customer360: React.FC<ActionProps> = ({ record }) => {
  const { translateMessage: tm, translateProperty: tp, translateLabel: tl, i18n } = useTranslation();
  const english = String(i18n.language ?? 'ko').startsWith('en');
  const language = english ? 'en' : 'ko';
  const seoul = (v: unknown) => (v ? formatDateTime(String(v), language) : '-');
  const won = (v: unknown) => formatKrw(v as string | number, language);
  const day = (v: unknown) => (v ? formatDate(String(v), language) : '-');
  const [revealing, setRevealing] = useState(false);
  const navigate = useNavigate();
  const [view, setView] = useState<View360 | null>(null);
  const [perm, setPerm] = useState<Permissions | null>(null);
  const [failed, setFailed] = useState(false);
  const id = record?.id;

  useEffect(() => {
    if (!id) return;
    new ApiClient()
      .recordAction({ resourceId: 'Customer', recordId: id, actionName: 'profile360' })
      .then((res) => {
        const data = res.data as { view?: View360; permissions?: Permissions };
        setView(data.view ?? null);
        setPerm(data.permissions ?? null);
      })
      .catch(() => setFailed(true));
  }, [id]);

  if (failed) return <Text>{tm('requestFailed')}</Text>;
  if (!view || !perm) return <Loader />;
  const p = view.profile;
  const go = (path: string) => () => navigate(path);
  const label = (prop: string, value: unknown) => (value ? tl(`${prop}.${value}`, 'Customer') : '-');
  const yesNo = (v: unknown, at: unknown) => (Number(v) ? `${tm('consentYes', 'Customer')} (${seoul(at)})` : tm('consentNo', 'Customer'));

  const section = (title: string, testId: string, body: React.ReactNode) => (
    <Box variant="white" p="lg" mb="lg" data-testid={testId}>
      <H5 mb="default">{title}</H5>
      {body}
    </Box>
  );
  const table = (cols: string[], rows: Row[], cell: (r: Row, c: string) => React.ReactNode, empty: string) =>
    rows.length === 0 ? (
      <Text>{empty}</Text>
    ) : (
      <Table>
        <TableHead>
          <TableRow>
            {cols.map((c) => (
              <TableCell key={c}>{tm(`col_${c}`, 'Customer')}</TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((r, i) => (
            <TableRow key={r.id ?? i}>
              {cols.map((c) => (
                <TableCell key={c}>{cell(r, c)}</TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    );

  const storedValues = new Set(['nameEn', 'mobileMasked', 'emailMasked', 'segmentLabel']);
  return (
    <Box data-testid="customer-360">
      <Box variant="white" p="lg" mb="lg" flex flexDirection="row" justifyContent="space-between" alignItems="center">
        <Box>
          <H3 mb="sm">
            <span data-value>{p.name}</span> <Badge variant={p.status === 'ACTIVE' ? 'success' : 'secondary'}>{label('status', p.status)}</Badge>
          </H3>
          <Text>
            <span data-value>{p.customerNo}</span> · <span data-value>{p.branchName ?? p.branchCode ?? '-'}</span> · {tp('assignedStaffId', 'Customer')}:{' '}
            <span data-value>{p.assignedStaffName ?? '-'}</span>
          </Text>
        </Box>
        <Box>
          {perm.edit && (
            <Button mr="default" size="sm" onClick={go(`/admin/resources/Customer/records/${id}/edit`)}>
              {tm('edit360', 'Customer')}
            </Button>
          )}
          {perm.changeStatus && p.status !== 'WITHDRAWN' && (
            <Button mr="default" size="sm" onClick={go(`/admin/resources/Customer/records/${id}/changeStatus`)}>
              {tm('changeStatus360', 'Customer')}
            </Button>
          )}
          {perm.unmask && !p.anonymisedAt && (
            <Button mr="default" size="sm" onClick={() => setRevealing(true)} aria-expanded={revealing} aria-controls="pii-panel" data-testid="open-unmask">
              {tm('unmaskButton', 'Customer')}
            </Button>
          )}
          {perm.addHolding && p.status !== 'WITHDRAWN' && (
            <Button mr="default" size="sm" onClick={go(`/admin/resources/Customer/records/${id}/sell`)} data-testid="add-holding">
              {tm('addHolding360', 'Customer')}
            </Button>
          )}
          {perm.addContact && (
            <Button size="sm" onClick={go(`/admin/resources/CustomerContact/actions/new?customerId=${id}`)}>
              {tm('addContact360', 'Customer')}
            </Button>
          )}
        </Box>
      </Box>

      {revealing && perm.unmask && (
        <Box id="pii-panel" variant="white" p="lg" mb="lg" data-testid="section-pii" role="region" aria-label={tm('unmaskButton', 'Customer')}>
          <PiiRevealPanel recordId={String(id)} />
        </Box>
      )}

      {section(
        tm('section_profile', 'Customer'),
        'section-profile',
        <Box flex flexDirection="row" flexWrap="wrap">
          {(
            [
              ['nameEn', p.nameEn],
              ['birthDate', day(p.birthDate)],
              ['mobileMasked', p.mobileMasked],
              ['emailMasked', p.emailMasked],
              ['region', label('region', p.region)],
              ['segmentLabel', p.segmentLabel],
              ['propensity', label('propensity', p.propensity)],
              ['riskGrade', label('riskGrade', p.riskGrade)],
              ['consentSms', yesNo(p.consentSms, p.consentSmsAt)],
              ['consentEmail', yesNo(p.consentEmail, p.consentEmailAt)],
              ['consentPush', yesNo(p.consentPush, p.consentPushAt)],
              ['consentNight', yesNo(p.consentNight, p.consentNightAt)],
            ] as Array<[string, unknown]>
          ).map(([k, v]) => (
            <Box key={k} width={[1, 1 / 2, 1 / 4]} pr="lg">
              <ValueGroup label={tp(k, 'Customer')}>
                {/* Stored values (names, contact details, the marketing label) are data in any language; the rest is translated here. */}
                {storedValues.has(k) ? <Text data-value>{String(v ?? '-')}</Text> : <Text>{String(v ?? '-')}</Text>}
              </ValueGroup>
            </Box>
          ))}
        </Box>,
      )}

      {section(
        tm('section_holdings', 'Customer'),
        'section-holdings',
        table(
          ['contractNo', 'product', 'versionNo', 'amount', 'openedOn', 'closedOn', 'soldBy'],
          view.holdings,
          (r, c) =>
            c === 'product'
              ? `${r.productName} (${tl(`type.${r.productType}`, 'Product')})`
              : c === 'amount'
                ? won(r.amount)
                : c === 'versionNo'
                  ? `v${r.versionNo}`
                  : c === 'openedOn' || c === 'closedOn'
                    ? day(r[c])
                    : String(r[c] ?? '-'),
          tm('noHoldings', 'Customer'),
        ),
      )}

      {section(
        tm('section_recommendations', 'Customer'),
        'section-recommendations',
        table(
          ['product', 'riskGrade', 'reason'],
          view.recommendations,
          (r, c) =>
            c === 'product'
              ? `${r.name} (${tl(`type.${r.type}`, 'Product')})`
              : c === 'reason'
                ? tm(`reason_${r.reason}`, 'Customer')
                : c === 'riskGrade'
                  ? tl(`riskGrade.${r.riskGrade}`, 'Product')
                  : String(r[c]),
          tm('noRecommendations', 'Customer'),
        ),
      )}

      {view.segments.length > 0 &&
        section(
          tm('section_segments', 'Customer'),
          'section-segments',
          table(['segment', 'enteredAt'], view.segments, (r, c) => (c === 'enteredAt' ? seoul(r.enteredAt) : `${r.name} (v${r.version})`), ''),
        )}

      {section(
        tm('section_events', 'Customer'),
        'section-events',
        table(
          ['occurredAt', 'type', 'eventId'],
          view.events,
          (r, c) => (c === 'occurredAt' ? seoul(r.occurredAt) : c === 'type' ? <span title={String(r.type)}>{eventTypeName(String(r.type), language)}</span> : String(r[c])),
          tm('noEvents', 'Customer'),
        ),
      )}

      {section(
        tm('section_contacts', 'Customer'),
        'section-contacts',
        table(
          ['contactedAt', 'channel', 'staffName', 'note'],
          view.contacts,
          (r, c) => (c === 'contactedAt' ? seoul(r.contactedAt) : c === 'channel' ? tl(`channel.${r.channel}`, 'CustomerContact') : String(r[c])),
          tm('noContacts', 'Customer'),
        ),
      )}

      {view.messages &&
        section(
          tm('section_messages360', 'Message'),
          'section-messages',
          view.messages.length === 0 ? (
            <Text>{tm('noMessages360', 'Message')}</Text>
          ) : (
            <Table>
              <TableHead>
                <TableRow>
                  {['requestedAt', 'channel', 'status', 'reason', 'journey', 'template'].map((c) => (
                    <TableCell key={c}>{tm(`col_${c}`, 'Message')}</TableCell>
                  ))}
                </TableRow>
              </TableHead>
              <TableBody>
                {view.messages.map((m) => (
                  <TableRow key={m.id} data-testid="message-360-row">
                    <TableCell>
                      <Link to={`/admin/pages/messages?id=${m.id}`}>{seoul(m.requestedAt)}</Link>
                    </TableCell>
                    <TableCell>{tm(`channel_${m.channel}`, 'Message')}</TableCell>
                    <TableCell>
                      <Badge variant={['SENT', 'DELIVERED'].includes(m.status) ? 'success' : ['FAILED', 'SUPPRESSED'].includes(m.status) ? 'danger' : 'secondary'}>
                        {tm(`status_${m.status}`, 'Message')}
                      </Badge>
                    </TableCell>
                    <TableCell>{m.statusReasonText ? (english ? m.statusReasonText.en : m.statusReasonText.ko) : ''}</TableCell>
                    <TableCell>{m.journeyName ?? '-'}</TableCell>
                    <TableCell>{m.templateName ?? '-'}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          ),
        )}

      {section(
        tm('section_statusHistory', 'Customer'),
        'section-status-history',
        table(
          ['changedAt', 'fromStatus', 'toStatus', 'reason', 'actorEmail'],
          view.statusHistory,
          (r, c) => (c === 'changedAt' ? seoul(r.changedAt) : c.endsWith('Status') ? label('status', r[c]) : String(r[c] ?? '-')),
          tm('noStatusHistory', 'Customer'),
        ),
      )}
    </Box>
  );
};

export default Customer360;
