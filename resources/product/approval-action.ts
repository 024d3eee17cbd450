import { ForbiddenError, type Action, type ActionContext, type ActionRequest, type ActionResponse, type CurrentAdmin } from 'adminjs';
import { can } from '../../admin/access/admin-actions.js';
import { commandAction } from '../../admin/access/domain-actions.js';
import type { AppSubject } from '../../admin/access/abilities.js';
import type { WriteResult } from '../shared/write-result.js';
import { localise, t } from '../shared/bilingual.js';
import { currentLanguage } from '../../engine/context/request-context.js';

type ActionOptions = Partial<Action<ActionResponse>>;

/**
 * Approve / reject of a product version or a disclosure (the checker's
 * steps), with the maker-checker rule explained in words.
 *
 * Only a role with the `approve` grant may POST (others get AdminJS's
 * ForbiddenError, as before). The makers' role (who may `submit`) may also
 * OPEN the approval page, from its button or by its URL, and is told why it
 * cannot approve: its own work, or that approval is the checker's. The
 * service still refuses an approver who wrote or last edited the work.
 */
export const approvalRefusals = {
  ownWork: t(
    '본인이 작성하거나 마지막으로 수정한 건은 승인(또는 반려)할 수 없습니다. 작성자와 승인자는 달라야 합니다(maker-checker): 다른 준법감시 담당자가 검토합니다.',
    'You wrote or last edited this, so you cannot approve (or reject) it. The approver must never be the author (maker-checker): another compliance officer reviews it.',
  ),
  notChecker: t(
    '승인과 반려는 준법감시 담당자만 할 수 있습니다(maker-checker). 승인 요청한 건은 준법감시 담당자의 업무함에 있습니다.',
    "Only compliance officers approve or reject (maker-checker). What you submitted is waiting in compliance's work queue.",
  ),
  notPending: t('승인을 기다리는 상태가 아니어서 승인하거나 반려할 수 없습니다.', 'It is not waiting for approval, so it cannot be approved or rejected.'),
};

/** Why `admin` may not approve (or reject) this, in words, or null. Pure apart from CASL. */
export function approvalRefusal(
  admin: CurrentAdmin | undefined,
  subject: AppSubject,
  pending: boolean,
  makers: Array<{ authorId?: unknown; lastEditedBy?: unknown }>,
): keyof typeof approvalRefusals | null {
  const me = Number(admin?.id);
  const mine = makers.some((m) => Number(m.authorId) === me || Number(m.lastEditedBy) === me);
  if (mine) return 'ownWork';
  if (!can(admin, 'approve', subject)) return 'notChecker';
  if (!pending) return 'notPending';
  return null;
}

export function approvalAction(opts: {
  subject: AppSubject;
  icon: string;
  component: string;
  variant?: 'primary' | 'danger';
  pendingStatus: string;
  run: (id: number, payload: Record<string, unknown>) => Promise<WriteResult<object>>;
  successMessage: string;
  /** The makers of the work beside the record's own author and last editor (e.g. the version's disclosure under review), and extra form params. */
  facts?: (id: number) => Promise<{ makers: Array<{ authorId: number; lastEditedBy: number }>; params: Record<string, unknown> }>;
}): ActionOptions {
  const base = commandAction({
    subject: opts.subject,
    ability: 'approve',
    icon: opts.icon,
    component: opts.component,
    variant: opts.variant,
    visibleWhen: (p) => p.status === opts.pendingStatus,
    run: opts.run,
    successMessage: opts.successMessage,
  });
  const may = (admin: CurrentAdmin | undefined) => can(admin, 'approve', opts.subject) || can(admin, 'submit', opts.subject);
  return {
    ...base,
    isAccessible: ({ currentAdmin }: ActionContext) => may(currentAdmin),
    handler: async (request: ActionRequest, response: unknown, context: ActionContext) => {
      const record = context.record!;
      const admin = context.currentAdmin;
      if (request.method === 'post') {
        if (!can(admin, 'approve', opts.subject)) throw new ForbiddenError(localise(approvalRefusals.notChecker, currentLanguage()));
        return (base.handler as (rq: ActionRequest, rs: unknown, c: ActionContext) => Promise<ActionResponse>)(request, response, context);
      }
      const extra = opts.facts ? await opts.facts(Number(record.id())) : { makers: [], params: {} };
      const refusal = approvalRefusal(admin, opts.subject, record.params.status === opts.pendingStatus, [record.params, ...extra.makers]);
      const json = record.toJSON(admin);
      return {
        record: {
          ...json,
          params: { ...json.params, ...extra.params, approvalRefusal: refusal ? localise(approvalRefusals[refusal], currentLanguage()) : '', approvalRefusalCode: refusal ?? '' },
        },
      };
    },
  };
}
