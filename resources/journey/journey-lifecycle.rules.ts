/**
 * The journey lifecycle as data, without I/O: which status each action is
 * allowed from, where it leads, and what the runtime must hear afterwards.
 *
 *   DRAFT ──publish──► PUBLISHED ──pause──► PAUSED
 *     │                 │  ▲   ◄──resume──   │
 *     │                 │  └─publish (v+1)   │ publish (v+1, stays paused)
 *     └──────archive────┴──────archive───────┴──► ARCHIVED (final)
 *
 * Publishing while PUBLISHED writes the next version: running instances keep
 * the version they entered with, new entries take the new one. Publishing
 * while PAUSED also writes a version and leaves the journey paused (fix,
 * publish, check, then resume).
 *
 * Approval (maker-checker) slots in without touching the service's shape:
 * 1. add 'PENDING_APPROVAL' to `journeyStatuses` and to the ENUM of
 *    journey.status (a migration; the ENUM was made to grow);
 * 2. add the actions `submit: { from: { DRAFT: 'PENDING_APPROVAL' } }`,
 *    `approve: { from: { PENDING_APPROVAL: 'PUBLISHED' }, writesVersion: true,
 *    guard: (c) => (c.actorId === c.authorId ? 'approverIsAuthor' : null) }`
 *    and `reject: { from: { PENDING_APPROVAL: 'DRAFT' } }`, with `authorId`
 *    = who submitted (kept beside the status);
 * 3. drop DRAFT from `publish.from`: a first publication is an approval.
 *    (A new version of a journey that is already live would wait as a
 *    pending version, not a status, since the journey stays live meanwhile.)
 * The guard runs before anything is written, so "approver ≠ author" is a
 * rule of this file; CASL grants `submit` to marketers and `approve` to
 * compliance, and the service's transition code stays as it is.
 */
export const journeyStatuses = ['DRAFT', 'PUBLISHED', 'PAUSED', 'ARCHIVED'] as const;
export type JourneyStatus = (typeof journeyStatuses)[number];

export const journeyLifecycleActions = ['publish', 'pause', 'resume', 'archive'] as const;
export type JourneyLifecycleAction = (typeof journeyLifecycleActions)[number];

/** Who acts, and who authored what is being moved (for guards such as approver ≠ author). */
export interface TransitionContext {
  actorId: number | null;
  authorId: number | null;
}

export interface TransitionRule {
  /** Allowed from these statuses, to the status given (a missing status is refused). */
  from: Partial<Record<JourneyStatus, JourneyStatus>>;
  /** Writes the draft as the next immutable version. */
  writesVersion: boolean;
  /** The runtime must end the running instances (reason `archived`). */
  endsInstances: boolean;
  /** Needs a reason from the person acting (kept on the journey and in the audit). */
  needsReason: boolean;
  /** Extra condition on who acts; returns the refusal's code, or null. */
  guard?: (ctx: TransitionContext) => string | null;
  /** Past participle, for messages ("cannot be paused"). */
  done: string;
}

export const journeyTransitions: Record<JourneyLifecycleAction, TransitionRule> = {
  publish: { from: { DRAFT: 'PUBLISHED', PUBLISHED: 'PUBLISHED', PAUSED: 'PAUSED' }, writesVersion: true, endsInstances: false, needsReason: false, done: 'published' },
  pause: { from: { PUBLISHED: 'PAUSED' }, writesVersion: false, endsInstances: false, needsReason: false, done: 'paused' },
  resume: { from: { PAUSED: 'PUBLISHED' }, writesVersion: false, endsInstances: false, needsReason: false, done: 'resumed' },
  archive: { from: { DRAFT: 'ARCHIVED', PUBLISHED: 'ARCHIVED', PAUSED: 'ARCHIVED' }, writesVersion: false, endsInstances: true, needsReason: true, done: 'archived' },
};

export type TransitionVerdict =
  | { ok: true; to: JourneyStatus; rule: TransitionRule }
  | { ok: false; code: 'illegalTransition'; params: { action: string; status: JourneyStatus; allowedFrom: string } }
  | { ok: false; code: string; params?: Record<string, string | number> };

export function isJourneyStatus(s: unknown): s is JourneyStatus {
  return typeof s === 'string' && (journeyStatuses as readonly string[]).includes(s);
}

/** Whether `action` may move a journey that is `from`, and where to. */
export function judgeTransition(from: JourneyStatus, action: JourneyLifecycleAction, ctx: TransitionContext = { actorId: null, authorId: null }): TransitionVerdict {
  const rule = journeyTransitions[action];
  const to = rule.from[from];
  if (to === undefined) {
    return { ok: false, code: 'illegalTransition', params: { action: rule.done, status: from, allowedFrom: Object.keys(rule.from).join(', ') } };
  }
  const refused = rule.guard?.(ctx) ?? null;
  if (refused) return { ok: false, code: refused };
  return { ok: true, to, rule };
}

/** The draft may be edited in every status but ARCHIVED (edits of a live journey become its next version). */
export const draftEditable = (status: JourneyStatus): boolean => status !== 'ARCHIVED';

/** Only a never-published draft may be deleted; anything published stays for history (archive it). */
export const deletable = (status: JourneyStatus, everPublished: boolean): boolean => status === 'DRAFT' && !everPublished;

/** The statuses the runtime routes customers for (PAUSED holds them where they are). */
export const liveStatuses: readonly JourneyStatus[] = ['PUBLISHED', 'PAUSED'];
