/**
 * Finding duplicates without decrypting everyone: the blocking keys of a record (core
 * identity/blocking.ts, hashed under the look-up key in `resident_blocking`) name the few residents
 * worth comparing; those are opened and scored by the one matcher (core identity/match.ts). An
 * identical valid identifier never reaches here — the identifier index refuses it first — so every
 * pair scored `match` or `possible` goes to the review queue, where a person decides.
 */
import { comparePrepared, type MatchResult, type PreparedResident } from '@weijian/core';
import type { FieldCipher } from '../../crypto/field-cipher';
import type { Db } from '../../db/connection';
import { prepared } from './identity';
import * as residents from './repository/residents';
import { matchFields, openResident } from './view';

/** A resident already in the index that may be the same person. */
export interface Candidate {
  residentId: number;
  result: MatchResult;
}

/**
 * Score the residents sharing a blocking key with each record against it. Records are given as
 * prepared form plus hashed keys; `exclude` holds ids never to propose (the record itself).
 * Returns, per record, the pairs the matcher does not call distinct.
 */
export async function candidatesInIndex(
  db: Db,
  cipher: FieldCipher,
  today: string,
  records: readonly { prepared: PreparedResident; hashes: readonly string[]; exclude?: number }[]
): Promise<Candidate[][]> {
  const allHashes = [...new Set(records.flatMap((r) => r.hashes))];
  const mates = await residents.blockMates(db, allHashes);
  if (mates.length === 0) return records.map(() => []);
  const byHash = new Map<string, number[]>();
  for (const m of mates) {
    const list = byHash.get(m.keyHash) ?? [];
    list.push(m.residentId);
    byHash.set(m.keyHash, list);
  }
  const ids = [...new Set(mates.map((m) => m.residentId))];
  const rows = await residents.residentsByIds(db, ids);
  const idents = await residents.identifiersOf(db, ids);
  const preparedById = new Map<number, PreparedResident>();
  for (const row of rows) {
    preparedById.set(row.id, prepared(matchFields(openResident(cipher, row, idents)), today));
  }
  return records.map((r) => {
    const seen = new Set<number>();
    const out: Candidate[] = [];
    for (const h of r.hashes) {
      for (const id of byHash.get(h) ?? []) {
        if (seen.has(id) || id === r.exclude) continue;
        seen.add(id);
        const other = preparedById.get(id);
        if (!other) continue;
        const result = comparePrepared(r.prepared, other);
        if (result.decision !== 'distinct') out.push({ residentId: id, result });
      }
    }
    return out.sort((a, b) => b.result.score - a.result.score);
  });
}
