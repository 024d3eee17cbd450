import React, { useState } from 'react';
import { useTranslation, type ActionProps } from 'adminjs';
import { useRecordActionSubmit } from './use-record-action-submit.js';
import { Box, Button, FormGroup, FormMessage, H3, Input, Label, MessageBox, Text, TextArea } from '@adminjs/design-system';

/**
 * Confirmation form for one lifecycle step (customer status change, product
 * version submit/approve/publish/..., disclosure submit/approve/reject).
 * It only collects the inputs; the server decides whether the step is allowed
 * and answers with field errors or a notice that names the rule.
 */
const TransitionForm: React.FC<ActionProps> = ({ action, resource, record }) => {
  const { translateMessage, translateLabel, translateAction, translateButton } = useTranslation();
  const params = (record?.params ?? {}) as Record<string, string>;
  const isStatus = action.name === 'changeStatus';
  const isReview = resource.id === 'Disclosure' && action.name === 'approve';
  const targets = isStatus
    ? String(params.allowedTargets ?? '')
        .split(',')
        .filter(Boolean)
    : [];
  const today = new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10);
  // No target is preselected: the staff member chooses one on purpose.
  const [values, setValues] = useState<Record<string, string>>({ status: '', comment: '', confirmWithdrawal: '', reviewNo: '', reviewValidFrom: today, reviewValidTo: '' });
  const withdrawing = isStatus && values.status === 'WITHDRAWN';
  const set = (k: string) => (e: { target: { value: string } }) => setValues({ ...values, [k]: e.target.value });

  const { submit, errors, busy } = useRecordActionSubmit({ resource, record, action }, values);

  const statusLabel = (s: string) => translateLabel(`status.${s}`, resource.id);
  return (
    <Box as="form" onSubmit={submit} variant="white" p="xl" data-testid="transition-form">
      <H3>
        {translateAction(action.name, resource.id)}: {record?.title}
      </H3>
      {params.status && <Text mb="lg">{translateMessage('currentStatus', resource.id, { status: statusLabel(params.status) })}</Text>}
      {isStatus && (
        <FormGroup error={!!errors.status}>
          <Label htmlFor="transition-status" required>
            {translateMessage('targetStatus', resource.id)}
          </Label>
          <select
            id="transition-status"
            name="status"
            value={values.status}
            onChange={set('status')}
            aria-invalid={!!errors.status}
            aria-describedby="transition-status-error"
            data-testid="transition-status"
            style={{ width: '100%', padding: '8px', border: '1px solid #898a9a', background: '#fff', color: '#0c1e29', fontSize: '14px' }}
          >
            <option value="">{translateMessage('chooseTargetStatus', resource.id)}</option>
            {targets.map((t) => (
              <option key={t} value={t}>
                {statusLabel(t)}
              </option>
            ))}
          </select>
          <FormMessage id="transition-status-error" role={errors.status ? 'alert' : undefined}>
            {errors.status?.message}
          </FormMessage>
        </FormGroup>
      )}
      {withdrawing && (
        <MessageBox variant="danger" mb="lg" data-testid="withdrawal-warning">
          <Text>{translateMessage('withdrawalWarning', resource.id)}</Text>
        </MessageBox>
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
        <Label htmlFor="transition-comment" required={isStatus}>
          {translateMessage(isStatus ? 'statusReason' : 'transitionComment', resource.id)}
        </Label>
        <TextArea
          id="transition-comment"
          name="comment"
          value={values.comment}
          onChange={set('comment')}
          width={1}
          rows={3}
          aria-invalid={!!errors.comment}
          aria-describedby="transition-comment-error"
          data-testid="transition-comment"
        />
        <FormMessage id="transition-comment-error" role={errors.comment ? 'alert' : undefined} data-testid="transition-comment-error">
          {errors.comment?.message}
        </FormMessage>
      </FormGroup>
      {withdrawing && (
        <FormGroup error={!!errors.confirmWithdrawal}>
          <Label htmlFor="transition-confirm-withdrawal" required>
            {translateMessage('confirmWithdrawalLabel', resource.id, { customerNo: params.customerNo ?? record?.title ?? '' })}
          </Label>
          <Input
            id="transition-confirm-withdrawal"
            name="confirmWithdrawal"
            value={values.confirmWithdrawal}
            onChange={set('confirmWithdrawal')}
            autoComplete="off"
            aria-invalid={!!errors.confirmWithdrawal}
            aria-describedby="transition-confirm-withdrawal-error"
            data-testid="transition-confirm-withdrawal"
          />
          <FormMessage id="transition-confirm-withdrawal-error" role={errors.confirmWithdrawal ? 'alert' : undefined}>
            {errors.confirmWithdrawal?.message}
          </FormMessage>
        </FormGroup>
      )}
      <Button
        type="submit"
        variant={withdrawing ? 'danger' : 'contained'}
        disabled={busy || (withdrawing && values.confirmWithdrawal.trim().toUpperCase() !== String(params.customerNo ?? record?.title ?? '').toUpperCase())}
        data-testid="transition-submit"
      >
        {withdrawing ? translateMessage('confirmWithdrawalButton', resource.id) : translateButton('confirm', resource.id)}
      </Button>
    </Box>
  );
};

export default TransitionForm;
