/**
 * Encryption of identifying fields at rest (个人信息保护法 Art. 28, 51; 等保 2.0): a resident's ID
 * number, phone, name … are stored only sealed, with a keyed hash beside them for look-up.
 *
 * - Cipher by configuration: AES-256-GCM (Node's own) or SM4-GCM (国密, `gcm.ts`).
 * - Keys come from configuration (or a key file outside the database), never from the database.
 *   Each sealed value names the key that sealed it, so keys can rotate: new writes use the current
 *   key, old values open with theirs until re-sealed.
 * - The associated data binds a value to its place (`resident.id_number`), so a sealed value moved
 *   to another column does not open.
 * - Look-up hashes are HMAC-SHA-256 or HMAC-SM3 under a separate key: equality search without
 *   decrypting, and no dictionary attack on ID numbers without the key.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  createSecretKey,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { AppError } from '@weijian/core';
import { sm4GcmDecrypt, sm4GcmEncrypt } from './gcm';

export const CIPHERS = ['aes-256-gcm', 'sm4-gcm'] as const;
export type CipherName = (typeof CIPHERS)[number];
export const LOOKUP_HASHES = ['hmac-sha256', 'hmac-sm3'] as const;
export type LookupHash = (typeof LOOKUP_HASHES)[number];

const KEY_BYTES: Record<CipherName, number> = { 'aes-256-gcm': 32, 'sm4-gcm': 16 };

export interface KeyRing {
  cipher: CipherName;
  /** Keys by id; `current` seals new values. */
  keys: ReadonlyMap<string, Buffer>;
  current: string;
  lookupHash: LookupHash;
  lookupKey: Buffer;
}

const PREFIX = 'wj1';

function b64(b: Buffer): string {
  return b.toString('base64url');
}

/** Seals and opens identifying fields, and hashes them for look-up. */
export class FieldCipher {
  /** Key objects made once: building one from raw bytes on every call dominated bulk imports. */
  private readonly secrets = new Map<string, KeyObject>();
  private readonly lookupSecret: KeyObject;

  constructor(private readonly ring: KeyRing) {
    for (const [id, key] of ring.keys) {
      if (key.length !== KEY_BYTES[ring.cipher]) {
        throw new AppError('VALIDATION_FAILED', {
          zh: `密钥 ${id} 长度应为 ${KEY_BYTES[ring.cipher]} 字节（${ring.cipher}）`,
          en: `Key ${id} must be ${KEY_BYTES[ring.cipher]} bytes for ${ring.cipher}`,
        });
      }
    }
    if (!ring.keys.has(ring.current)) throw new Error(`current key ${ring.current} is not in the key ring`);
    for (const [id, key] of ring.keys) this.secrets.set(id, createSecretKey(key));
    this.lookupSecret = createSecretKey(ring.lookupKey);
  }

  /** The cipher in use, for the audit of configuration. */
  get cipher(): CipherName {
    return this.ring.cipher;
  }

  /** Seal a value for a place (`resident.id_number`): `wj1.<cipher>.<key id>.<iv>.<ciphertext>.<tag>`. */
  seal(plaintext: string, place: string): string {
    const key = this.ring.keys.get(this.ring.current) as Buffer;
    const iv = randomBytes(12);
    const aad = Buffer.from(place, 'utf8');
    const data = Buffer.from(plaintext, 'utf8');
    let ct: Buffer;
    let tag: Buffer;
    if (this.ring.cipher === 'sm4-gcm') {
      ({ ct, tag } = sm4GcmEncrypt(key, iv, data, aad));
    } else {
      const c = createCipheriv('aes-256-gcm', this.secrets.get(this.ring.current) ?? key, iv);
      c.setAAD(aad);
      ct = Buffer.concat([c.update(data), c.final()]);
      tag = c.getAuthTag();
    }
    return [PREFIX, this.ring.cipher, this.ring.current, b64(iv), b64(ct), b64(tag)].join('.');
  }

  /**
   * Open a sealed value.
   * @throws AppError INTERNAL when the value is damaged, sealed for another place, or its key is gone
   */
  open(sealed: string, place: string): string {
    const parts = sealed.split('.');
    const [prefix, cipher, keyId, iv, ct, tag] = parts;
    const key = keyId === undefined ? undefined : this.ring.keys.get(keyId);
    const fail = (why: string): never => {
      throw new AppError('INTERNAL', {
        zh: `加密字段无法解密（${place}）：${why}`,
        en: `An encrypted field cannot be opened (${place}): ${why}`,
      });
    };
    if (parts.length !== 6 || prefix !== PREFIX || !CIPHERS.includes(cipher as CipherName)) fail('format');
    if (!key) return fail(`key ${keyId ?? '?'} is not configured`);
    const ivb = Buffer.from(iv ?? '', 'base64url');
    const ctb = Buffer.from(ct ?? '', 'base64url');
    const tagb = Buffer.from(tag ?? '', 'base64url');
    const aad = Buffer.from(place, 'utf8');
    try {
      if (cipher === 'sm4-gcm') return sm4GcmDecrypt(key, ivb, ctb, tagb, aad).toString('utf8');
      const d = createDecipheriv(
        'aes-256-gcm',
        (keyId === undefined ? undefined : this.secrets.get(keyId)) ?? key,
        ivb
      );
      d.setAAD(aad);
      d.setAuthTag(tagb);
      return Buffer.concat([d.update(ctb), d.final()]).toString('utf8');
    } catch {
      return fail('authentication');
    }
  }

  /** Whether a sealed value was sealed with a key other than the current one (to re-seal). */
  stale(sealed: string): boolean {
    const parts = sealed.split('.');
    return parts[1] !== this.ring.cipher || parts[2] !== this.ring.current;
  }

  /** The look-up hash of a normalised value of a kind (`resident_id`, `phone` …). */
  lookup(kind: string, normalized: string): string {
    const algorithm = this.ring.lookupHash === 'hmac-sm3' ? 'sm3' : 'sha256';
    return createHmac(algorithm, this.lookupSecret).update(`${kind}\u0000${normalized}`).digest('base64url');
  }
}
