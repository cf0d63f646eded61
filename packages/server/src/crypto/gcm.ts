/**
 * GCM (NIST SP 800-38D) over a 128-bit block cipher, for SM4: Node's OpenSSL has the SM4 block
 * cipher (`sm4-ecb`, `sm4-ctr`) but no `sm4-gcm`. GB/T 36624 and RFC 8998 define SM4-GCM as this
 * same construction; the tests check RFC 8998's own vector. AES-256-GCM uses Node's native mode.
 */
import { createCipheriv, timingSafeEqual } from 'node:crypto';

type Block = [number, number, number, number];

function toBlock(b: Buffer, at = 0): Block {
  return [b.readUInt32BE(at), b.readUInt32BE(at + 4), b.readUInt32BE(at + 8), b.readUInt32BE(at + 12)];
}

/** Multiply in GF(2^128) with GCM's bit order (SP 800-38D, algorithm 1). */
function gmul(x: Block, y: Block): Block {
  const z: Block = [0, 0, 0, 0];
  const v: Block = [y[0], y[1], y[2], y[3]];
  for (let i = 0; i < 128; i++) {
    if (((x[i >>> 5] ?? 0) >>> (31 - (i & 31))) & 1) {
      z[0] ^= v[0];
      z[1] ^= v[1];
      z[2] ^= v[2];
      z[3] ^= v[3];
    }
    const lsb = v[3] & 1;
    v[3] = (v[3] >>> 1) | ((v[2] & 1) << 31);
    v[2] = (v[2] >>> 1) | ((v[1] & 1) << 31);
    v[1] = (v[1] >>> 1) | ((v[0] & 1) << 31);
    v[0] = v[0] >>> 1;
    if (lsb) v[0] ^= 0xe1000000;
  }
  return [z[0] >>> 0, z[1] >>> 0, z[2] >>> 0, z[3] >>> 0];
}

function ghash(h: Block, aad: Buffer, ct: Buffer): Buffer {
  let y: Block = [0, 0, 0, 0];
  const absorb = (data: Buffer): void => {
    for (let i = 0; i < data.length; i += 16) {
      const chunk = Buffer.alloc(16);
      data.copy(chunk, 0, i, Math.min(i + 16, data.length));
      const b = toBlock(chunk);
      y = gmul([y[0] ^ b[0], y[1] ^ b[1], y[2] ^ b[2], y[3] ^ b[3]], h);
    }
  };
  absorb(aad);
  absorb(ct);
  const lengths = Buffer.alloc(16);
  lengths.writeBigUInt64BE(BigInt(aad.length) * 8n, 0);
  lengths.writeBigUInt64BE(BigInt(ct.length) * 8n, 8);
  absorb(lengths);
  const out = Buffer.alloc(16);
  y.forEach((w, i) => out.writeUInt32BE(w >>> 0, i * 4));
  return out;
}

function encryptBlock(key: Buffer, block: Buffer): Buffer {
  const c = createCipheriv('sm4-ecb', key, null);
  c.setAutoPadding(false);
  return Buffer.concat([c.update(block), c.final()]);
}

function counter(key: Buffer, j0: Buffer, data: Buffer): Buffer {
  // CTR from inc32(J0). OpenSSL counts over all 128 bits, GCM over the last 32: the same for any
  // message shorter than 2^32 − 2 blocks starting from a 96-bit IV's J0 (…00000001).
  const start = Buffer.from(j0);
  start.writeUInt32BE((start.readUInt32BE(12) + 1) >>> 0, 12);
  const c = createCipheriv('sm4-ctr', key, start);
  return Buffer.concat([c.update(data), c.final()]);
}

function setup(key: Buffer, iv: Buffer): { h: Block; j0: Buffer } {
  if (key.length !== 16) throw new Error('SM4 keys are 16 bytes');
  if (iv.length !== 12) throw new Error('SM4-GCM takes a 96-bit IV');
  const j0 = Buffer.concat([iv, Buffer.from([0, 0, 0, 1])]);
  return { h: toBlock(encryptBlock(key, Buffer.alloc(16))), j0 };
}

/** SM4-GCM encryption: the ciphertext and a 128-bit tag. */
export function sm4GcmEncrypt(
  key: Buffer,
  iv: Buffer,
  plaintext: Buffer,
  aad: Buffer
): { ct: Buffer; tag: Buffer } {
  const { h, j0 } = setup(key, iv);
  const ct = counter(key, j0, plaintext);
  const s = ghash(h, aad, ct);
  const ek = encryptBlock(key, j0);
  return { ct, tag: Buffer.from(s.map((b, i) => b ^ (ek[i] ?? 0))) };
}

/** SM4-GCM decryption; the tag is checked (in constant time) before anything is decrypted. */
export function sm4GcmDecrypt(key: Buffer, iv: Buffer, ct: Buffer, tag: Buffer, aad: Buffer): Buffer {
  const { h, j0 } = setup(key, iv);
  const s = ghash(h, aad, ct);
  const ek = encryptBlock(key, j0);
  const expected = Buffer.from(s.map((b, i) => b ^ (ek[i] ?? 0)));
  if (tag.length !== 16 || !timingSafeEqual(expected, tag)) throw new Error('authentication failed');
  return counter(key, j0, ct);
}
