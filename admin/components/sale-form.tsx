import React, { useEffect, useState } from 'react';
import { ApiClient, useNotice, useTranslation, type ActionProps } from 'adminjs';
import { Box, Button, FormGroup, FormMessage, H3, Input, Label, Loader, MessageBox, Text } from '@adminjs/design-system';
import { useNavigate } from 'react-router-dom';
import { formatDate, formatKrw } from './formatting.js';

interface Choice {
  versionId: number;
  productId: number;
  productName: string;
  productType: string;
  riskGrade: number;
  versionNo: number;
  ok: boolean;
  kind: 'suitability' | 'eligibility' | null;
  reason: { ko: string; en: string } | null;
  eligibleWho: { ko: string; en: string } | null;
}
interface SaleOptions {
  customer: { id: number; customerNo: string; name: string; status: string };
  today: string;
  sellerBranch: string | null;
  branches: Array<{ code: string; name: string }>;
  choices: Choice[];
}

const R = 'Customer';
const digits = (raw: string) => raw.replace(/[^\d]/g, '').replace(/^0+(?=\d)/, '');

/**
 * Selling from the customer 360 page (the Customer `sell` action): the
 * customer's name and number, the versions on sale each flagged before
 * saving with the reason this customer may not buy it (suitability,
 * eligibility) in plain words, the opening date defaulting to today in Korea
 * and the branch to the seller's; no closing date. The server checks all of
 * it again (HoldingService.open) and answers with field errors; after a sale
 * the page returns to the 360.
 */
const SaleForm: React.FC<ActionProps> = ({ record }) => {
  const { translateMessage: tm, translateLabel: tl, i18n } = useTranslation();
  const language = String(i18n.language ?? 'ko').startsWith('en') ? 'en' : 'ko';
  const addNotice = useNotice();
  const navigate = useNavigate();
  const options = (record as unknown as { saleOptions?: SaleOptions } | undefined)?.saleOptions ?? null;
  const [values, setValues] = useState({ productVersionId: '', amount: '', openedOn: '', branchCode: '' });
  const [errors, setErrors] = useState<Record<string, { message: string }>>({});
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (options) setValues((v) => ({ ...v, openedOn: v.openedOn || options.today, branchCode: v.branchCode || options.sellerBranch || '' }));
  }, [options]);

  if (!record) return <Loader />;
  if (!options) return <Text>{tm('requestFailed')}</Text>;
  const chosen = options.choices.find((c) => String(c.versionId) === values.productVersionId) ?? null;
  const set = (k: keyof typeof values) => (e: { target: { value: string } }) => setValues({ ...values, [k]: k === 'amount' ? digits(e.target.value) : e.target.value });
  const grade = (g: number) => tl(`riskGrade.${g}`, 'Product');
  const optionText = (c: Choice) =>
    `${c.productName} v${c.versionNo} · ${tl(`type.${c.productType}`, 'Product')} · ${grade(c.riskGrade)}${c.ok ? '' : ` — ${tm('sale_notAllowed', R)}`}`;
  const back = `/admin/resources/Customer/records/${options.customer.id}/show`;

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (chosen && !chosen.ok) return;
    setBusy(true);
    const data = new FormData();
    for (const [k, v] of Object.entries(values)) data.append(k, v);
    try {
      const res = await new ApiClient().recordAction({ resourceId: R, recordId: String(options.customer.id), actionName: 'sell', method: 'post', data });
      const body = res.data as { notice?: { message: string; type: 'success' | 'error' }; record?: { errors?: Record<string, { message: string }> }; redirectUrl?: string };
      if (body.notice) addNotice({ message: tm(body.notice.message, R), type: body.notice.type });
      setErrors(body.record?.errors ?? {});
      if (body.notice?.type === 'success' && body.redirectUrl) navigate(body.redirectUrl);
    } catch {
      addNotice({ message: tm('requestFailed'), type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  const field = (name: string, label: string, input: React.ReactNode, hint?: React.ReactNode, required = true) => (
    <FormGroup error={Boolean(errors[name])}>
      <Label htmlFor={`sale-${name}`} required={required}>
        {label}
      </Label>
      {input}
      {hint}
      <FormMessage id={`sale-${name}-error`} role={errors[name] ? 'alert' : undefined}>
        {errors[name]?.message}
      </FormMessage>
    </FormGroup>
  );
  const nativeSelect = { width: '100%', padding: '8px', border: '1px solid #898a9a', borderRadius: 0, background: '#fff', color: '#0c1e29', fontSize: '14px' };

  return (
    <Box as="form" onSubmit={submit} variant="white" p="xl" data-testid="sale-form" noValidate>
      <H3>{tm('sale_title', R)}</H3>
      <Text mb="lg" data-testid="sale-customer">
        {tm('sale_customer', R, { name: options.customer.name, customerNo: options.customer.customerNo })}
      </Text>

      {field(
        'productVersionId',
        tm('sale_product', R),
        <select
          id="sale-productVersionId"
          name="productVersionId"
          value={values.productVersionId}
          onChange={set('productVersionId')}
          style={nativeSelect}
          aria-describedby="sale-productVersionId-reason sale-productVersionId-error"
          aria-invalid={Boolean(errors.productVersionId) || Boolean(chosen && !chosen.ok)}
          data-testid="sale-version"
        >
          <option value="">{tm('sale_chooseProduct', R)}</option>
          {options.choices.map((c) => (
            <option key={c.versionId} value={String(c.versionId)}>
              {optionText(c)}
            </option>
          ))}
        </select>,
        <Box id="sale-productVersionId-reason" aria-live="polite" mt="default">
          {chosen && !chosen.ok && (
            <MessageBox variant="danger" data-testid="sale-refusal" mb="default">
              <Text>
                <strong>{tm(chosen.kind === 'eligibility' ? 'sale_refusedEligibility' : 'sale_refusedSuitability', R)}</strong> {chosen.reason?.[language]}
              </Text>
            </MessageBox>
          )}
          {chosen?.eligibleWho && <Text variant="sm">{tm('sale_eligibleWho', R, { who: chosen.eligibleWho[language] })}</Text>}
        </Box>,
      )}

      {field(
        'amount',
        tm('sale_amount', R),
        <Input
          id="sale-amount"
          name="amount"
          inputMode="numeric"
          value={values.amount ? BigInt(values.amount).toLocaleString('en-US') : ''}
          onChange={set('amount')}
          aria-describedby="sale-amount-formatted sale-amount-error"
          data-testid="sale-amount"
          width={1}
        />,
        <Text id="sale-amount-formatted" variant="sm" mt="sm" data-testid="sale-amount-formatted">
          {values.amount ? formatKrw(values.amount, language) : tm('sale_amountHint', R)}
        </Text>,
      )}

      {field(
        'openedOn',
        tm('sale_openedOn', R),
        <Input
          id="sale-openedOn"
          name="openedOn"
          type="date"
          max={options.today}
          value={values.openedOn}
          onChange={set('openedOn')}
          aria-describedby="sale-openedOn-today sale-openedOn-error"
          data-testid="sale-opened-on"
        />,
        <Text id="sale-openedOn-today" variant="sm" mt="sm">
          {tm('sale_today', R, { date: formatDate(options.today, language) })}
        </Text>,
      )}

      {field(
        'branchCode',
        tm('sale_branch', R),
        <select
          id="sale-branchCode"
          name="branchCode"
          value={values.branchCode}
          onChange={set('branchCode')}
          style={nativeSelect}
          aria-describedby="sale-branchCode-error"
          data-testid="sale-branch"
        >
          {options.branches.map((b) => (
            <option key={b.code} value={b.code}>
              {b.name} ({b.code})
            </option>
          ))}
        </select>,
      )}

      {errors.customerId && (
        <MessageBox variant="danger" mb="default">
          <Text role="alert">{errors.customerId.message}</Text>
        </MessageBox>
      )}

      <Box flex flexDirection="row" mt="lg">
        <Button type="submit" variant="contained" mr="default" disabled={busy || Boolean(chosen && !chosen.ok)} data-testid="sale-submit">
          {tm('sale_submit', R)}
        </Button>
        <Button type="button" variant="outlined" onClick={() => navigate(back)} data-testid="sale-cancel">
          {tm('sale_cancel', R)}
        </Button>
      </Box>
    </Box>
  );
};

export default SaleForm;
