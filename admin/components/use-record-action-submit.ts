import { useState } from 'react';
import { ApiClient, useNotice, useTranslation, type ActionProps } from 'adminjs';
import { useNavigate } from 'react-router-dom';

/**
 * Posts a record action's form values the way AdminJS's own forms do and
 * reports the answer: the notice (translated), field errors under their
 * fields, and the redirect on success. Shared by the lifecycle forms
 * (transition-form.tsx, approval-form.tsx).
 */
export function useRecordActionSubmit({ resource, record, action }: Pick<ActionProps, 'resource' | 'record' | 'action'>, values: Record<string, string>) {
  const { translateMessage } = useTranslation();
  const addNotice = useNotice();
  const navigate = useNavigate();
  const [errors, setErrors] = useState<Record<string, { message: string }>>({});
  const [busy, setBusy] = useState(false);

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
  return { submit, errors, busy };
}
