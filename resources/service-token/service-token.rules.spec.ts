import { createHash } from 'node:crypto';
import { apiEntryKey, hashSecret, inScope, issueToken, parseBearer, requestIdPattern, scopeOf, secretMatches } from './service-token.rules.js';

describe('service tokens', () => {
  test('issued as bct_<8 hex>_<43 base64url>, stored as the SHA-256 hex of the secret only', () => {
    const t = issueToken();
    expect(t.plain).toMatch(/^bct_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
    expect(t.plain).toBe(`bct_${t.prefix}_${t.secret}`);
    expect(Buffer.from(t.secret, 'base64url')).toHaveLength(32);
    expect(t.hash).toBe(createHash('sha256').update(t.secret).digest('hex'));
    expect(t.hash).not.toContain(t.secret);
    expect(issueToken().plain).not.toBe(t.plain);
  });

  test('a secret starting with "_" or "-" still parses (the prefix is fixed-length)', () => {
    const fixed = (n: number) => (n === 4 ? Buffer.from('a1b2c3d4', 'hex') : Buffer.alloc(n, 0xfb));
    const t = issueToken(fixed);
    expect(t.secret.startsWith('-') || t.secret.startsWith('_')).toBe(true);
    expect(parseBearer(`Bearer ${t.plain}`)).toEqual({ ok: true, prefix: 'a1b2c3d4', secret: t.secret });
  });

  test('bearer parsing: missing, malformed, other schemes, extra parts', () => {
    const t = issueToken();
    expect(parseBearer(undefined)).toEqual({ ok: false, code: 'tokenMissing' });
    expect(parseBearer('  ')).toEqual({ ok: false, code: 'tokenMissing' });
    expect(parseBearer(`bearer ${t.plain}`).ok).toBe(true);
    for (const bad of [
      t.plain,
      `Basic ${t.plain}`,
      `Bearer ${t.plain} x`,
      `Bearer ${t.plain}x`,
      'Bearer bct_ABCDEF12_' + t.secret,
      `Bearer bct_${t.prefix}_short`,
      `Bearer xyz_${t.prefix}_${t.secret}`,
      `Bearer  ${t.plain}extra`,
    ]) {
      expect(parseBearer(bad)).toEqual({ ok: false, code: 'tokenMalformed' });
    }
  });

  test('secret comparison: the right secret only; a malformed stored hash never matches', () => {
    const t = issueToken();
    expect(secretMatches(t.secret, t.hash)).toBe(true);
    expect(secretMatches(issueToken().secret, t.hash)).toBe(false);
    expect(secretMatches(t.secret, '')).toBe(false);
    expect(secretMatches(t.secret, 'zz')).toBe(false);
    expect(hashSecret('a')).toHaveLength(64);
  });

  test('request ids, entry keys and scope', () => {
    expect(requestIdPattern.test('core-2026.12.01:0001_a')).toBe(true);
    for (const bad of ['', 'a b', 'x'.repeat(101), 'é', 'a/b']) expect(requestIdPattern.test(bad)).toBe(false);
    // The longest key fits journey_instance.entry_key (120).
    expect(apiEntryKey(4294967295, 'x'.repeat(100)).length).toBeLessThanOrEqual(120);
    expect(inScope([1, 2], 2)).toBe(true);
    expect(inScope([1, 2], 3)).toBe(false);
    expect(scopeOf('[1, "2", 3.5, -1, 4]')).toEqual([1, 4]);
    expect(scopeOf(null)).toEqual([]);
  });
});
