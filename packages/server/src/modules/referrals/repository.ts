/** SQL of two-way referral: the requests, their memberships in the counts, and record reads. */
import { sql } from 'kysely';
import type { Db } from '../../db/connection';

/** A referral as stored, with what scope checks and masking need. */
export interface ReferralRow {
  id: number;
  residentId: number;
  direction: 'up' | 'down';
  fromUnit: string;
  toUnit: string;
  fromPath: string;
  toPath: string;
  homePath: string;
  reason: string;
  diagnosis: string | null;
  dischargePlan: unknown;
  status: 'sent' | 'accepted' | 'declined' | 'completed';
  declineReason: string | null;
  outcome: string | null;
  sentBy: string;
  sentAt: Date;
  acceptedAt: Date | null;
  declinedAt: Date | null;
  completedAt: Date | null;
  nameSealed: string;
  synthetic: boolean;
}

function base(db: Db) {
  return db
    .selectFrom('referrals as f')
    .innerJoin('residents as r', 'r.id', 'f.resident_id')
    .innerJoin('org_units as fu', 'fu.code', 'f.from_unit')
    .innerJoin('org_units as tu', 'tu.code', 'f.to_unit')
    .innerJoin('org_units as hu', 'hu.code', 'r.home_unit')
    .select([
      'f.id',
      'f.resident_id as residentId',
      'f.direction',
      'f.from_unit as fromUnit',
      'f.to_unit as toUnit',
      'fu.path as fromPath',
      'tu.path as toPath',
      'hu.path as homePath',
      'f.reason',
      'f.diagnosis',
      'f.discharge_plan as dischargePlan',
      'f.status',
      'f.decline_reason as declineReason',
      'f.outcome',
      'f.sent_by as sentBy',
      'f.sent_at as sentAt',
      'f.accepted_at as acceptedAt',
      'f.declined_at as declinedAt',
      'f.completed_at as completedAt',
      'r.name_sealed as nameSealed',
      'r.synthetic',
    ]);
}

/** One referral (locked for update when asked), or undefined. */
export function findReferral(db: Db, id: number, lock = false): Promise<ReferralRow | undefined> {
  let q = base(db).where('f.id', '=', id);
  if (lock) q = q.forUpdate('f');
  return q.executeTakeFirst();
}

/** Referrals by id. */
export function referralsById(db: Db, ids: readonly number[]): Promise<ReferralRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return base(db)
    .where('f.id', 'in', [...ids])
    .orderBy('f.id')
    .execute();
}

/** A facility's worklist: referrals it received (incoming) or sent (outgoing), newest first. */
export function worklist(
  db: Db,
  facility: string,
  box: 'incoming' | 'outgoing',
  statuses: readonly string[] | null,
  limit: number
): Promise<ReferralRow[]> {
  let q = base(db).where(box === 'incoming' ? 'f.to_unit' : 'f.from_unit', '=', facility);
  if (statuses) q = q.where('f.status', 'in', [...statuses] as ReferralRow['status'][]);
  return q.orderBy('f.sent_at', 'desc').orderBy('f.id', 'desc').limit(limit).execute();
}

/** A resident's referrals, oldest first. */
export function referralsOf(db: Db, residentId: number): Promise<ReferralRow[]> {
  return base(db).where('f.resident_id', '=', residentId).orderBy('f.sent_at').orderBy('f.id').execute();
}

/** A resident with the path of its home unit, or undefined (merged residents are not found). */
export function findResident(
  db: Db,
  id: number
): Promise<{ id: number; homePath: string; synthetic: boolean } | undefined> {
  return db
    .selectFrom('residents as r')
    .innerJoin('org_units as u', 'u.code', 'r.home_unit')
    .select(['r.id', 'u.path as homePath', 'r.synthetic'])
    .where('r.id', '=', id)
    .where('r.status', '<>', 'merged')
    .executeTakeFirst();
}

/** A unit's path and level, or undefined. */
export function unitRow(db: Db, code: string): Promise<{ path: string; level: string } | undefined> {
  return db.selectFrom('org_units').select(['path', 'level']).where('code', '=', code).executeTakeFirst();
}

/** Insert a referral; returns its id. */
export async function insertReferral(
  db: Db,
  r: {
    residentId: number;
    direction: 'up' | 'down';
    from: string;
    to: string;
    reason: string;
    diagnosis: string | null;
    dischargePlan: unknown;
    sentBy: string;
    sentAt: Date;
  }
): Promise<number> {
  const row = await db
    .insertInto('referrals')
    .values({
      resident_id: r.residentId,
      direction: r.direction,
      from_unit: r.from,
      to_unit: r.to,
      reason: r.reason,
      diagnosis: r.diagnosis,
      discharge_plan: r.dischargePlan === null ? null : JSON.stringify(r.dischargePlan),
      status: 'sent',
      sent_by: r.sentBy,
      sent_at: r.sentAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Move a referral to a new status with who and when. */
export async function setStatus(
  db: Db,
  id: number,
  status: 'accepted' | 'declined' | 'completed',
  actor: string,
  at: Date,
  text: string | null
): Promise<void> {
  const q = db.updateTable('referrals').where('id', '=', id);
  if (status === 'accepted') await q.set({ status, accepted_by: actor, accepted_at: at }).execute();
  else if (status === 'declined') {
    await q.set({ status, declined_by: actor, declined_at: at, decline_reason: text }).execute();
  } else await q.set({ status, completed_by: actor, completed_at: at, outcome: text }).execute();
}

/** Move a resident's referrals to another resident; returns the ids moved. */
export async function moveReferrals(
  db: Db,
  fromId: number,
  toId: number,
  only?: readonly number[]
): Promise<number[]> {
  let q = db.updateTable('referrals').set({ resident_id: toId }).where('resident_id', '=', fromId);
  if (only) {
    if (only.length === 0) return [];
    q = q.where('id', 'in', [...only]);
  }
  return (await q.returning('id').execute()).map((r) => r.id);
}

/** A cell a referral counts in. */
export interface Membership {
  element: string;
  orgUnit: string;
  period: string;
}

/** Stored memberships of referrals. */
export async function membershipsOf(db: Db, ids: readonly number[]): Promise<Map<number, Membership[]>> {
  const out = new Map<number, Membership[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('referral_memberships')
    .select(['referral_id', 'element', 'org_unit', 'period'])
    .where('referral_id', 'in', [...ids])
    .execute();
  for (const r of rows) {
    out.get(r.referral_id)?.push({ element: r.element, orgUnit: r.org_unit, period: r.period });
  }
  return out;
}

/** Replace one referral's memberships. */
export async function replaceMemberships(db: Db, id: number, rows: readonly Membership[]): Promise<void> {
  await db.deleteFrom('referral_memberships').where('referral_id', '=', id).execute();
  if (rows.length === 0) return;
  await db
    .insertInto('referral_memberships')
    .values(rows.map((m) => ({ referral_id: id, element: m.element, org_unit: m.orgUnit, period: m.period })))
    .execute();
}

/** Every referral id. */
export async function allReferralIds(db: Db): Promise<number[]> {
  const rows = await sql<{ id: number | string }>`SELECT id FROM referrals ORDER BY id`.execute(db);
  return rows.rows.map((r) => Number(r.id));
}

/** Stored values of elements: element|unit|period → value. */
export async function storedCounts(db: Db, elements: readonly string[]): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('data_values')
    .select(['element', 'org_unit', 'period', sql<number | string>`value`.as('value')])
    .where('element', 'in', [...elements])
    .where('disagg', '=', '')
    .execute();
  return new Map(rows.map((r) => [`${r.element}|${r.org_unit}|${r.period}`, Number(r.value)]));
}

/** Log a read of a person's record. */
export async function logRead(
  db: Db,
  r: { userId: number | null; actor: string; residentId: number; purpose: string; at: Date }
): Promise<void> {
  await db
    .insertInto('record_reads')
    .values({ user_id: r.userId, actor: r.actor, resident_id: r.residentId, purpose: r.purpose, at: r.at })
    .execute();
}
