/** SQL for the duplicate review queue (match_candidates) and merges (resident_merges). */
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../../db/types';
import { parseColumn } from '../../../db/json-column';

type Db = Kysely<DB>;

const reasonsSchema = z.array(
  z.object({ field: z.string(), level: z.string(), weight: z.number(), zh: z.string(), en: z.string() })
);

/** A queued pair (a < b). */
export interface CandidateRow {
  id: number;
  aId: number;
  bId: number;
  score: number;
  reasons: z.infer<typeof reasonsSchema>;
  status: 'open' | 'merged' | 'distinct';
  decidedBy: string | null;
  decidedAt: Date | null;
  createdAt: Date;
}

/** Queue pairs for review; a pair already queued is left as it is. The ids of the new rows. */
export async function insertCandidates(
  tx: Db,
  rows: readonly { aId: number; bId: number; score: number; reasons: unknown[]; at: Date }[]
): Promise<{ id: number; aId: number; bId: number }[]> {
  const out: { id: number; aId: number; bId: number }[] = [];
  for (let i = 0; i < rows.length; i += 2000) {
    const chunk = rows.slice(i, i + 2000);
    const res = await tx
      .insertInto('match_candidates')
      .values(
        chunk.map((r) => ({
          a_id: Math.min(r.aId, r.bId),
          b_id: Math.max(r.aId, r.bId),
          score: r.score,
          reasons: JSON.stringify(r.reasons),
          created_at: r.at,
        }))
      )
      .onConflict((oc) => oc.columns(['a_id', 'b_id']).doNothing())
      .returning(['id', 'a_id', 'b_id'])
      .execute();
    for (const r of res) out.push({ id: r.id, aId: r.a_id, bId: r.b_id });
  }
  return out;
}

function toCandidate(r: {
  id: number;
  a_id: number;
  b_id: number;
  score: number;
  reasons: unknown;
  status: 'open' | 'merged' | 'distinct';
  decided_by: string | null;
  decided_at: Date | null;
  created_at: Date;
}): CandidateRow {
  return {
    id: r.id,
    aId: r.a_id,
    bId: r.b_id,
    score: r.score,
    reasons: parseColumn(reasonsSchema, r.reasons, {
      table: 'match_candidates',
      column: 'reasons',
      row: r.id,
    }),
    status: r.status,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    createdAt: r.created_at,
  };
}

/**
 * Open pairs whose both residents' home units lie in `scope`, highest score first.
 */
export async function openCandidates(db: Db, scope: string, limit: number): Promise<CandidateRow[]> {
  const rows = await db
    .selectFrom('match_candidates as m')
    .innerJoin('residents as a', 'a.id', 'm.a_id')
    .innerJoin('residents as b', 'b.id', 'm.b_id')
    .innerJoin('org_units as ua', 'ua.code', 'a.home_unit')
    .innerJoin('org_units as ub', 'ub.code', 'b.home_unit')
    .selectAll('m')
    .where('m.status', '=', 'open')
    .where('ua.path', 'like', `%/${scope}/%`)
    .where('ub.path', 'like', `%/${scope}/%`)
    .orderBy('m.score', 'desc')
    .orderBy('m.id')
    .limit(limit)
    .execute();
  return rows.map(toCandidate);
}

/** One queued pair, locked. */
export async function lockCandidate(tx: Db, id: number): Promise<CandidateRow | undefined> {
  const r = await tx
    .selectFrom('match_candidates')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return r ? toCandidate(r) : undefined;
}

/** The queued pair of two residents, locked, if there is one. */
export async function lockPair(tx: Db, x: number, y: number): Promise<CandidateRow | undefined> {
  const r = await tx
    .selectFrom('match_candidates')
    .selectAll()
    .where('a_id', '=', Math.min(x, y))
    .where('b_id', '=', Math.max(x, y))
    .forUpdate()
    .executeTakeFirst();
  return r ? toCandidate(r) : undefined;
}

/** Set a pair's status and who decided it (null to reopen). */
export async function setCandidate(
  tx: Db,
  id: number,
  s: { status: 'open' | 'merged' | 'distinct'; by: string | null; at: Date | string | null }
): Promise<void> {
  await tx
    .updateTable('match_candidates')
    .set({ status: s.status, decided_by: s.by, decided_at: s.at })
    .where('id', '=', id)
    .execute();
}

/** Insert a merge with its snapshot; its id. */
export async function insertMerge(
  tx: Db,
  m: {
    survivorId: number;
    mergedId: number;
    reason: string;
    moved: Record<string, unknown>;
    actor: string;
    at: Date;
  }
): Promise<number> {
  const r = await tx
    .insertInto('resident_merges')
    .values({
      survivor_id: m.survivorId,
      merged_id: m.mergedId,
      reason: m.reason,
      moved: JSON.stringify(m.moved),
      actor: m.actor,
      at: m.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** A merge, locked, with its snapshot unchecked (the caller checks it with its schema). */
export async function lockMerge(
  tx: Db,
  id: number
): Promise<
  | { id: number; survivorId: number; mergedId: number; moved: unknown; undoneAt: Date | null; at: Date }
  | undefined
> {
  const r = await tx
    .selectFrom('resident_merges')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return r
    ? {
        id: r.id,
        survivorId: r.survivor_id,
        mergedId: r.merged_id,
        moved: r.moved,
        undoneAt: r.undone_at,
        at: r.at,
      }
    : undefined;
}

/** Whether a later merge (not undone) involves either resident: undo the latest first. */
export async function laterMergeExists(tx: Db, id: number, residents: readonly number[]): Promise<boolean> {
  const r = await tx
    .selectFrom('resident_merges')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('id', '>', id)
    .where('undone_at', 'is', null)
    .where((eb) => eb.or([eb('survivor_id', 'in', [...residents]), eb('merged_id', 'in', [...residents])]))
    .executeTakeFirstOrThrow();
  return r.n > 0;
}

/** Mark a merge undone. */
export async function markUndone(tx: Db, id: number, by: string, at: Date): Promise<void> {
  await tx
    .updateTable('resident_merges')
    .set({ undone_by: by, undone_at: at })
    .where('id', '=', id)
    .execute();
}

/** Move a resident's active identifiers to another (not primary there); the moved rows before the move. */
export async function moveIdentifiers(
  tx: Db,
  fromId: number,
  toId: number
): Promise<{ id: number; isPrimary: boolean }[]> {
  const rows = await tx
    .selectFrom('resident_identifiers')
    .select(['id', 'is_primary'])
    .where('resident_id', '=', fromId)
    .orderBy('id')
    .execute();
  if (rows.length > 0) {
    await tx
      .updateTable('resident_identifiers')
      .set({ resident_id: toId, is_primary: false })
      .where('resident_id', '=', fromId)
      .execute();
  }
  return rows.map((r) => ({ id: r.id, isPrimary: r.is_primary }));
}

/** Give identifiers back to a resident, each with its former primary flag. */
export async function restoreIdentifiers(
  tx: Db,
  residentId: number,
  rows: readonly { id: number; isPrimary: boolean }[]
): Promise<void> {
  for (const r of rows) {
    await tx
      .updateTable('resident_identifiers')
      .set({ resident_id: residentId, is_primary: r.isPrimary })
      .where('id', '=', r.id)
      .execute();
  }
}
