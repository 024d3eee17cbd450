import { z } from 'zod';
import { regions } from '../customer/customer-attributes.js';
import { blank } from '../shared/form-fields.js';

/**
 * A branch as an administrator submits it. Messages are keys of the AdminJS
 * locale files (admin/locale, `messages`). Unknown fields are dropped.
 */
const controlOrFormat = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

/** Branch codes are upper-case letters, digits and hyphens (B001, SEOUL-01), as the core banking system issues them. */
export const branchCode = z.preprocess(
  blank,
  z
    .string({ error: 'branchCodeRequired' })
    .transform((v) => v.trim().toUpperCase())
    .pipe(z.string().regex(/^[A-Z0-9][A-Z0-9-]{0,19}$/, 'branchCodeFormat')),
);

export const branchInputSchema = z.object({
  code: branchCode,
  name: z.preprocess(
    blank,
    z
      .string({ error: 'branchNameRequired' })
      .transform((v) => v.normalize('NFC').trim())
      .pipe(
        z
          .string()
          .min(1, 'branchNameRequired')
          .max(60, 'branchNameLength')
          .refine((v) => !controlOrFormat.test(v), 'branchNameInvisible'),
      ),
  ),
  region: z.enum(regions, 'invalidRegion'),
});

export type BranchInput = z.infer<typeof branchInputSchema>;
