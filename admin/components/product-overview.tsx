import React, { useEffect, useState } from 'react';
import { ApiClient, useTranslation, type ActionProps } from 'adminjs';
import { Badge, Box, Button, H3, H5, Loader, Table, TableBody, TableCell, TableHead, TableRow, Text, ValueGroup } from '@adminjs/design-system';
import { Link } from 'react-router-dom';
import { formatDateTime, formatKrw, formatRateBp } from './formatting.js';
import { nextVersionUrl } from './version-setup-url.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON rows the server action shaped for display, rendered field by field
type Row = Record<string, any>;
/**
 * The product page: attributes, every version with its rate table and
 * disclosure revisions (linked to their own pages, where the lifecycle
 * actions are), and the full history of transitions: who, when, from, to, why.
 */
const ProductOverview: React.FC<ActionProps> = ({ record }) => {
  const { translateMessage: tm, translateProperty: tp, translateLabel: tl, i18n } = useTranslation();
  const lang = i18n.language;
  const seoul = (v: unknown) => (v ? formatDateTime(String(v), lang) : '-');
  const won = (v: unknown) => (v === null || v === undefined ? '∞' : formatKrw(v as string, lang));
  const [data, setData] = useState<{ versions: Row[]; transitions: Row[] } | null>(null);
  const [grants, setGrants] = useState<{ addVersion?: boolean }>({});
  const [failed, setFailed] = useState(false);
  const id = record?.id;
  useEffect(() => {
    if (!id) return;
    new ApiClient()
      .recordAction({ resourceId: 'Product', recordId: id, actionName: 'overview' })
      .then((res) => {
        const body = res.data as { overview?: { versions: Row[]; transitions: Row[] }; grants?: { addVersion?: boolean } };
        setData(body.overview ?? null);
        setGrants(body.grants ?? {});
      })
      .catch(() => setFailed(true));
  }, [id]);
  if (!record) return null;
  const p = record.params;
  const vs = (s: string) => tl(`status.${s}`, 'ProductVersion');
  const ds = (s: string) => tl(`status.${s}`, 'Disclosure');
  return (
    <Box data-testid="product-overview">
      <Box variant="white" p="lg" mb="lg">
        <H3>
          <span data-value>{p.name}</span> <Badge>{tl(`type.${p.type}`, 'Product')}</Badge>
        </H3>
        <Box flex flexDirection="row" flexWrap="wrap">
          {['code', 'category', 'riskGrade', 'tags', 'summary'].map((k) => (
            <Box key={k} width={[1, 1 / 2, 1 / 5]} pr="lg">
              <ValueGroup label={tp(k, 'Product')}>
                <span data-value>{String(p[k] ?? '-')}</span>
              </ValueGroup>
            </Box>
          ))}
        </Box>
        {p.imageUrl && <img src={String(p.imageUrl)} alt={String(p.name)} style={{ maxHeight: 120 }} />}
      </Box>
      {data && grants.addVersion && (
        <Box variant="white" p="lg" mb="lg">
          <Button
            as={Link}
            variant="contained"
            to={nextVersionUrl(record.id, data.versions[0], new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10))}
            data-testid="product-add-version"
            aria-describedby="product-add-version-hint"
          >
            {tm('vs_addVersion')}
          </Button>
          <Text id="product-add-version-hint" variant="sm" mt="sm">
            {tm('vs_addVersionHint')}
          </Text>
        </Box>
      )}
      {failed && <Text>{tm('requestFailed')}</Text>}
      {!data && !failed && <Loader />}
      {data && data.versions.length === 0 && <Text>{tm('noVersions', 'Product')}</Text>}
      {data?.versions.map((v) => (
        <Box key={v.id} variant="white" p="lg" mb="lg" data-testid={`version-${v.versionNo}`}>
          <H5>
            <Link to={`/admin/resources/ProductVersion/records/${v.id}/show`}>v{v.versionNo}</Link>{' '}
            <Badge variant={v.status === 'PUBLISHED' ? 'success' : 'secondary'} data-testid={`version-${v.versionNo}-status`}>
              {vs(v.status)}
            </Badge>
          </H5>
          <Text>
            {tp('validFrom', 'ProductVersion')}: {v.validFrom} ~ {v.validTo ?? '-'} · {tm('author', 'Product')}: <span data-value>{v.author}</span> · {tm('approver', 'Product')}:{' '}
            <span data-value>{v.approver ?? '-'}</span>
          </Text>
          <Text data-testid={`version-${v.versionNo}-eligibility`}>
            {tm('vs_eligibility')}: {v.eligibility ? (lang === 'en' ? v.eligibility.en : v.eligibility.ko) : tm('vs_anyone')}
          </Text>
          {v.tiers.length > 0 && (
            <Table mt="default">
              <TableHead>
                <TableRow>
                  {['term', 'amount', 'rate'].map((c) => (
                    <TableCell key={c}>{tm(`tier_${c}`, 'Product')}</TableCell>
                  ))}
                </TableRow>
              </TableHead>
              <TableBody>
                {v.tiers.map((t: Row) => (
                  <TableRow key={t.id}>
                    <TableCell>
                      {t.termMonthsMin}~{t.termMonthsMax ?? '∞'}
                      {tm('months', 'Product')}
                    </TableCell>
                    <TableCell>
                      {won(t.amountMin)} ~ {won(t.amountMax)}
                    </TableCell>
                    <TableCell>{formatRateBp(t.rateBp, lang)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
          {v.disclosures.map((d: Row) => (
            <Text key={d.id} mt="sm">
              <Link to={`/admin/resources/Disclosure/records/${d.id}/show`}>
                {tm('disclosure', 'Product')} r{d.revision}: <span data-value>{d.title}</span>
              </Link>{' '}
              <Badge variant={d.status === 'APPROVED' ? 'success' : 'secondary'}>{ds(d.status)}</Badge>{' '}
              {d.reviewNo ? <span data-value>{`${d.reviewNo} (${d.reviewValidFrom}~${d.reviewValidTo})`}</span> : ''}
            </Text>
          ))}
        </Box>
      ))}
      {data && (
        <Box variant="white" p="lg" data-testid="product-transitions">
          <H5>{tm('transitions', 'Product')}</H5>
          <Table>
            <TableHead>
              <TableRow>
                {['occurredAt', 'subject', 'from', 'to', 'actor', 'comment'].map((c) => (
                  <TableCell key={c}>{tm(`tr_${c}`, 'Product')}</TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              {data.transitions.map((t) => {
                const label = t.subjectType === 'DISCLOSURE' ? ds : vs;
                return (
                  <TableRow key={t.id}>
                    <TableCell>{seoul(t.occurredAt)}</TableCell>
                    <TableCell>{t.subjectType === 'DISCLOSURE' ? `${tm('disclosure', 'Product')} v${t.versionNo} r${t.revision}` : `v${t.versionNo}`}</TableCell>
                    <TableCell>{t.fromStatus ? label(t.fromStatus) : '-'}</TableCell>
                    <TableCell>{label(t.toStatus)}</TableCell>
                    <TableCell>{t.actorEmail}</TableCell>
                    <TableCell>{t.comment ?? ''}</TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </Box>
      )}
    </Box>
  );
};

export default ProductOverview;
