import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { AppConfig } from '../config/load-config.js';

/**
 * The master key for personal data. Production must pass PII_KEY (loadConfig
 * refuses to start without it). On a developer machine a random key is made
 * once and kept in PII_KEY_FILE (git-ignored), so the demo data stays
 * readable across restarts and no key ever sits in the repository.
 */
export function resolvePiiKey(config: AppConfig, log: (line: string) => void = () => {}): Buffer {
  if (config.pii.key) return decodeKey(config.pii.key);
  const file = config.pii.keyFile;
  if (existsSync(file)) return decodeKey(readFileSync(file, 'utf8').trim());
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 });
  chmodSync(file, 0o600);
  log(`generated a development key for personal data in ${file} (set PII_KEY in production)`);
  return decodeKey(readFileSync(file, 'utf8').trim());
}

function decodeKey(text: string): Buffer {
  const key = /^[0-9a-fA-F]{64,}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length < 32) throw new Error('PII key must be at least 32 bytes');
  return key;
}
