import React, { useEffect, useState } from 'react';
import { Box, Button, H3, Loader, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@adminjs/design-system';
import { Link, useLocation } from 'react-router-dom';
import { MessageDetail } from './message-detail.js';
import { getJson, messagePath, StatusBadge, useLanguage, type Bilingual, type Problem } from './message-common.js';

interface ListedMessage {
  id: number;
  channel: string;
  status: string;
  statusReason: string | null;
  statusReasonText: Bilingual | null;
  requestedAt: string;
  customerId: number;
  customerNo: string | null;
  name: string | null;
  journeyId: number | null;
  journeyName: string | null;
  templateName: string | null;
}

const statuses = ['QUEUED', 'HELD', 'SENDING', 'SENT', 'DELIVERED', 'FAILED', 'SUPPRESSED'];
const channels = ['sms', 'email', 'push'];

/** The list: status and channel filters, newest first, 50 a page; each row opens the message's page. */
function MessageList() {
  const { t, pick, time } = useLanguage();
  const [status, setStatus] = useState('');
  const [channel, setChannel] = useState('');
  const [page, setPage] = useState(1);
  const [rows, setRows] = useState<ListedMessage[] | null>(null);
  const [nextPage, setNextPage] = useState<number | null>(null);
  const [problem, setProblem] = useState<{ status: number; problems: Problem[] } | null>(null);

  useEffect(() => {
    const q = new URLSearchParams();
    if (status) q.set('status', status);
    if (channel) q.set('channel', channel);
    if (page > 1) q.set('page', String(page));
    let live = true;
    setRows(null);
    void getJson<{ messages: ListedMessage[]; nextPage: number | null }>(`/admin/api/messages/?${q.toString()}`).then((a) => {
      if (!live) return;
      if (a.ok) {
        setRows(a.messages);
        setNextPage(a.nextPage);
        setProblem(null);
      } else setProblem({ status: a.status, problems: a.problems });
    });
    return () => {
      live = false;
    };
  }, [status, channel, page]);

  const select = (label: string, testId: string, value: string, options: string[], text: (o: string) => string, set: (v: string) => void) => (
    <Box mr="lg">
      <label>
        <Text as="span" mr="sm">
          {label}
        </Text>
        <select
          data-testid={testId}
          value={value}
          onChange={(e) => {
            set(e.target.value);
            setPage(1);
          }}
        >
          <option value="">{t('msg_all')}</option>
          {options.map((o) => (
            <option key={o} value={o}>
              {text(o)}
            </option>
          ))}
        </select>
      </label>
    </Box>
  );

  return (
    <Box data-testid="message-list">
      <Box variant="white" p="lg" mb="lg">
        <H3 mb="sm">{t('msg_title')}</H3>
        <Text mb="default">{t('msg_intro')}</Text>
        <Box flex flexDirection="row" alignItems="center">
          {select(t('msg_filterStatus'), 'filter-status', status, statuses, (s) => t(`status_${s}`), setStatus)}
          {select(t('msg_filterChannel'), 'filter-channel', channel, channels, (c) => t(`channel_${c}`), setChannel)}
        </Box>
      </Box>
      <Box variant="white" p="lg">
        {problem ? (
          <Text data-testid="message-problem">
            {problem.status === 403 ? t('msg_forbidden') : problem.problems.length ? problem.problems.map((p) => pick(p.message)).join(' ') : t('msg_failed')}
          </Text>
        ) : !rows ? (
          <Loader />
        ) : rows.length === 0 ? (
          <Text>{t('msg_empty')}</Text>
        ) : (
          <Table>
            <TableHead>
              <TableRow>
                {['id', 'requestedAt', 'customer', 'channel', 'status', 'reason', 'journey', 'template'].map((c) => (
                  <TableCell key={c}>{t(`col_${c}`)}</TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.map((m) => (
                <TableRow key={m.id} data-testid="message-row">
                  <TableCell>
                    <Link to={messagePath(m.id)}>{m.id}</Link>
                  </TableCell>
                  <TableCell>{time(m.requestedAt)}</TableCell>
                  <TableCell>
                    {m.name ?? '-'} ({m.customerNo ?? m.customerId})
                  </TableCell>
                  <TableCell>{t(`channel_${m.channel}`)}</TableCell>
                  <TableCell>
                    <StatusBadge status={m.status} />
                  </TableCell>
                  <TableCell>{m.statusReasonText ? pick(m.statusReasonText) : ''}</TableCell>
                  <TableCell>{m.journeyName ?? '-'}</TableCell>
                  <TableCell>{m.templateName ?? '-'}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        <Box mt="lg" flex flexDirection="row" alignItems="center">
          <Button size="sm" mr="default" disabled={page <= 1} onClick={() => setPage((p) => Math.max(1, p - 1))}>
            {t('msg_prev')}
          </Button>
          <Text mr="default">{t('msg_page', { page })}</Text>
          <Button size="sm" disabled={!nextPage} onClick={() => nextPage && setPage(nextPage)}>
            {t('msg_next')}
          </Button>
        </Box>
      </Box>
    </Box>
  );
}

/** The 메시지 page: the list, or one message's page when the address carries `?id=`. */
const MessagesPage: React.FC = () => {
  const location = useLocation();
  const id = new URLSearchParams(location.search).get('id');
  return id ? <MessageDetail id={id} /> : <MessageList />;
};

export default MessagesPage;
