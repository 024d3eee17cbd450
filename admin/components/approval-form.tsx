import React, { useState } from 'react';
import { useTranslation, type ActionProps } from 'adminjs';
import { useRecordActionSubmit } from './use-record-action-submit.js';
import { Box, Button, FormGroup, FormMessage, H3, Input, Label, MessageBox, Text, TextArea } from '@adminjs/design-system';
import { Link } from 'react-router-dom';

/**
 * The checker's form: approve or reject a product version or a disclosure.
 * When the server says the user may not (their own work, or not a checker:
 * maker-checker), the page says so in words instead of a form, whether it
 * was opened from a button or by its URL. Approving a version whose
 * disclosure waits for review approves both, so the disclosure's review
 * number (심의필 번호) and validity are asked here too.
 */
const ApprovalForm: React.FC<ActionProps> = ({ action, resource, record }) => {
  const { translateMessage: tm, translateAction, translateLabel } = useTranslation();
  const params = (record?.params ?? {}) as Record<string, string>;
  const approving = action.name === 'approve';
  const withDisclosure = resource.id === 'ProductVersion' && Boolean(params.disclosureUnderReviewId);
  const needsReview = approving && (resource.id === 'Disclosure' || withDisclosure);
  const today = new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10);
  const [values, setValues] = useState<Record<string, string>>({ comment: '', reviewNo: '', reviewValidFrom: today, reviewValidTo: '' });
  const set = (k: string) => (e: { target: { value: string } }) => setValues({ ...values, [k]: e.target.value });
  const recordUrl = `/admin/resources/${resource.id}/records/${record?.id}/show`;

  const { submit, errors, busy } = useRecordActionSubmit({ resource, record, action }, values);

  const heading = (
    <H3>
      {translateAction(action.name, resource.id)}: {record?.title}
    </H3>
  );
  if (params.approvalRefusal) {
    return (
      <Box variant="white" p="xl" data-testid="approval-refused">
        {heading}
        <MessageBox variant="danger" mb="lg" role="alert">
          <Text fontWeight="bold">{tm('ap_refusedTitle')}</Text>
          <Text data-testid="approval-refusal" data-code={params.approvalRefusalCode}>
            {params.approvalRefusal}
          </Text>
        </MessageBox>
        <Link to={recordUrl}>{tm('ap_back')}</Link>
      </Box>
    );
  }
  const field = (name: string, label: string, type = 'text', required = true) => (
    <FormGroup error={!!errors[name]}>
      <Label htmlFor={`approval-${name}`} required={required}>
        {label}
      </Label>
      <Input id={`approval-${name}`} name={name} type={type} value={values[name]} onChange={set(name)} aria-invalid={!!errors[name]} />
      <FormMessage>{errors[name]?.message}</FormMessage>
    </FormGroup>
  );
  return (
    <Box as="form" onSubmit={submit} variant="white" p="xl" data-testid="transition-form">
      {heading}
      {params.status && <Text mb="lg">{tm('currentStatus', resource.id, { status: translateLabel(`status.${params.status}`, resource.id) })}</Text>}
      {withDisclosure && (
        <MessageBox variant="info" mb="lg" data-testid="approval-with-disclosure">
          <Text>{tm(approving ? 'ap_withDisclosureApprove' : 'ap_withDisclosureReject', undefined, { title: params.disclosureUnderReviewTitle })}</Text>
          <Link to={`/admin/resources/Disclosure/records/${params.disclosureUnderReviewId}/show`}>{tm('ap_openDisclosure')}</Link>
        </MessageBox>
      )}
      {needsReview && (
        <>
          {field('reviewNo', tm('ap_reviewNo'))}
          {field('reviewValidFrom', tm('ap_reviewValidFrom'), 'date')}
          {field('reviewValidTo', tm('ap_reviewValidTo'), 'date')}
        </>
      )}
      <FormGroup error={!!errors.comment}>
        <Label htmlFor="approval-comment" required={!approving}>
          {tm(approving ? 'ap_comment' : 'ap_reason')}
        </Label>
        <TextArea id="approval-comment" name="comment" value={values.comment} onChange={set('comment')} width={1} rows={3} />
        <FormMessage>{errors.comment?.message}</FormMessage>
      </FormGroup>
      <Button type="submit" variant={approving ? 'contained' : 'danger'} disabled={busy} data-testid="transition-submit">
        {tm(approving ? 'ap_confirm_approve' : 'ap_confirm_reject')}
      </Button>
    </Box>
  );
};

export default ApprovalForm;
