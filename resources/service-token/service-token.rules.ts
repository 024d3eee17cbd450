import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Service tokens of bank systems, without I/O.
 *
 * A token is `bct_<prefix>_<secret>`: `prefix` is 8 random hex characters
 * that name the token (stored in clear, shown in the console and the audit
 * log, used to find the row), `secret` is 256 random bits in base64url (43
 * characters), shown once when the token is issued and stored only as its
 * SHA-256. A fast hash is right here, unlike for passwords: a password is
 * chosen by a person, so whoever steals the hashes tries likely passwords
 * first, and only a deliberately slow, salted hash (scrypt) makes each of
 * those guesses expensive. This secret is 256 bits from the CSPRNG: there is
 * no likely value to try first and 2^256 values to try in all, which stays
 * out of reach however fast the hash is; salting adds nothing either (no
 * two secrets are alike, no table can precompute them). And a fast hash
 * keeps verification cheap on a route anyone on the network can call,
 * where a slow one would hand attackers a way to exhaust the CPU.
 */
export const tokenScheme = 'bct';
const tokenPattern = /^bct_([0-9a-f]{8})_([A-Za-z0-9_-]{43})$/;

export interface IssuedToken {
  prefix: string;
  secret: string;
  /** What the bank system keeps: shown once. */
  plain: string;
  hash: string;
}

export function issueToken(random: (n: number) => Buffer = randomBytes): IssuedToken {
  const prefix = random(4).toString('hex');
  const secret = random(32).toString('base64url');
  return { prefix, secret, plain: `${tokenScheme}_${prefix}_${secret}`, hash: hashSecret(secret) };
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Compares in constant time (both sides are 32-byte digests, so length leaks nothing either). */
export function secretMatches(secret: string, storedHash: string): boolean {
  const sent = createHash('sha256').update(secret, 'utf8').digest();
  const stored = Buffer.from(/^[0-9a-f]{64}$/.test(storedHash) ? storedHash : '0'.repeat(64), 'hex');
  return timingSafeEqual(sent, stored);
}

export type BearerVerdict = { ok: true; prefix: string; secret: string } | { ok: false; code: 'tokenMissing' | 'tokenMalformed' };

/** The token from an Authorization header: exactly `Bearer <token>` (scheme case-insensitive), nothing else. */
export function parseBearer(header: string | undefined): BearerVerdict {
  if (header === undefined || header.trim() === '') return { ok: false, code: 'tokenMissing' };
  const m = /^Bearer ([^\s]+)$/i.exec(header.trim());
  if (!m) return { ok: false, code: 'tokenMalformed' };
  const t = tokenPattern.exec(m[1]!);
  if (!t) return { ok: false, code: 'tokenMalformed' };
  return { ok: true, prefix: t[1]!, secret: t[2]! };
}

/** A request id of the calling system: 1–100 characters of A-Z a-z 0-9 _ . : - */
export const requestIdPattern = /^[A-Za-z0-9_.:-]{1,100}$/;
/** A customer number as the bank's systems hold it. */
export const customerNoPattern = /^[A-Za-z0-9]{1,20}$/;

/** The journey entry key of an API start: one per token and request id, so a repeated request starts nothing twice. */
export const apiEntryKey = (tokenId: number, requestId: string) => `api:${tokenId}:${requestId}`;

/** Whether the token's scope (journey ids) covers the journey. */
export const inScope = (journeyIds: readonly number[], journeyId: number) => journeyIds.includes(journeyId);

/** A scope as stored (JSON), read defensively: anything but positive integers is dropped. */
export function scopeOf(stored: unknown): number[] {
  const v = typeof stored === 'string' ? JSON.parse(stored) : stored;
  return Array.isArray(v) ? v.filter((n): n is number => Number.isInteger(n) && n > 0) : [];
}
