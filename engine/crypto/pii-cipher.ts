import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Encryption at rest and keyed hashing of personal data, from one master key.
 * Two sub-keys are derived with HKDF so the hash key cannot decrypt and the
 * encryption key cannot forge look-up hashes.
 *
 * Ciphertext format: `v1.<iv>.<tag>.<data>` (base64url, AES-256-GCM, 96-bit
 * random IV). The version prefix leaves room for key rotation.
 */
export class PiiCipher {
  private readonly encKey: Buffer;
  private readonly hashKey: Buffer;

  constructor(masterKey: Buffer) {
    this.encKey = Buffer.from(hkdfSync('sha256', masterKey, 'bank-crm', 'pii-encryption-v1', 32));
    this.hashKey = Buffer.from(hkdfSync('sha256', masterKey, 'bank-crm', 'pii-lookup-hash-v1', 32));
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encKey, iv);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join('.');
  }

  decrypt(sealed: string): string {
    const [version, iv, tag, data] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || data === undefined) throw new Error('unrecognised ciphertext format');
    const authTag = Buffer.from(tag, 'base64url');
    // A shortened tag would make forgery cheap: only the full 128-bit tag is accepted.
    if (authTag.length !== 16) throw new Error('invalid authentication tag length');
    const decipher = createDecipheriv('aes-256-gcm', this.encKey, Buffer.from(iv, 'base64url'), { authTagLength: 16 });
    decipher.setAuthTag(authTag);
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** Keyed hash of an already-normalised value; `kind` keeps e-mail and mobile hashes apart. */
  lookupHash(kind: 'mobile' | 'email', normalised: string): string {
    return createHmac('sha256', this.hashKey).update(`${kind}:${normalised}`).digest('hex');
  }
}
