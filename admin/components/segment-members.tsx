import React, { useCallback, useEffect, useState } from 'react';
import { useTranslation, type ActionProps } from 'adminjs';
import { Box, Button, H3, Text } from '@adminjs/design-system';
import { formatCount, formatDateTime } from './formatting.js';

/**
 * A published segment's members (record action `members`), one page at a
 * time from GET /admin/api/segments/:id/members. Names and birth dates come
 * masked from the server for roles that see customers masked, and a role
 * that may only see coarse counts gets no rows below the minimum audience or
 * for definitions testing a field masked for it (the server decides; this
 * page only says why). Each customer number leads to the customer's 360 page.
 */

interface Member {
  id: number;
  customerNo: string;
  name: string;
  birthDate: string | null;
  region: string | null;
  status: string;
  enteredAt: string;
}

interface MembersPage {
  ok: true;
  total: number | null;
  fewerThan?: number;
  withheld?: 'fewerThan' | 'maskedField';
  page: number;
  perPage: number;
  pages: number;
  status: string;
  unmasked: boolean;
  rows: Member[];
}

const perPage = 20;
const cell: React.CSSProperties = { textAlign: 'left', padding: '6px 8px', borderBottom: '1px solid #d0d7de' };
const focusCss = `[data-testid="segment-members"] a:focus-visible, [data-testid="segment-members"] button:focus-visible { outline: 3px solid #0550ae; outline-offset: 2px; }`;

const SegmentMembers: React.FC<ActionProps> = ({ record }) => {
  const { translateMessage, i18n } = useTranslation();
  const t = useCallback((key: string, opts?: Record<string, unknown>) => translateMessage(key, 'Segment', opts as never), [translateMessage]);
  const language = i18n.language;
  const id = record?.id ? String(record.id) : '';
  const [page, setPage] = useState(1);
  const [data, setData] = useState<MembersPage | null>(null);
  const [failed, setFailed] = useState<string | null>(null);

  useEffect(() => {
    if (!id) return undefined;
    const abort = new AbortController();
    fetch(`/admin/api/segments/${encodeURIComponent(id)}/members?page=${page}&perPage=${perPage}`, { credentials: 'same-origin', signal: abort.signal })
      .then(async (res) => {
        const json = (await res.json().catch(() => ({}))) as { ok?: boolean };
        if (!res.ok || json.ok === false) setFailed(String(res.status));
        else setData(json as unknown as MembersPage);
      })
      .catch((e: unknown) => !abort.signal.aborted && setFailed(String(e)));
    return () => abort.abort();
  }, [id, page]);

  const regionLabel = (r: string | null) => {
    if (!r) return '-';
    const key = `enum_region_${r}`;
    const s = t(key);
    return s === key ? r : s;
  };
  const statusLabel = (s: string) => {
    const key = `enum_status_${s}`;
    const l = t(key);
    return l === key ? s : l;
  };

  const name = String(record?.params?.name ?? '');
  const total = data ? (data.total !== null ? formatCount(data.total, language) : t('fewerThan', { count: data.fewerThan })) : '';

  return (
    <Box variant="container" data-testid="segment-members" data-state={failed ? 'failed' : data ? 'done' : 'loading'}>
      <style>{focusCss}</style>
      <H3 id="segment-members-title">{t('members_title', { name })}</H3>
      <Box flex flexDirection="row" style={{ gap: 12 }} mb="default">
        <a href={`/admin/resources/Segment/records/${encodeURIComponent(id)}/design`} data-testid="members-to-canvas" style={{ color: '#0550ae' }}>
          {t('members_toCanvas')}
        </a>
      </Box>
      {failed && (
        <Text role="alert" data-testid="members-failed" style={{ color: '#cf222e' }}>
          {t('members_failed')}
        </Text>
      )}
      {!failed && !data && <Text>{t('loading')}</Text>}
      {data && (
        <>
          <Text data-testid="members-total" data-total={data.total ?? ''} mb="default">
            {t('members_total', { total })}
          </Text>
          {!data.unmasked && !data.withheld && (
            <Text data-testid="members-masked-note" mb="default" style={{ color: '#57606a' }}>
              {t('members_maskedNote')}
            </Text>
          )}
          {data.withheld && (
            <Text data-testid="members-withheld" data-reason={data.withheld} mb="default">
              {data.withheld === 'fewerThan' ? t('members_withheldFewer', { count: data.fewerThan }) : t('members_withheldMasked')}
            </Text>
          )}
          {!data.withheld && data.rows.length === 0 && <Text data-testid="members-empty">{data.status === 'PUBLISHED' ? t('members_none') : t('members_notPublished')}</Text>}
          {data.rows.length > 0 && (
            <table data-testid="members-table" style={{ width: '100%', borderCollapse: 'collapse', fontSize: 14 }} aria-labelledby="segment-members-title">
              <thead>
                <tr>
                  {['customerNo', 'name', 'birthDate', 'region', 'status', 'enteredAt'].map((c) => (
                    <th key={c} scope="col" style={cell}>
                      {t(`members_col_${c}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {data.rows.map((m) => (
                  <tr key={m.id} data-testid="member-row" data-customer-id={m.id}>
                    <td style={cell}>
                      <a
                        href={`/admin/resources/Customer/records/${m.id}/show`}
                        data-testid="member-link"
                        aria-label={t('members_open360', { customerNo: m.customerNo })}
                        style={{ color: '#0550ae' }}
                      >
                        {m.customerNo}
                      </a>
                    </td>
                    <td style={cell} data-testid="member-name">
                      {m.name}
                    </td>
                    <td style={cell} data-testid="member-birth-date">
                      {m.birthDate ?? '-'}
                    </td>
                    <td style={cell}>{regionLabel(m.region)}</td>
                    <td style={cell}>{statusLabel(m.status)}</td>
                    <td style={cell}>{formatDateTime(m.enteredAt, language)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {data.pages > 1 && (
            <nav aria-label={t('members_pagination')} style={{ display: 'flex', gap: 8, alignItems: 'center', marginTop: 12 }}>
              <Button type="button" size="sm" variant="outlined" disabled={data.page <= 1} onClick={() => setPage(data.page - 1)} data-testid="members-prev">
                {t('members_prev')}
              </Button>
              <Text data-testid="members-page" aria-live="polite">
                {t('members_page', { page: data.page, pages: data.pages })}
              </Text>
              <Button type="button" size="sm" variant="outlined" disabled={data.page >= data.pages} onClick={() => setPage(data.page + 1)} data-testid="members-next">
                {t('members_next')}
              </Button>
            </nav>
          )}
        </>
      )}
    </Box>
  );
};

export default SegmentMembers;
