import React, { useState } from 'react';
import { ApiClient, useNotice, useTranslation, type ActionProps } from 'adminjs';
import { Box, Button, FormGroup, FormMessage, H3, Input, Label, Select, Text, TextArea } from '@adminjs/design-system';
import { useNavigate } from 'react-router-dom';

/**
 * Confirmation form for one lifecycle step (customer status change, product
 * version submit/approve/publish/..., disclosure submit/approve/reject).
 * It only collects the inputs; the server decides whether the step is allowed
 * and answers with field errors or a notice that names the rule.
 */
const TransitionForm: React.FC<ActionProps> = ({ action, resource, record }) => {
  const { translateMessage, translateLabel, translateAction, translateButton } = useTranslation();
  const addNotice = useNotice();
  const navigate = useNavigate();
  const params = (record?.params ?? {}) as Record<string, string>;
  const isStatus = action.name === 'changeStatus';
  const isReview = resource.id === 'Disclosure' && action.name === 'approve';
  const targets = isStatus
    ? String(params.allowedTargets ?? '')
        .split(',')
        .filter(Boolean)
    : [];
  const today = new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10);
  const [values, setValues] = useState<Record<string, string>>({ status: targets[0] ?? '', comment: '', reviewNo: '', reviewValidFrom: today, reviewValidTo: '' });
  const [errors, setErrors] = useState<Record<string, { message: string }>>({});
  const [busy, setBusy] = useState(false);
  const set = (k: string) => (e: { target: { value: string } }) => setValues({ ...values, [k]: e.target.value });

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const data = new FormData();
    for (const [k, v] of Object.entries(values)) data.append(k, v);
    try {
      const res = await new ApiClient().recordAction({ resourceId: resource.id, recordId: record!.id, actionName: action.name, method: 'post', data });
      const body = res.data as { notice?: { message: string; type: 'success' | 'error' }; record?: { errors?: Record<string, { message: string }> }; redirectUrl?: string };
      if (body.notice) addNotice({ message: translateMessage(body.notice.message, resource.id), type: body.notice.type });
      setErrors(body.record?.errors ?? {});
      if (body.notice?.type === 'success' && body.redirectUrl) navigate(body.redirectUrl);
    } catch {
      addNotice({ message: translateMessage('requestFailed'), type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  const statusLabel = (s: string) => translateLabel(`status.${s}`, resource.id);
  return (
    <Box as="form" onSubmit={submit} variant="white" p="xl" data-testid="transition-form">
      <H3>
        {translateAction(action.name, resource.id)}: {record?.title}
      </H3>
      {params.status && <Text mb="lg">{translateMessage('currentStatus', resource.id, { status: statusLabel(params.status) })}</Text>}
      {isStatus && (
        <FormGroup error={!!errors.status}>
          <Label required>{translateMessage('targetStatus', resource.id)}</Label>
          <Select
            value={{ value: values.status, label: statusLabel(values.status) }}
            options={targets.map((t) => ({ value: t, label: statusLabel(t) }))}
            onChange={(o: { value: string } | null) => setValues({ ...values, status: o?.value ?? '' })}
          />
          <FormMessage>{errors.status?.message}</FormMessage>
        </FormGroup>
      )}
      {isReview && (
        <>
          <FormGroup error={!!errors.reviewNo}>
            <Label required>{translateMessage('reviewNo', resource.id)}</Label>
            <Input name="reviewNo" value={values.reviewNo} onChange={set('reviewNo')} width={1} />
            <FormMessage>{errors.reviewNo?.message}</FormMessage>
          </FormGroup>
          <FormGroup error={!!errors.reviewValidFrom}>
            <Label required>{translateMessage('reviewValidFrom', resource.id)}</Label>
            <Input name="reviewValidFrom" type="date" value={values.reviewValidFrom} onChange={set('reviewValidFrom')} />
            <FormMessage>{errors.reviewValidFrom?.message}</FormMessage>
          </FormGroup>
          <FormGroup error={!!errors.reviewValidTo}>
            <Label required>{translateMessage('reviewValidTo', resource.id)}</Label>
            <Input name="reviewValidTo" type="date" value={values.reviewValidTo} onChange={set('reviewValidTo')} />
            <FormMessage>{errors.reviewValidTo?.message}</FormMessage>
          </FormGroup>
        </>
      )}
      <FormGroup error={!!errors.comment}>
        <Label>{translateMessage(isStatus ? 'statusReason' : 'transitionComment', resource.id)}</Label>
        <TextArea name="comment" value={values.comment} onChange={set('comment')} width={1} rows={3} />
        <FormMessage>{errors.comment?.message}</FormMessage>
      </FormGroup>
      <Button type="submit" variant="contained" disabled={busy} data-testid="transition-submit">
        {translateButton('confirm', resource.id)}
      </Button>
    </Box>
  );
};

export default TransitionForm;
