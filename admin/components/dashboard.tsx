import React, { useEffect, useState } from 'react';
import { ApiClient, useCurrentAdmin, useTranslation } from 'adminjs';
import { Badge, Box, H2, H4, H5, Loader, Text } from '@adminjs/design-system';
import { Link } from 'react-router-dom';
import { withData } from './data-value.js';
import { formatCount, formatDateTime } from './formatting.js';

interface QueueItem {
  kind: 'ProductVersion' | 'Disclosure' | 'MessageTemplate';
  id: number;
  title: string;
  since: string | null;
  by: string | null;
  reason: string | null;
  withDisclosure: { id: number; revision: number; title: string } | null;
  href: string;
}
interface WorkQueue {
  key: string;
  count: number;
  items: QueueItem[];
}
interface DashboardData {
  queues?: WorkQueue[];
  stats: Array<{ key: string; value: number }>;
}

const makerQueues = new Set(['myRejected', 'myRejectedTemplates']);

/**
 * Landing page: who is signed in, in which role, the work queues that role
 * may act on (approvals waiting for a checker, a maker's drafts and what
 * came back rejected with the reason; oldest first, one click to the item),
 * and the figures the role may see. Everything is computed and authorised
 * server-side (dashboard-handler.ts, work-queues.ts).
 */
const Dashboard: React.FC = () => {
  const [currentAdmin] = useCurrentAdmin();
  const { translateMessage: tm, translateLabel, i18n } = useTranslation();
  const lang = i18n.language;
  const [data, setData] = useState<DashboardData | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    new ApiClient()
      .getDashboard()
      .then((res) => setData(res.data as DashboardData))
      .catch(() => setFailed(true));
  }, []);

  const name = (currentAdmin?.title as string) || currentAdmin?.email || '';
  const role = String(currentAdmin?.role ?? '');
  const queues = data?.queues ?? [];
  return (
    <Box variant="grey" data-testid="bank-dashboard">
      <Box variant="white" mb="xl" p="xl">
        <H2>{withData((v) => tm('dashboardWelcome', undefined, v), { name })}</H2>
        <Text>{tm('dashboardRole', undefined, { role: translateLabel(`role.${role}`, 'Staff') })}</Text>
      </Box>
      {failed && <Text>{tm('dashboardUnavailable')}</Text>}
      {!data && !failed && <Loader />}
      {queues.length > 0 && (
        <Box as="section" aria-labelledby="work-queues-title" mb="xl" data-testid="work-queues">
          <H4 id="work-queues-title" mb="lg">
            {tm('wq_title')}
          </H4>
          <Box flex flexDirection="row" flexWrap="wrap">
            {queues.map((q) => (
              <Box
                as="section"
                key={q.key}
                aria-labelledby={`queue-${q.key}-title`}
                variant="white"
                p="xl"
                mr="lg"
                mb="lg"
                width={[1, 1, 1 / 2 - 0.02]}
                data-testid={`queue-${q.key}`}
                data-count={q.count}
              >
                <H5 id={`queue-${q.key}-title`}>
                  {tm(`wq_queue_${q.key}`)}{' '}
                  <Badge variant={q.count > 0 ? 'primary' : 'secondary'} data-testid={`queue-${q.key}-count`}>
                    {tm('wq_count', undefined, { n: formatCount(q.count, lang) })}
                  </Badge>
                </H5>
                {q.count === 0 && <Text mt="default">{tm('wq_empty')}</Text>}
                {q.items.length > 0 && (
                  <Box as="ol" mt="default" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
                    {q.items.map((it) => (
                      <Box as="li" key={`${it.kind}-${it.id}`} py="default" style={{ borderBottom: '1px solid #e6e8ec' }} data-testid={`queue-item-${it.kind}-${it.id}`}>
                        <Link to={it.href} aria-label={tm('wq_openItem', undefined, { kind: tm(`wq_kind_${it.kind}`), title: it.title })}>
                          <span data-value>{it.title}</span>
                        </Link>{' '}
                        <Text as="span" variant="sm">
                          · {tm(`wq_kind_${it.kind}`)}
                        </Text>
                        <Text variant="sm">
                          {it.since &&
                            tm(makerQueues.has(q.key) ? 'wq_rejectedAt' : q.key === 'myDrafts' ? 'wq_lastEdited' : 'wq_since', undefined, { date: formatDateTime(it.since, lang) })}
                          {it.by && (
                            <>
                              {' · '}
                              {withData((v) => tm(makerQueues.has(q.key) ? 'wq_rejectedBy' : 'wq_by', undefined, v), { who: it.by })}
                            </>
                          )}
                        </Text>
                        {it.withDisclosure && (
                          <Text variant="sm">
                            {withData((v) => tm('wq_withDisclosure', undefined, v), { title: `${it.withDisclosure.title} (r${it.withDisclosure.revision})` })}
                          </Text>
                        )}
                        {it.reason && (
                          <Text variant="sm" data-testid="queue-item-reason">
                            {withData((v) => tm('wq_reason', undefined, v), { reason: it.reason })}
                          </Text>
                        )}
                      </Box>
                    ))}
                  </Box>
                )}
                {q.count > q.items.length && <Text variant="sm">{tm('wq_more', undefined, { shown: q.items.length, total: formatCount(q.count, lang) })}</Text>}
              </Box>
            ))}
          </Box>
        </Box>
      )}
      {data && data.stats.length > 0 && (
        <Box as="section" aria-labelledby="dashboard-figures-title">
          <H4 id="dashboard-figures-title" mb="lg">
            {tm('wq_figures')}
          </H4>
          <Box flex flexDirection="row" flexWrap="wrap">
            {data.stats.map((s) => (
              <Box key={s.key} variant="white" p="xl" mr="lg" mb="lg" width={[1, 1 / 2, 1 / 4]} data-testid={`stat-${s.key}`}>
                <H5>{tm(`stat_${s.key}`)}</H5>
                <Text fontSize="h2">{formatCount(s.value, lang)}</Text>
              </Box>
            ))}
          </Box>
        </Box>
      )}
    </Box>
  );
};

export default Dashboard;
