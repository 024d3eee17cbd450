/**
 * The compliance review of a message template as a pure decision:
 *
 *   DRAFT --submit (the author's team)--> PENDING
 *   PENDING --approve (compliance, not the author; 심의필 번호 + validity)--> APPROVED
 *   PENDING --reject (reason)--> REJECTED --edit--> DRAFT
 *   APPROVED --retire--> RETIRED
 *   APPROVED --edit--> a new DRAFT revision (the approved one stays in use)
 */
export const templateStatuses = ['DRAFT', 'PENDING', 'APPROVED', 'REJECTED', 'RETIRED'] as const;
export type TemplateStatus = (typeof templateStatuses)[number];
export const isTemplateStatus = (v: unknown): v is TemplateStatus => typeof v === 'string' && (templateStatuses as readonly string[]).includes(v);

export type TemplateCommand = 'submit' | 'approve' | 'reject' | 'retire';

export interface TemplateState {
  status: TemplateStatus;
  authorId: number | null;
}

export interface TemplateReviewInput {
  reviewNumber?: unknown;
  validFrom?: unknown;
  validUntil?: unknown;
  reason?: unknown;
}

export type RefusalCode =
  'illegalTransition' | 'authorCannotApprove' | 'reviewNumberRequired' | 'validFromInvalid' | 'validUntilInvalid' | 'validUntilBeforeFrom' | 'validUntilPast' | 'reasonRequired';

export type TemplateDecision =
  | { ok: true; to: TemplateStatus; review?: { reviewNumber: string; validFrom: Date; validUntil: Date }; reason?: string }
  | { ok: false; code: RefusalCode; kind: 'input' | 'conflict'; path?: string; params?: Record<string, string | number> };

const allowedFrom: Record<TemplateCommand, TemplateStatus> = { submit: 'DRAFT', approve: 'PENDING', reject: 'PENDING', retire: 'APPROVED' };

/** An ISO date (YYYY-MM-DD, a Korean calendar day from 00:00 KST) or an ISO timestamp with offset. */
export function parseReviewInstant(v: unknown): Date | null {
  if (typeof v !== 'string' || v.length > 40) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
    const d = new Date(`${v}T00:00:00+09:00`);
    return !Number.isNaN(d.getTime()) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v) ? d : null;
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(v)) return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function decideTemplateCommand(command: TemplateCommand, t: TemplateState, actorId: number | null, input: TemplateReviewInput, now: Date): TemplateDecision {
  if (t.status !== allowedFrom[command]) return { ok: false, code: 'illegalTransition', kind: 'conflict', params: { status: t.status, action: command } };
  switch (command) {
    case 'submit':
      return { ok: true, to: 'PENDING' };
    case 'retire':
      return { ok: true, to: 'RETIRED' };
    case 'reject': {
      const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
      if (reason.length < 2 || reason.length > 500) return { ok: false, code: 'reasonRequired', kind: 'input', path: 'reason' };
      return { ok: true, to: 'REJECTED', reason };
    }
    case 'approve': {
      if (actorId === null || actorId === t.authorId) return { ok: false, code: 'authorCannotApprove', kind: 'conflict' };
      const reviewNumber = typeof input.reviewNumber === 'string' ? input.reviewNumber.trim() : '';
      if (reviewNumber.length < 3 || reviewNumber.length > 40) return { ok: false, code: 'reviewNumberRequired', kind: 'input', path: 'reviewNumber' };
      const validFrom = parseReviewInstant(input.validFrom);
      if (!validFrom) return { ok: false, code: 'validFromInvalid', kind: 'input', path: 'validFrom' };
      const validUntil = parseReviewInstant(input.validUntil);
      if (!validUntil) return { ok: false, code: 'validUntilInvalid', kind: 'input', path: 'validUntil' };
      if (validUntil.getTime() <= validFrom.getTime()) return { ok: false, code: 'validUntilBeforeFrom', kind: 'input', path: 'validUntil' };
      if (validUntil.getTime() <= now.getTime()) return { ok: false, code: 'validUntilPast', kind: 'input', path: 'validUntil' };
      return { ok: true, to: 'APPROVED', review: { reviewNumber, validFrom, validUntil } };
    }
  }
}

/** How an edit applies: in place (a draft, or a rejected one back to draft), as the next revision (approved), or refused. */
export function templateEditMode(status: TemplateStatus): 'in-place' | 'new-revision' | 'refused' {
  switch (status) {
    case 'DRAFT':
    case 'REJECTED':
      return 'in-place';
    case 'APPROVED':
      return 'new-revision';
    case 'PENDING':
    case 'RETIRED':
      return 'refused';
  }
}

/** Whether an approved revision may be sent at `now`: its review period decides. */
export function reviewValidity(validFrom: Date | null, validUntil: Date | null, now: Date): 'valid' | 'notYetValid' | 'expired' {
  if (validFrom && now.getTime() < validFrom.getTime()) return 'notYetValid';
  if (!validUntil || now.getTime() >= validUntil.getTime()) return 'expired';
  return 'valid';
}
