import React, { useEffect, useState } from 'react';
import { ApiClient, useTranslation, type ActionProps } from 'adminjs';
import { Badge, Box, Button, H3, H5, Loader, Table, TableBody, TableCell, TableHead, TableRow, Text, ValueGroup } from '@adminjs/design-system';
import { Link } from 'react-router-dom';
import { formatDate, formatDateTime, formatKrw, formatRateBp } from './formatting.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON rows the server action shaped for display
type Row = Record<string, any>;
interface Overview {
  version: Row;
  tiers: Row[];
  disclosures: Row[];
}
interface Grants {
  addTier: boolean;
  addDisclosure: boolean;
  submit: boolean;
  approve: boolean;
}

/**
 * A product version's page, where its setup happens: its rate table (in
 * percent, amounts in KRW), its disclosure, its eligibility (가입 대상), and
 * the next steps as buttons, pre-filled with the version: add a rate tier,
 * write the disclosure, submit both for approval at once; for the checker,
 * open the approval.
 */
const VersionOverview: React.FC<ActionProps> = ({ record }) => {
  const { translateMessage: tm, translateLabel: tl, translateProperty: tp, i18n } = useTranslation();
  const lang = i18n.language;
  const [data, setData] = useState<{ overview: Overview | null; grants: Grants } | null>(null);
  const [failed, setFailed] = useState(false);
  const id = record?.id;
  useEffect(() => {
    if (!id) return;
    new ApiClient()
      .recordAction({ resourceId: 'ProductVersion', recordId: id, actionName: 'overview' })
      .then((res) => setData(res.data as unknown as { overview: Overview | null; grants: Grants }))
      .catch(() => setFailed(true));
  }, [id]);
  if (!record) return null;
  if (failed) return <Text>{tm('requestFailed')}</Text>;
  if (!data?.overview) return <Loader />;
  const { version: v, tiers, disclosures } = data.overview;
  const g = data.grants;
  const draft = v.status === 'DRAFT';
  const openText = disclosures.find((d) => d.status === 'DRAFT' || d.status === 'PENDING_REVIEW');
  return (
    <Box data-testid="version-overview">
      <Box variant="white" p="lg" mb="lg">
        <H3>
          <span data-value>{String(record.params.label ?? '')}</span>{' '}
          <Badge variant={v.status === 'PUBLISHED' ? 'success' : 'secondary'} data-testid="version-status">
            {tl(`status.${v.status}`, 'ProductVersion')}
          </Badge>
        </H3>
        <Text mb="default">
          {tm('vs_product')}:{' '}
          <Link to={`/admin/resources/Product/records/${v.productId}/show`} data-value>
            {v.productName}
          </Link>
        </Text>
        <Box flex flexDirection="row" flexWrap="wrap">
          <Box width={[1, 1 / 3]} pr="lg">
            <ValueGroup label={tm('vs_validity')} value={`${formatDate(v.validFrom, lang)} ~ ${v.validTo ? formatDate(v.validTo, lang) : tm('vs_unbounded')}`} />
          </Box>
          <Box width={[1, 1 / 3]} pr="lg" data-testid="version-eligibility">
            <ValueGroup label={tm('vs_eligibility')} value={v.eligibility ? (lang === 'en' ? v.eligibility.en : v.eligibility.ko) : tm('vs_anyone')} />
          </Box>
          <Box width={[1, 1 / 3]} pr="lg">
            <ValueGroup label={tm('vs_conditions')}>
              <span data-value>{v.conditions ?? '-'}</span>
            </ValueGroup>
          </Box>
          {(
            [
              ['authorId', v.author],
              ['lastEditedBy', v.lastEditor],
              ['approvedBy', v.approver],
              ['approvedAt', formatDateTime(v.approvedAt, lang)],
              ['publishedAt', formatDateTime(v.publishedAt, lang)],
            ] as Array<[string, string | null]>
          ).map(([k, value]) => (
            <Box key={k} width={[1, 1 / 5]} pr="lg">
              <ValueGroup label={tp(k, 'ProductVersion')}>
                <span data-value>{value || '-'}</span>
              </ValueGroup>
            </Box>
          ))}
        </Box>
        {draft && <Text mt="default">{tm('vs_setupSteps')}</Text>}
        <Box flex flexDirection="row" flexWrap="wrap" mt="default">
          {draft && g.addTier && (
            <Button as={Link} to={`/admin/resources/RateTier/actions/new?productVersionId=${v.id}`} mr="default" mb="sm" data-testid="version-add-tier">
              {tm('vs_addTier')}
            </Button>
          )}
          {g.addDisclosure && !openText && v.status !== 'TERMINATED' && (
            <Button as={Link} to={`/admin/resources/Disclosure/actions/new?productVersionId=${v.id}`} mr="default" mb="sm" data-testid="version-add-disclosure">
              {tm('vs_addDisclosure')}
            </Button>
          )}
          {draft && g.submit && (
            <Button as={Link} variant="contained" to={`/admin/resources/ProductVersion/records/${v.id}/submit`} mr="default" mb="sm" data-testid="version-submit">
              {tm('vs_submit')}
            </Button>
          )}
          {v.status === 'PENDING_APPROVAL' && g.approve && (
            <Button as={Link} variant="contained" to={`/admin/resources/ProductVersion/records/${v.id}/approve`} mr="default" mb="sm" data-testid="version-approve">
              {tm('vs_approve')}
            </Button>
          )}
        </Box>
      </Box>
      <Box variant="white" p="lg" mb="lg" data-testid="version-rates">
        <H5>{tm('vs_rates')}</H5>
        {tiers.length === 0 ? (
          <Text>{tm('vs_noRates')}</Text>
        ) : (
          <Table>
            <TableHead>
              <TableRow>
                <TableCell>{tm('tier_term', 'Product')}</TableCell>
                <TableCell>{tp('amountMin', 'RateTier')}</TableCell>
                <TableCell>{tp('amountMax', 'RateTier')}</TableCell>
                <TableCell>{tp('rateBp', 'RateTier')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {tiers.map((t) => (
                <TableRow key={t.id}>
                  <TableCell>
                    <Link to={`/admin/resources/RateTier/records/${t.id}/show`}>{tm('vs_term', undefined, { min: t.termMonthsMin, max: t.termMonthsMax ?? '∞' })}</Link>
                  </TableCell>
                  <TableCell>{formatKrw(t.amountMin, lang)}</TableCell>
                  <TableCell>{t.amountMax === null ? tm('vs_unbounded') : formatKrw(t.amountMax, lang)}</TableCell>
                  <TableCell>{formatRateBp(t.rateBp, lang)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Box>
      <Box variant="white" p="lg" mb="lg" data-testid="version-disclosures">
        <H5>{tm('vs_disclosure')}</H5>
        {disclosures.length === 0 && <Text>{tm('vs_noDisclosure')}</Text>}
        {disclosures.map((d) => (
          <Text key={d.id} mb="sm">
            <Link to={`/admin/resources/Disclosure/records/${d.id}/show`}>
              r{d.revision}: <span data-value>{d.title}</span>
            </Link>{' '}
            <Badge variant={d.status === 'APPROVED' ? 'success' : 'secondary'}>{tl(`status.${d.status}`, 'Disclosure')}</Badge>{' '}
            {d.reviewNo && (
              <>
                {tm('vs_reviewNoLabel')} <span data-value>{d.reviewNo}</span> ({formatDate(d.reviewValidFrom, lang)} ~ {formatDate(d.reviewValidTo, lang)})
              </>
            )}
          </Text>
        ))}
      </Box>
    </Box>
  );
};

export default VersionOverview;
