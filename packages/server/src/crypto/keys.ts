/**
 * Where the field keys come from. In production: configuration (environment variables fed from
 * the bureau's key management), never the database. On a laptop with nothing configured: a key
 * file created once beside (not inside) the data directory, readable by its owner only, so a
 * backup of the data directory does not carry the keys that open it.
 *
 *   WEIJIAN_FIELD_CIPHER   aes-256-gcm (default) | sm4-gcm
 *   WEIJIAN_FIELD_KEYS     id:base64key[,id:base64key…]   the first seals new values
 *   WEIJIAN_LOOKUP_HASH    hmac-sha256 (default) | hmac-sm3
 *   WEIJIAN_LOOKUP_KEY     base64 key of the look-up hash (≥ 32 bytes)
 *   WEIJIAN_KEY_FILE       the key file used when the two keys above are not set
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { AppError } from '@weijian/core';
import { CIPHERS, LOOKUP_HASHES, type CipherName, type KeyRing, type LookupHash } from './field-cipher';

function bad(zh: string, en: string): never {
  throw new AppError('VALIDATION_FAILED', { zh: `密钥配置有误：${zh}`, en: `Key configuration: ${en}` });
}

function parseKeys(text: string): { keys: Map<string, Buffer>; current: string } {
  const keys = new Map<string, Buffer>();
  let current = '';
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^([A-Za-z0-9_-]{1,32}):([A-Za-z0-9+/=_-]+)$/.exec(part);
    if (!m) {
      bad(`“${part.slice(0, 12)}…”应写作 编号:base64密钥`, `"${part.slice(0, 12)}…" must be id:base64key`);
    }
    const id = m[1] as string;
    if (keys.has(id)) bad(`密钥编号 ${id} 重复`, `key id ${id} appears twice`);
    keys.set(id, Buffer.from(m[2] as string, 'base64'));
    current ||= id;
  }
  if (!current) bad('没有密钥', 'no key given');
  return { keys, current };
}

interface KeyFile {
  cipher: CipherName;
  keys: string;
  lookupHash: LookupHash;
  lookupKey: string;
}

/**
 * The key ring from the environment, or from the key file (created on first use).
 * @throws AppError VALIDATION_FAILED naming what is wrong with the configuration
 */
export function loadKeyRing(
  env: NodeJS.ProcessEnv,
  keyFile: string
): KeyRing & { source: 'environment' | 'file' } {
  const cipher = (env.WEIJIAN_FIELD_CIPHER ?? 'aes-256-gcm') as CipherName;
  if (!CIPHERS.includes(cipher)) {
    bad(`加密算法应为 ${CIPHERS.join('、')}`, `cipher must be one of ${CIPHERS.join(', ')}`);
  }
  const lookupHash = (env.WEIJIAN_LOOKUP_HASH ?? 'hmac-sha256') as LookupHash;
  if (!LOOKUP_HASHES.includes(lookupHash)) {
    bad(
      `检索哈希应为 ${LOOKUP_HASHES.join('、')}`,
      `look-up hash must be one of ${LOOKUP_HASHES.join(', ')}`
    );
  }
  if (env.WEIJIAN_FIELD_KEYS || env.WEIJIAN_LOOKUP_KEY) {
    if (!env.WEIJIAN_FIELD_KEYS || !env.WEIJIAN_LOOKUP_KEY) {
      bad(
        'WEIJIAN_FIELD_KEYS 与 WEIJIAN_LOOKUP_KEY 须同时设置',
        'set both WEIJIAN_FIELD_KEYS and WEIJIAN_LOOKUP_KEY'
      );
    }
    const lookupKey = Buffer.from(env.WEIJIAN_LOOKUP_KEY, 'base64');
    if (lookupKey.length < 32) bad('检索密钥至少 32 字节', 'the look-up key needs at least 32 bytes');
    return { cipher, lookupHash, lookupKey, ...parseKeys(env.WEIJIAN_FIELD_KEYS), source: 'environment' };
  }
  if (!existsSync(keyFile)) {
    const bytes = cipher === 'sm4-gcm' ? 16 : 32;
    const file: KeyFile = {
      cipher,
      keys: `k1:${randomBytes(bytes).toString('base64')}`,
      lookupHash,
      lookupKey: randomBytes(32).toString('base64'),
    };
    writeFileSync(keyFile, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(keyFile, 0o600);
  }
  const file = JSON.parse(readFileSync(keyFile, 'utf8')) as KeyFile;
  return {
    cipher: file.cipher,
    lookupHash: file.lookupHash,
    lookupKey: Buffer.from(file.lookupKey, 'base64'),
    ...parseKeys(file.keys),
    source: 'file',
  };
}
