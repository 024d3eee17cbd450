/**
 * Numbers and dates as the staff member's language writes them, for every
 * component: amounts in KRW with thousands separators (₩1,000,000 /
 * 1,000,000원), rates stored as basis points shown in percent (350 -> 3.50%),
 * dates as YYYY-MM-DD (ko) or 7 Dec 2026 (en). Pure; no React.
 */
export type UiLanguage = 'ko' | 'en';

const localeOf = (language: string): string => (language === 'en' ? 'en-GB' : 'ko-KR');

/** An amount in won (number, or the string a BIGINT column arrives as); '' for none. */
export function formatKrw(amount: number | string | null | undefined, language: string): string {
  if (amount === null || amount === undefined || amount === '') return '';
  const text = typeof amount === 'string' ? amount.trim() : String(amount);
  if (!/^-?\d+$/.test(text)) return text;
  // BigInt keeps amounts beyond 2^53 exact; Intl formats bigint too.
  const grouped = new Intl.NumberFormat(localeOf(language)).format(BigInt(text));
  return language === 'en' ? `₩${grouped}` : `${grouped}원`;
}

/** A count with thousands separators. */
export function formatCount(n: number | null | undefined, language: string): string {
  return n === null || n === undefined ? '' : new Intl.NumberFormat(localeOf(language)).format(n);
}

/** A rate in basis points as a percent with two decimals (350 -> "3.50%"). */
export function formatRateBp(bp: number | string | null | undefined, language: string): string {
  if (bp === null || bp === undefined || bp === '') return '';
  const n = Number(bp);
  if (!Number.isFinite(n)) return String(bp);
  return `${new Intl.NumberFormat(localeOf(language), { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(n / 100)}%`;
}

/**
 * A percent typed by a user ("3.5", "3.50", "3,5") as exact basis points
 * (350), or null when it is not a percent with at most two decimals: string
 * arithmetic, never floating point, so 4.35% is 435 and not 434.99….
 */
export function percentToBp(input: string): number | null {
  const m = /^\s*(-?)(\d{1,3})(?:[.,](\d{0,2}))?\s*%?\s*$/.exec(input);
  if (!m) return null;
  const bp = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -bp : bp;
}

/** A calendar date (YYYY-MM-DD or an ISO instant) in the language's style, in Korean time. */
export function formatDate(value: string | Date | null | undefined, language: string): string {
  if (!value) return '';
  const date = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00+09:00`) : new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  if (language !== 'en') return new Date(date.getTime() + 9 * 3600_000).toISOString().slice(0, 10);
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'Asia/Seoul' }).format(date);
}

/** A date and time in Korean time ("2026-12-07 14:05" / "7 Dec 2026, 14:05"). */
export function formatDateTime(value: string | Date | null | undefined, language: string): string {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  if (language !== 'en') return new Date(date.getTime() + 9 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'Asia/Seoul' }).format(
    date,
  );
}
