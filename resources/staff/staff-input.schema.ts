import { z } from 'zod';
import { staffRoles } from './staff-role.js';
import { normaliseStaffEmail, staffEmailProblem } from './staff-email.js';
import { passwordProblem } from './password.util.js';
import { blank, optional, required } from '../shared/form-fields.js';

/**
 * What an administrator may submit for a staff account (form or API), field
 * by field. Messages are keys of the AdminJS locale files (admin/locale,
 * `messages`), so the form shows them in Korean or English. Unknown fields
 * (`id`, `passwordHash`, `lastLoginAt`, ...) are dropped: they are never
 * taken from a request.
 */
const controlOrFormat = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

const flag = (message: string) =>
  z.preprocess((v) => (v === true || v === 'true' || v === '1' ? true : v === false || v === 'false' || v === '0' ? false : v), z.boolean({ error: message }));

const email = z.preprocess(
  blank,
  z.string({ error: 'emailRequired' }).transform((v, ctx) => {
    const normal = normaliseStaffEmail(v);
    const problem = staffEmailProblem(normal);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
    return normal;
  }),
);

const displayName = z.preprocess(
  blank,
  z
    .string({ error: 'displayNameRequired' })
    .transform((v) => v.normalize('NFC').trim())
    .pipe(
      z
        .string()
        .min(1, 'displayNameRequired')
        .max(100, 'displayNameLength')
        .refine((v) => !controlOrFormat.test(v), 'displayNameInvisible'),
    ),
);

const password = z
  .string()
  .max(200, 'passwordTooLong')
  .refine((v) => passwordProblem(v) === null, 'weakPassword');

const fields = {
  email,
  displayName,
  role: z.enum(staffRoles, 'invalidRole'),
  branchCode: optional(z.string().trim().max(20, 'unknownBranch')),
};

/** A new account: a password is required; it is active unless said otherwise. */
export const staffCreateSchema = z.object({
  ...fields,
  active: z.preprocess(blank, flag('invalidActive').default(true)),
  password: required(password, 'passwordRequired'),
});

/** An edit, laid over the current values: an empty password keeps the current one. */
export const staffUpdateSchema = z.object({
  ...fields,
  active: flag('invalidActive'),
  password: optional(password),
});

export type StaffInput = z.infer<typeof staffUpdateSchema>;
