/**
 * The one normal form of a staff login e-mail, shared by the login (look-up
 * and throttle key) and by staff create/edit (what is stored).
 *
 * Normal form: Unicode NFC, surrounding white space trimmed, lower-cased.
 * The login then compares the stored e-mail with the typed one EXACTLY
 * (binary) after this normalisation, so only spellings that normalise to the
 * same string reach an account, and those share one failed-login counter.
 * The column itself stays utf8mb4_unicode_ci, so its unique key refuses a new
 * account that only differs by case, accents or ignorable characters from an
 * existing one (no look-alike accounts).
 */
export function normaliseStaffEmail(input: string): string {
  return input.normalize('NFC').trim().toLowerCase();
}

/**
 * Characters that do not show, or show as something else: control and format
 * characters (zero-width space and joiners, bidi overrides, soft hyphen),
 * line/paragraph separators and any white space inside the address.
 */
const invisible = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Zs}\u115F\u1160\u3164\uFFA0]/u;

/** A plain address: something@domain.tld, no white space, at most 190 characters (the column). */
const shape = /^[^@]+@[^@.]+(\.[^@.]+)+$/;

export type StaffEmailProblem = 'emailInvisibleCharacters' | 'invalidEmail';

/** Why a normalised e-mail may not be stored on a staff account, or null when it may. */
export function staffEmailProblem(normalised: string): StaffEmailProblem | null {
  if (invisible.test(normalised)) return 'emailInvisibleCharacters';
  if (normalised.length > 190 || !shape.test(normalised)) return 'invalidEmail';
  return null;
}
