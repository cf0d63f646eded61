/**
 * Blocking: which pairs of records are worth comparing. Two records become a candidate pair when
 * they share at least one blocking key; each key is built so that a duplicate with one or two
 * noisy fields still shares some key with its original. `candidatePairs` finds the pairs of a
 * whole set by sorting hashed keys (no map of strings, so a million records fit in memory) and
 * visits each pair once, under the first key kind the two records share.
 */
import type { PreparedResident, ResidentRecord } from './record';
import { prepareResident, type PrepareOptions } from './record';

/** The kinds of blocking key, in the order candidate pairs are attributed to them. */
export const BLOCKING_KINDS = [
  'id',
  'birth+surname',
  'phone8',
  'name+year',
  'name+monthday',
  'birth+given',
  'address+surname',
] as const;

export type BlockingKind = (typeof BLOCKING_KINDS)[number];

export interface BlockingKey {
  kind: BlockingKind;
  key: string;
}

function isPrepared(r: ResidentRecord | PreparedResident): r is PreparedResident {
  return typeof (r as PreparedResident).fuzzy === 'string';
}

/**
 * The blocking keys of a record: its identifier (valid, or as typed); birth date with the fuzzy
 * surname; the phone's last eight digits; the fuzzy full name with the birth year, and with the
 * month and day (a mistyped year); birth date with the fuzzy given name (a mistyped surname); the
 * most specific parts of the address with the fuzzy surname. Keys whose parts are missing are left out.
 */
export function blockingKeys(
  record: ResidentRecord | PreparedResident,
  options: PrepareOptions = {}
): BlockingKey[] {
  const r = isPrepared(record) ? record : prepareResident(record, options);
  const out: BlockingKey[] = [];
  const id = r.id !== '' ? r.id : r.idRaw;
  if (id.length >= 6) out.push({ kind: 'id', key: id });
  const fz = r.fuzzy.split(' ');
  const surname = fz.slice(0, r.surnameLength).join('');
  const given = fz.slice(r.surnameLength).join('');
  const hasName = r.name !== '';
  const hasBirth = r.birth.length === 8;
  if (hasBirth && hasName) out.push({ kind: 'birth+surname', key: `${r.birth}|${surname}` });
  if (r.phone !== '') out.push({ kind: 'phone8', key: r.phone.slice(-8) });
  if (hasBirth && hasName) {
    out.push({ kind: 'name+year', key: `${fz.join('')}|${r.birth.slice(0, 4)}` });
    out.push({ kind: 'name+monthday', key: `${fz.join('')}|${r.birth.slice(4)}` });
    if (given !== '') out.push({ kind: 'birth+given', key: `${r.birth}|${given}` });
  }
  const parts = r.address === '' ? [] : r.address.split('|');
  if (parts.length >= 3 && hasName) {
    out.push({ kind: 'address+surname', key: `${parts.slice(-3).join('|')}|${surname}` });
  }
  return out;
}

/** FNV-1a, 32 bits, never 0 (0 marks "no key"). */
export function hashKey(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0 || 1;
}

/** Hashed blocking keys of a set of records: one column per kind, 0 where a record has no such key. */
export class BlockingIndex {
  readonly columns: Uint32Array[];
  private size = 0;

  constructor(readonly capacity: number) {
    this.columns = BLOCKING_KINDS.map(() => new Uint32Array(capacity));
  }

  /** Adds the next record's keys; returns its index. */
  add(keys: BlockingKey[]): number {
    const i = this.size++;
    if (i >= this.capacity) throw new RangeError('blocking index is full');
    for (const k of keys) {
      const col = this.columns[BLOCKING_KINDS.indexOf(k.kind)];
      if (col) col[i] = hashKey(`${k.kind}:${k.key}`);
    }
    return i;
  }

  get length(): number {
    return this.size;
  }
}

export interface CandidateStats {
  pairs: number;
  /** Pairs first found under each kind. */
  byKind: Record<BlockingKind, number>;
  /** Blocks larger than maxBlock, skipped (a shared switchboard number, a placeholder ID). */
  skippedBlocks: number;
}

/**
 * Visits every candidate pair (i < j) once. Blocks with more than `maxBlock` records are skipped:
 * a key shared by hundreds of records (a clinic's phone, 000000) identifies nobody. The index's
 * entries for skipped blocks are cleared, so the index serves one pass.
 */
export function candidatePairs(
  index: BlockingIndex,
  visit: (i: number, j: number, kind: BlockingKind) => void,
  maxBlock = 200
): CandidateStats {
  const n = index.length;
  const byKind = Object.fromEntries(BLOCKING_KINDS.map((k) => [k, 0])) as Record<BlockingKind, number>;
  let pairs = 0;
  let skippedBlocks = 0;
  const cols = index.columns;
  for (let k = 0; k < cols.length; k++) {
    const col = cols[k];
    if (!col) continue;
    const kind = BLOCKING_KINDS[k] ?? 'id';
    let m = 0;
    for (let i = 0; i < n; i++) if (col[i] !== 0) m++;
    // Sort (hash, index) packed in 64 bits: a native numeric sort, no comparator calls.
    const packed = new BigUint64Array(m);
    let p = 0;
    for (let i = 0; i < n; i++) {
      const h = col[i] ?? 0;
      if (h !== 0) packed[p++] = (BigInt(h) << 32n) | BigInt(i);
    }
    packed.sort();
    const hashes = new Uint32Array(m);
    const ids = new Uint32Array(m);
    for (let q = 0; q < m; q++) {
      const v = packed[q] ?? 0n;
      hashes[q] = Number(v >> 32n);
      ids[q] = Number(v & 0xffffffffn);
    }
    let start = 0;
    while (start < m) {
      let end = start + 1;
      while (end < m && hashes[end] === hashes[start]) end++;
      const size = end - start;
      if (size > maxBlock) {
        skippedBlocks++;
        // Later kinds must not skip a pair because it shares this unusable key.
        for (let x = start; x < end; x++) col[ids[x] ?? 0] = 0;
      } else if (size > 1) {
        for (let x = start; x < end; x++) {
          for (let y = x + 1; y < end; y++) {
            const i = ids[x] ?? 0;
            const j = ids[y] ?? 0;
            if (sharesEarlierKind(cols, k, i, j)) continue;
            pairs++;
            byKind[kind]++;
            visit(i < j ? i : j, i < j ? j : i, kind);
          }
        }
      }
      start = end;
    }
  }
  return { pairs, byKind, skippedBlocks };
}

function sharesEarlierKind(cols: Uint32Array[], k: number, i: number, j: number): boolean {
  for (let e = 0; e < k; e++) {
    const col = cols[e];
    if (!col) continue;
    const h = col[i] ?? 0;
    if (h !== 0 && h === col[j]) return true;
  }
  return false;
}
