/** Values unique within a test file's run: stamps, mobile numbers no demo customer has, random hangul. */

let seq = 0;
/** Seven digits of the clock and a per-file counter, e.g. for customer numbers and e-mails. */
export const stamp = () => `${String(Date.now()).slice(-7)}${String(++seq).padStart(3, '0')}`;

export interface Mobile {
  formatted: string;
  digits: string;
  mid: string;
  last4: string;
}
const used = new Set<string>();
/** A mobile number no demo customer has (demo numbers stay below 010-9154-...). */
export function freshMobile(): Mobile {
  for (;;) {
    const mid = String(9600 + Math.floor(Math.random() * 400));
    const last4 = String(Math.floor(Math.random() * 10_000)).padStart(4, '0');
    const formatted = `010-${mid}-${last4}`;
    if (used.has(formatted)) continue;
    used.add(formatted);
    return { formatted, digits: `010${mid}${last4}`, mid, last4 };
  }
}

/** Hangul syllables no demo name is likely to start with (random, from the whole block). */
export const hangul = (n: number) => Array.from({ length: n }, () => String.fromCharCode(0xac00 + Math.floor(Math.random() * 11172))).join('');
