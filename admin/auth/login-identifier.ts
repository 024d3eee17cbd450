import { createHmac } from 'node:crypto';

/**
 * What the audit log keeps of an identifier typed into the login form that
 * matches no account. People type passwords into the e-mail box, so the text
 * itself is never stored: only its length and a keyed hash (HMAC-SHA256,
 * first 16 hex digits), which lets an investigator see that the same unknown
 * identifier was tried again without learning what it was. Without the key
 * the hash cannot be tested against guesses.
 */
export function maskedIdentifier(typed: string, key: string | Buffer): string {
  if (typed.length === 0) return '(empty)';
  const digest = createHmac('sha256', key).update(typed, 'utf8').digest('hex').slice(0, 16);
  return `unknown(${[...typed].length} chars)#${digest}`;
}
