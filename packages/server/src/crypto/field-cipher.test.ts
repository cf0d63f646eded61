import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FieldCipher, type KeyRing } from './field-cipher';
import { loadKeyRing } from './keys';

const ring = (cipher: KeyRing['cipher'], keys: [string, number][]): KeyRing => ({
  cipher,
  keys: new Map(keys.map(([id, fill]) => [id, Buffer.alloc(cipher === 'sm4-gcm' ? 16 : 32, fill)])),
  current: keys[0]?.[0] ?? '',
  lookupHash: cipher === 'sm4-gcm' ? 'hmac-sm3' : 'hmac-sha256',
  lookupKey: Buffer.alloc(32, 9),
});

describe.each(['aes-256-gcm', 'sm4-gcm'] as const)('identifying fields sealed with %s', (cipher) => {
  const c = new FieldCipher(ring(cipher, [['k1', 1]]));

  it('opens what it sealed, and never seals the same value the same way twice', () => {
    const a = c.seal('11010519491231002X', 'resident.id_number');
    const b = c.seal('11010519491231002X', 'resident.id_number');
    expect(a).not.toBe(b);
    expect(a).not.toContain('11010519491231002X');
    expect(a.split('.').slice(0, 3)).toEqual(['wj1', cipher, 'k1']);
    expect(c.open(a, 'resident.id_number')).toBe('11010519491231002X');
    expect(c.open(c.seal('张三', 'resident.name'), 'resident.name')).toBe('张三');
  });

  it('refuses a value moved to another place or tampered with, naming the place', () => {
    const a = c.seal('13800138000', 'resident.phone');
    expect(() => c.open(a, 'resident.id_number')).toThrow(/resident\.id_number/);
    const parts = a.split('.');
    // Change the first character of the ciphertext to another one (never to itself).
    const first = parts[4]?.[0] ?? 'A';
    parts[4] = `${first === 'A' ? 'B' : 'A'}${parts[4]?.slice(1) ?? ''}`;
    expect(() => c.open(parts.join('.'), 'resident.phone')).toThrow(/cannot be opened/);
  });

  it('rotates keys: old values open, new ones use the new key, and say which are stale', () => {
    const old = c.seal('13800138000', 'resident.phone');
    const rotated = new FieldCipher(
      ring(cipher, [
        ['k2', 2],
        ['k1', 1],
      ])
    );
    expect(rotated.open(old, 'resident.phone')).toBe('13800138000');
    expect(rotated.stale(old)).toBe(true);
    const fresh = rotated.seal('13800138000', 'resident.phone');
    expect(fresh.split('.')[2]).toBe('k2');
    expect(rotated.stale(fresh)).toBe(false);
    // A key taken out of the ring no longer opens what it sealed.
    expect(() => new FieldCipher(ring(cipher, [['k2', 2]])).open(old, 'resident.phone')).toThrow(/k1/);
  });

  it('hashes for look-up by kind, under its own key', () => {
    expect(c.lookup('resident_id', '11010519491231002X')).toBe(c.lookup('resident_id', '11010519491231002X'));
    expect(c.lookup('resident_id', '11010519491231002X')).not.toBe(c.lookup('phone', '11010519491231002X'));
    const other = new FieldCipher({ ...ring(cipher, [['k1', 1]]), lookupKey: Buffer.alloc(32, 8) });
    expect(other.lookup('resident_id', '11010519491231002X')).not.toBe(
      c.lookup('resident_id', '11010519491231002X')
    );
  });
});

describe('the key configuration', () => {
  it('reads keys from the environment, the first sealing new values', () => {
    const k = (n: number) => Buffer.alloc(32, n).toString('base64');
    const r = loadKeyRing(
      { WEIJIAN_FIELD_KEYS: `new:${k(2)},old:${k(1)}`, WEIJIAN_LOOKUP_KEY: k(3) },
      '/nonexistent'
    );
    expect(r).toMatchObject({ cipher: 'aes-256-gcm', current: 'new', source: 'environment' });
    expect([...r.keys.keys()]).toEqual(['new', 'old']);
  });

  it('refuses a half configuration or a wrong length, in both languages', () => {
    expect(() =>
      loadKeyRing({ WEIJIAN_FIELD_KEYS: `a:${Buffer.alloc(32).toString('base64')}` }, '/x')
    ).toThrow(/WEIJIAN_LOOKUP_KEY/);
    const ringOf = loadKeyRing(
      {
        WEIJIAN_FIELD_CIPHER: 'sm4-gcm',
        WEIJIAN_FIELD_KEYS: `a:${Buffer.alloc(32).toString('base64')}`,
        WEIJIAN_LOOKUP_KEY: Buffer.alloc(32).toString('base64'),
      },
      '/x'
    );
    expect(() => new FieldCipher(ringOf)).toThrow(/16 bytes/);
  });

  it('creates a key file readable by its owner only when nothing is configured, and reuses it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'wj-keys-')), 'keys.json');
    const first = loadKeyRing({ WEIJIAN_FIELD_CIPHER: 'sm4-gcm' }, file);
    expect(first).toMatchObject({ cipher: 'sm4-gcm', source: 'file', current: 'k1' });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = loadKeyRing({}, file);
    expect(again.keys.get('k1')?.equals(first.keys.get('k1') as Buffer)).toBe(true);
    const sealed = new FieldCipher(first).seal('x', 'p');
    expect(new FieldCipher(again).open(sealed, 'p')).toBe('x');
  });
});
