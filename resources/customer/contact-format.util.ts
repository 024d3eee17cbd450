/**
 * Normalising and masking of contact details. Pure: the same input always
 * gives the same output, which is what makes keyed-hash duplicate detection
 * work on encrypted values.
 */

/** "010-1234-5678", "01012345678", "+82 10 1234 5678" -> "010-1234-5678"; null when not a Korean mobile. */
export function normaliseMobile(input: string): string | null {
  let digits = input.replace(/[\s\-().]/g, '');
  if (digits.startsWith('+82')) digits = `0${digits.slice(3)}`;
  if (!/^010\d{8}$/.test(digits)) return null;
  return `${digits.slice(0, 3)}-${digits.slice(3, 7)}-${digits.slice(7)}`;
}

/** Trimmed, lower-cased; null when not a plausible address. */
export function normaliseEmail(input: string): string | null {
  const v = input.trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+\.[a-z]{2,}$/.test(v) && v.length <= 190 ? v : null;
}

/** "010-1234-5678" -> "010-****-5678". */
export function maskMobile(normalised: string): string {
  return `${normalised.slice(0, 4)}****${normalised.slice(8)}`;
}

/** "hong.gildong@example.com" -> "ho**********@example.com". */
export function maskEmail(normalised: string): string {
  const [local, domain] = normalised.split('@') as [string, string];
  // Never reveal the whole local part: "a@x.kr" -> "*@x.kr", "ab@x.kr" -> "a*@x.kr".
  const keep = Math.min(2, local.length - 1);
  return `${local.slice(0, keep)}${'*'.repeat(Math.max(1, local.length - keep))}@${domain}`;
}

/** "홍길동" -> "홍*동", "김철" -> "김*", "Hong Gildong" -> "H*********g". */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return name;
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** "1985-03-14" -> "1985-**-**". */
export function maskBirthDate(date: string): string {
  return `${date.slice(0, 4)}-**-**`;
}
