import {
  deletable,
  draftEditable,
  journeyLifecycleActions,
  journeyStatuses,
  journeyTransitions,
  judgeTransition,
  type JourneyLifecycleAction,
  type JourneyStatus,
} from './journey-lifecycle.rules.js';
import { apiProblem } from './journey-api-problems.js';

describe('journey lifecycle rules', () => {
  // The whole table written out by hand: [from, action] -> to, or null when refused.
  const expected: Record<JourneyStatus, Record<JourneyLifecycleAction, JourneyStatus | null>> = {
    DRAFT: { publish: 'PUBLISHED', pause: null, resume: null, archive: 'ARCHIVED' },
    PUBLISHED: { publish: 'PUBLISHED', pause: 'PAUSED', resume: null, archive: 'ARCHIVED' },
    PAUSED: { publish: 'PAUSED', pause: null, resume: 'PUBLISHED', archive: 'ARCHIVED' },
    ARCHIVED: { publish: null, pause: null, resume: null, archive: null },
  };

  test.each(journeyStatuses.flatMap((s) => journeyLifecycleActions.map((a) => [s, a] as const)))('%s + %s', (from, action) => {
    const verdict = judgeTransition(from, action);
    const to = expected[from][action];
    if (to === null) {
      expect(verdict).toMatchObject({ ok: false, code: 'illegalTransition', params: { status: from, action: journeyTransitions[action].done } });
    } else {
      expect(verdict).toMatchObject({ ok: true, to });
    }
  });

  test('ARCHIVED is final: no action leaves it', () => {
    for (const a of journeyLifecycleActions) expect(judgeTransition('ARCHIVED', a).ok).toBe(false);
  });

  test('only publish writes a version, only archive ends instances and needs a reason', () => {
    expect(journeyLifecycleActions.filter((a) => journeyTransitions[a].writesVersion)).toEqual(['publish']);
    expect(journeyLifecycleActions.filter((a) => journeyTransitions[a].endsInstances)).toEqual(['archive']);
    expect(journeyLifecycleActions.filter((a) => journeyTransitions[a].needsReason)).toEqual(['archive']);
  });

  test('a guard refuses before anything is decided (the slot approval will use: approver is not the author)', () => {
    const saved = journeyTransitions.resume.guard;
    journeyTransitions.resume.guard = (c) => (c.actorId !== null && c.actorId === c.authorId ? 'approverIsAuthor' : null);
    try {
      expect(judgeTransition('PAUSED', 'resume', { actorId: 7, authorId: 7 })).toEqual({ ok: false, code: 'approverIsAuthor' });
      expect(judgeTransition('PAUSED', 'resume', { actorId: 8, authorId: 7 })).toMatchObject({ ok: true, to: 'PUBLISHED' });
    } finally {
      journeyTransitions.resume.guard = saved;
    }
  });

  test('drafts are editable until archived; only a never-published draft may be deleted', () => {
    expect(journeyStatuses.filter(draftEditable)).toEqual(['DRAFT', 'PUBLISHED', 'PAUSED']);
    expect(deletable('DRAFT', false)).toBe(true);
    expect(deletable('DRAFT', true)).toBe(false);
    expect(deletable('ARCHIVED', false)).toBe(false);
  });

  test('a refusal reads in both languages, with the status and action named', () => {
    const v = judgeTransition('DRAFT', 'pause');
    if (v.ok) throw new Error('expected a refusal');
    const p = apiProblem('illegalTransition', v.params);
    expect(p.message.en).toBe('a journey that is DRAFT cannot be paused');
    expect(p.message.ko).toBe('초안 상태의 여정은 일시 중지할 수 없습니다');
    expect(p.params).toMatchObject({ allowedFrom: 'PUBLISHED' });
  });
});
