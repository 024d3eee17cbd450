import { createHash, createHmac, randomBytes } from 'node:crypto';
import { PiiCipher } from './pii-cipher.js';

const key = Buffer.from('dGVzdC1vbmx5LXBpaS1rZXktbm90LWEtc2VjcmV0LTMyYg==', 'base64');
const cipher = new PiiCipher(key);

/** Flips one bit of the base64url part `index` (1 iv, 2 tag, 3 data) of a sealed value. */
function tamper(sealed: string, index: number): string {
  const parts = sealed.split('.');
  const bytes = Buffer.from(parts[index]!, 'base64url');
  bytes[0] = bytes[0]! ^ 0x01;
  parts[index] = bytes.toString('base64url');
  return parts.join('.');
}

describe('encryption', () => {
  test.each([['010-1234-5678'], ['hong.gildong@example.com'], ['홍길동 😀'], ['']])('%p survives a round trip', (plain) => {
    expect(cipher.decrypt(cipher.encrypt(plain))).toBe(plain);
  });

  test('the sealed form is v1.<iv>.<tag>.<data>, never contains the plain text, and differs on every call (random IV)', () => {
    const a = cipher.encrypt('010-1234-5678');
    const b = cipher.encrypt('010-1234-5678');
    expect(a).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(a).not.toBe(b);
    expect(a.split('.')[1]).not.toBe(b.split('.')[1]);
    expect(a).not.toContain('1234');
    expect(Buffer.from(a.split('.')[3]!, 'base64url').toString('utf8')).not.toContain('1234');
  });

  test.each([
    [1, 'IV'],
    [2, 'tag'],
    [3, 'data'],
  ])('tampering with part %i (%s) fails GCM authentication', (index) => {
    const sealed = cipher.encrypt('010-1234-5678');
    expect(() => cipher.decrypt(tamper(sealed, index))).toThrow(/unable to authenticate|auth/i);
  });

  test('a truncated tag is refused rather than weakening authentication', () => {
    const [v, iv, tag, data] = cipher.encrypt('010-1234-5678').split('.');
    const short = Buffer.from(tag!, 'base64url').subarray(0, 4).toString('base64url');
    expect(() => cipher.decrypt([v, iv, short, data].join('.'))).toThrow();
  });

  test('another key cannot decrypt', () => {
    const other = new PiiCipher(randomBytes(32));
    expect(() => other.decrypt(cipher.encrypt('010-1234-5678'))).toThrow();
  });

  test.each([['v2.a.b.c'], ['plain text'], ['v1.onlyiv'], ['v1.iv.tag'], ['']])('%p is not a recognised ciphertext', (sealed) => {
    expect(() => cipher.decrypt(sealed)).toThrow('unrecognised ciphertext format');
  });
});

describe('look-up hashes', () => {
  test('are deterministic 64-character hex digests, the same across instances built from the same key', () => {
    const h = cipher.lookupHash('mobile', '010-1234-5678');
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(new PiiCipher(Buffer.from(key)).lookupHash('mobile', '010-1234-5678')).toBe(h);
  });

  test('differ between values, between kinds and between keys', () => {
    const h = cipher.lookupHash('mobile', '010-1234-5678');
    expect(cipher.lookupHash('mobile', '010-1234-5679')).not.toBe(h);
    expect(cipher.lookupHash('email', '010-1234-5678')).not.toBe(h);
    expect(new PiiCipher(randomBytes(32)).lookupHash('mobile', '010-1234-5678')).not.toBe(h);
  });

  test('are keyed with a derived key: not a plain SHA-256 and not an HMAC under the master key', () => {
    const h = cipher.lookupHash('email', 'hong@example.com');
    expect(h).not.toBe(createHash('sha256').update('email:hong@example.com').digest('hex'));
    expect(h).not.toBe(createHash('sha256').update('hong@example.com').digest('hex'));
    expect(h).not.toBe(createHmac('sha256', key).update('email:hong@example.com').digest('hex'));
  });

  test('the hash never appears in the ciphertext and vice versa', () => {
    const sealed = cipher.encrypt('010-1234-5678');
    const hash = cipher.lookupHash('mobile', '010-1234-5678');
    expect(sealed).not.toContain(hash.slice(0, 16));
  });
});
