/**
 * SQL for who may read a person's record and the log of every read: the paths of the resident's
 * home unit and record-owning facility, whether the user sits on a team with a contract in force
 * with the resident, and the record_reads rows (with break-the-glass review).
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../db/types';

type Db = Kysely<DB>;

/** What decides access to one resident. */
export interface AccessFacts {
  residentId: number;
  homePath: string;
  ownerPath: string | null;
  onTeam: boolean;
}

/** Access facts of residents (unknown ids are absent). A contract counts while it is in force on `today`. */
export async function accessFacts(
  db: Db,
  ids: readonly number[],
  userId: number | null,
  today: string
): Promise<Map<number, AccessFacts>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('residents as r')
    .innerJoin('org_units as hu', 'hu.code', 'r.home_unit')
    .leftJoin('health_records as hr', 'hr.resident_id', 'r.id')
    .leftJoin('org_units as ou', 'ou.code', 'hr.owner_unit')
    .select((eb) => [
      'r.id',
      'hu.path as home_path',
      'ou.path as owner_path',
      eb
        .exists(
          eb
            .selectFrom('fd_contracts as c')
            .innerJoin('fd_team_members as m', 'm.team_id', 'c.team_id')
            .select(sql`1`.as('one'))
            .whereRef('c.resident_id', '=', 'r.id')
            .where('m.user_id', '=', userId ?? -1)
            .where('c.status', '<>', 'ended')
            .where('c.start_date', '<=', today)
            .where('c.end_date', '>=', today)
        )
        .as('on_team'),
    ])
    .where('r.id', 'in', [...ids])
    .execute();
  return new Map(
    rows.map((r) => [
      r.id,
      { residentId: r.id, homePath: r.home_path, ownerPath: r.owner_path, onTeam: Boolean(r.on_team) },
    ])
  );
}

/** One read to log. */
export interface NewRead {
  userId: number | null;
  actor: string;
  residentId: number;
  purpose: string;
  breakGlass: boolean;
  at: Date;
}

/** Log reads of persons' records. */
export async function insertReads(tx: Db, rows: readonly NewRead[]): Promise<void> {
  if (rows.length === 0) return;
  await tx
    .insertInto('record_reads')
    .values(
      rows.map((r) => ({
        user_id: r.userId,
        actor: r.actor,
        resident_id: r.residentId,
        purpose: r.purpose,
        break_glass: r.breakGlass,
        at: r.at,
      }))
    )
    .execute();
}

/** A logged read. */
export interface ReadRow {
  id: number;
  actor: string;
  residentId: number;
  purpose: string;
  breakGlass: boolean;
  at: Date;
  reviewedBy: string | null;
  reviewedAt: Date | null;
}

/**
 * Break-the-glass reads waiting for review, oldest first, limited to reads by users whose org unit
 * lies in `scope` (or by the local command line when the scope is the country).
 */
export async function pendingBreakGlass(db: Db, scope: string, limit: number): Promise<ReadRow[]> {
  const rows = await db
    .selectFrom('record_reads as rr')
    .leftJoin('users as u', 'u.id', 'rr.user_id')
    .leftJoin('org_units as ou', 'ou.code', 'u.org_unit_code')
    .select([
      'rr.id',
      'rr.actor',
      'rr.resident_id',
      'rr.purpose',
      'rr.break_glass',
      'rr.at',
      'rr.reviewed_by',
      'rr.reviewed_at',
    ])
    .where('rr.break_glass', '=', true)
    .where('rr.reviewed_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('ou.path', 'like', `%/${scope}/%`),
        ...(scope === '100000' ? [eb('rr.user_id', 'is', null)] : []),
      ])
    )
    .orderBy('rr.at')
    .orderBy('rr.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    actor: r.actor,
    residentId: r.resident_id,
    purpose: r.purpose,
    breakGlass: r.break_glass,
    at: r.at,
    reviewedBy: r.reviewed_by,
    reviewedAt: r.reviewed_at,
  }));
}

/** The path of the reader's org unit for one read (for the reviewer's scope), or undefined. */
export async function readForReview(
  tx: Db,
  id: number
): Promise<{ breakGlass: boolean; reviewedAt: Date | null; readerPath: string | null } | undefined> {
  const r = await tx
    .selectFrom('record_reads as rr')
    .leftJoin('users as u', 'u.id', 'rr.user_id')
    .leftJoin('org_units as ou', 'ou.code', 'u.org_unit_code')
    .select(['rr.break_glass', 'rr.reviewed_at', 'ou.path'])
    .where('rr.id', '=', id)
    .forUpdate('rr')
    .executeTakeFirst();
  return r ? { breakGlass: r.break_glass, reviewedAt: r.reviewed_at, readerPath: r.path } : undefined;
}

/** Mark a read reviewed. */
export async function markReviewed(tx: Db, id: number, by: string, at: Date): Promise<void> {
  await tx
    .updateTable('record_reads')
    .set({ reviewed_by: by, reviewed_at: at })
    .where('id', '=', id)
    .execute();
}

/** Reads of one resident's record, newest first (for tests and the record's own access history). */
export async function readsOf(db: Db, residentId: number): Promise<ReadRow[]> {
  const rows = await db
    .selectFrom('record_reads')
    .selectAll()
    .where('resident_id', '=', residentId)
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    actor: r.actor,
    residentId: r.resident_id,
    purpose: r.purpose,
    breakGlass: r.break_glass,
    at: r.at,
    reviewedBy: r.reviewed_by,
    reviewedAt: r.reviewed_at,
  }));
}
