import type { z } from 'zod';

/** The codes every problem vocabulary (segment, journey) has for zod's built-in checks. */
export type BuiltInProblemCode =
  'invalid' | 'required' | 'notEmpty' | 'tooSmall' | 'tooBig' | 'tooLong' | 'tooFewItems' | 'tooManyItems' | 'dateFormat' | 'badFormat' | 'oneOf' | 'wholeNumber' | 'wrongType';

type Params = Record<string, string | number>;

/** How one vocabulary words what the built-in classification leaves open, keyed by the last path segment. */
export interface IssueVocabulary<C extends string> {
  isCode: (code: unknown) => code is C;
  /** `invalid_format` by zod format name (e.g. `datetime`), then by key. */
  formatByFormat?: Partial<Record<string, C>>;
  formatByKey?: Partial<Record<string, C>>;
  /** A missing value whose problem says more than "required". */
  requiredByKey?: Partial<Record<string, C>>;
  /** `invalid_value` at a key with its own problem; `withValues` passes the allowed values as `{values}`. */
  valueByKey?: Partial<Record<string, { code: C; withValues: boolean }>>;
  /** An unknown discriminator (`type`) of a discriminated union; otherwise "invalid". */
  unknownDiscriminator?: C;
}

/**
 * The code and parameters of one zod issue. Custom checks carry their code in
 * `params.problem`; built-in ones are classified by kind, so that every schema
 * error has a rendering in each language without a message table per schema.
 * Parse with `{ reportInput: true }` so that a missing value is told apart
 * from a wrong one (the input itself never leaves this function). The English
 * message stays zod's, which is ours wherever the schema gave one.
 */
export function problemOfZodIssue<C extends string>(issue: z.core.$ZodIssue, vocabulary: IssueVocabulary<C>): { code: C | BuiltInProblemCode; params?: Params; message: string } {
  const last = [...issue.path].reverse().find((p) => typeof p === 'string') as string | undefined;
  const key = last ?? '';
  const withCode = (code: C | BuiltInProblemCode, params?: Params) => (params ? { code, params, message: issue.message } : { code, message: issue.message });
  const values = (vs: readonly unknown[]) => vs.map(String).join(', ');
  switch (issue.code) {
    case 'custom': {
      const { problem, ...params } = (issue.params ?? {}) as Params & { problem?: string };
      return vocabulary.isCode(problem) ? withCode(problem, Object.keys(params).length ? params : undefined) : withCode('invalid');
    }
    case 'too_small': {
      const minimum = Number(issue.minimum);
      if (issue.origin === 'string') return minimum <= 1 ? withCode('notEmpty') : withCode('tooSmall', { minimum });
      if (issue.origin === 'array' || issue.origin === 'set') return withCode('tooFewItems', { minimum });
      return withCode('tooSmall', { minimum });
    }
    case 'too_big': {
      const maximum = Number(issue.maximum);
      if (issue.origin === 'string') return withCode('tooLong', { maximum });
      if (issue.origin === 'array' || issue.origin === 'set') return withCode('tooManyItems', { maximum });
      return withCode('tooBig', { maximum });
    }
    case 'invalid_format': {
      const byFormat = vocabulary.formatByFormat?.[issue.format];
      if (byFormat) return withCode(byFormat);
      if (issue.format === 'date') return withCode('dateFormat');
      return withCode(vocabulary.formatByKey?.[key] ?? 'badFormat');
    }
    case 'invalid_value': {
      const own = vocabulary.valueByKey?.[key];
      if (own) return own.withValues ? withCode(own.code, { values: values(issue.values) }) : withCode(own.code);
      return withCode('oneOf', { values: values(issue.values) });
    }
    case 'invalid_union':
      if (vocabulary.unknownDiscriminator && 'note' in issue && issue.note === 'No matching discriminator') {
        return withCode(vocabulary.unknownDiscriminator, { values: values((issue as { options?: unknown[] }).options ?? []) });
      }
      return withCode(issue.input === undefined ? 'required' : 'invalid');
    case 'invalid_type':
      if (issue.input === undefined) return withCode(vocabulary.requiredByKey?.[key] ?? 'required');
      if (issue.expected === 'int') return withCode('wholeNumber');
      return withCode('wrongType', { expected: issue.expected });
    default:
      return withCode('invalid');
  }
}
