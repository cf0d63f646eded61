/**
 * SQL of the immunization records: doses, the residents they belong to (read only: the residents
 * module owns them), the lot look-up, the children of an area, the memberships behind the
 * coverage counts, and the record-read log.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/connection';

/** A resident as this module reads it (identifiers still sealed). */
export interface ChildRow {
  id: number;
  sex: 'M' | 'F' | 'U';
  birthDate: string;
  deathDate: string | null;
  homeUnit: string;
  homePath: string;
  status: 'active' | 'merged' | 'moved_away';
  nameSealed: string;
  synthetic: boolean;
}

/** A dose as stored. */
export interface DoseRow {
  id: number;
  residentId: number;
  vaccine: string;
  dose: number;
  date: string;
  manufacturer: string;
  lot: string;
  expiry: string | null;
  site: string;
  clinic: string;
  programme: boolean;
  voided: boolean;
  voidReason: string | null;
  recordedBy: string;
}

function childQuery(db: Db) {
  return db
    .selectFrom('residents as r')
    .innerJoin('org_units as u', 'u.code', 'r.home_unit')
    .select([
      'r.id',
      'r.sex',
      sql<string>`r.birth_date::text`.as('birthDate'),
      sql<string | null>`r.death_date::text`.as('deathDate'),
      'r.home_unit as homeUnit',
      'u.path as homePath',
      'r.status',
      'r.name_sealed as nameSealed',
      'r.synthetic',
    ]);
}

/** Residents by id; `lock` takes their rows FOR UPDATE, so saves for one child queue up. */
export async function findChildren(db: Db, ids: readonly number[], lock = false): Promise<ChildRow[]> {
  if (ids.length === 0) return [];
  let q = childQuery(db)
    .where('r.id', 'in', [...ids])
    .orderBy('r.id');
  if (lock) q = q.forUpdate('r');
  return q.execute();
}

/** Active children of an area (home unit at or below `areaCode`) born on or after a day. */
export function childrenOfArea(
  db: Db,
  areaCode: string,
  bornFrom: string,
  bornTo: string
): Promise<ChildRow[]> {
  return childQuery(db)
    .where('u.path', 'like', `%/${areaCode}/%`)
    .where('r.status', '=', 'active')
    .where('r.death_date', 'is', null)
    .where('r.birth_date', '>=', bornFrom)
    .where('r.birth_date', '<=', bornTo)
    .orderBy('r.birth_date')
    .orderBy('r.id')
    .execute();
}

const doseColumns = [
  'i.id',
  'i.resident_id as residentId',
  'i.vaccine',
  'i.dose',
  sql<string>`i.date::text`.as('date'),
  'i.manufacturer',
  'i.lot',
  sql<string | null>`i.expiry::text`.as('expiry'),
  'i.site',
  'i.clinic_unit as clinic',
  'i.programme',
  'i.voided',
  'i.void_reason as voidReason',
  'i.recorded_by as recordedBy',
] as const;

/** Doses of residents (voided ones too when asked), by date. */
export function dosesOf(db: Db, residentIds: readonly number[], withVoided: boolean): Promise<DoseRow[]> {
  if (residentIds.length === 0) return Promise.resolve([]);
  let q = db
    .selectFrom('immunizations as i')
    .select(doseColumns)
    .where('i.resident_id', 'in', [...residentIds]);
  if (!withVoided) q = q.where('i.voided', '=', false);
  return q.orderBy('i.date').orderBy('i.id').execute();
}

/** One dose with the path of its clinic, or undefined. */
export function findDose(db: Db, id: number): Promise<(DoseRow & { clinicPath: string }) | undefined> {
  return db
    .selectFrom('immunizations as i')
    .innerJoin('org_units as c', 'c.code', 'i.clinic_unit')
    .select([...doseColumns, 'c.path as clinicPath'])
    .where('i.id', '=', id)
    .forUpdate('i')
    .executeTakeFirst();
}

/** A dose to store. */
export interface NewDose {
  residentId: number;
  vaccine: string;
  dose: number;
  date: string;
  manufacturer: string;
  lot: string;
  lotNorm: string;
  expiry: string | null;
  site: string;
  clinic: string;
  programme: boolean;
  recordedBy: string;
  recordedAt: Date;
}

/** Insert doses; returns their ids in order. */
export async function insertDoses(db: Db, doses: readonly NewDose[]): Promise<number[]> {
  if (doses.length === 0) return [];
  const rows = await db
    .insertInto('immunizations')
    .values(
      doses.map((d) => ({
        resident_id: d.residentId,
        vaccine: d.vaccine,
        dose: d.dose,
        date: d.date,
        manufacturer: d.manufacturer,
        lot: d.lot,
        lot_norm: d.lotNorm,
        expiry: d.expiry,
        site: d.site,
        clinic_unit: d.clinic,
        programme: d.programme,
        recorded_by: d.recordedBy,
        recorded_at: d.recordedAt,
      }))
    )
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Mark a dose voided. */
export async function voidDose(db: Db, id: number, reason: string, actor: string, at: Date): Promise<void> {
  await db
    .updateTable('immunizations')
    .set({ voided: true, void_reason: reason, voided_by: actor, voided_at: at })
    .where('id', '=', id)
    .execute();
}

/**
 * Who received a lot, in one query on the lot index: doses of the lot (not voided) whose child
 * lives, or whose clinic lies, in the scope.
 */
export function lotRecipients(
  db: Db,
  lotNorm: string,
  manufacturer: string | undefined,
  scope: string
): Promise<(DoseRow & { child: ChildRow })[]> {
  let q = db
    .selectFrom('immunizations as i')
    .innerJoin('residents as r', 'r.id', 'i.resident_id')
    .innerJoin('org_units as u', 'u.code', 'r.home_unit')
    .innerJoin('org_units as c', 'c.code', 'i.clinic_unit')
    .select([
      ...doseColumns,
      'r.sex',
      sql<string>`r.birth_date::text`.as('birthDate'),
      sql<string | null>`r.death_date::text`.as('deathDate'),
      'r.home_unit as homeUnit',
      'u.path as homePath',
      'r.status',
      'r.name_sealed as nameSealed',
      'r.synthetic',
    ])
    .where('i.lot_norm', '=', lotNorm)
    .where('i.voided', '=', false)
    .where((eb) => eb.or([eb('u.path', 'like', `%/${scope}/%`), eb('c.path', 'like', `%/${scope}/%`)]));
  if (manufacturer !== undefined) q = q.where('i.manufacturer', '=', manufacturer);
  return q
    .orderBy('i.date')
    .orderBy('i.id')
    .limit(10_000)
    .execute()
    .then((rows) =>
      rows.map((r) => ({
        id: r.id,
        residentId: r.residentId,
        vaccine: r.vaccine,
        dose: r.dose,
        date: r.date,
        manufacturer: r.manufacturer,
        lot: r.lot,
        expiry: r.expiry,
        site: r.site,
        clinic: r.clinic,
        programme: r.programme,
        voided: r.voided,
        voidReason: r.voidReason,
        recordedBy: r.recordedBy,
        child: {
          id: r.residentId,
          sex: r.sex,
          birthDate: r.birthDate,
          deathDate: r.deathDate,
          homeUnit: r.homeUnit,
          homePath: r.homePath,
          status: r.status,
          nameSealed: r.nameSealed,
          synthetic: r.synthetic,
        },
      }))
    );
}

/** Whether any dose of the resident was given at a clinic in the scope. */
export async function hasDoseInScope(db: Db, residentId: number, scope: string): Promise<boolean> {
  const row = await db
    .selectFrom('immunizations as i')
    .innerJoin('org_units as c', 'c.code', 'i.clinic_unit')
    .select('i.id')
    .where('i.resident_id', '=', residentId)
    .where('c.path', 'like', `%/${scope}/%`)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** A unit's code, path, level and synthetic flag, or undefined. */
export function unitRow(
  db: Db,
  code: string
): Promise<{ code: string; path: string; level: string; synthetic: boolean } | undefined> {
  return db
    .selectFrom('org_units')
    .select(['code', 'path', 'level', 'synthetic'])
    .where('code', '=', code)
    .executeTakeFirst();
}

/** Log reads of persons' records (one row each). */
export async function logReads(
  db: Db,
  rows: readonly { userId: number | null; actor: string; residentId: number; purpose: string; at: Date }[]
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('record_reads')
    .values(
      rows.map((r) => ({
        user_id: r.userId,
        actor: r.actor,
        resident_id: r.residentId,
        purpose: r.purpose,
        at: r.at,
      }))
    )
    .execute();
}

// --- memberships ------------------------------------------------------------------------------

/** A cell a resident counts in. */
export interface Membership {
  element: string;
  orgUnit: string;
  period: string;
}

/** The memberships stored for residents. */
export async function membershipsOf(
  db: Db,
  residentIds: readonly number[]
): Promise<Map<number, Membership[]>> {
  const out = new Map<number, Membership[]>(residentIds.map((id) => [id, []]));
  if (residentIds.length === 0) return out;
  const rows = await db
    .selectFrom('immunization_memberships')
    .select(['resident_id', 'element', 'org_unit', 'period'])
    .where('resident_id', 'in', [...residentIds])
    .execute();
  for (const r of rows) {
    out.get(r.resident_id)?.push({ element: r.element, orgUnit: r.org_unit, period: r.period });
  }
  return out;
}

/** Replace one resident's memberships. */
export async function replaceMemberships(
  db: Db,
  residentId: number,
  rows: readonly Membership[]
): Promise<void> {
  await db.deleteFrom('immunization_memberships').where('resident_id', '=', residentId).execute();
  for (let i = 0; i < rows.length; i += 1000) {
    await db
      .insertInto('immunization_memberships')
      .values(
        rows.slice(i, i + 1000).map((m) => ({
          resident_id: residentId,
          element: m.element,
          org_unit: m.orgUnit,
          period: m.period,
        }))
      )
      .execute();
  }
}

/** Move doses (and nothing else) from one resident to another; returns the ids moved. */
export async function moveDoses(
  db: Db,
  fromId: number,
  toId: number,
  only?: readonly number[]
): Promise<number[]> {
  let q = db.updateTable('immunizations').set({ resident_id: toId }).where('resident_id', '=', fromId);
  if (only) {
    if (only.length === 0) return [];
    q = q.where('id', 'in', [...only]);
  }
  return (await q.returning('id').execute()).map((r) => r.id);
}

/** Ids of every resident with a dose or a membership (the recount's population). */
export async function residentsWithImmunizationData(db: Db): Promise<number[]> {
  const rows = await sql<{ id: number | string }>`
    SELECT resident_id AS id FROM immunizations
    UNION SELECT resident_id FROM immunization_memberships
    ORDER BY 1`.execute(db);
  return rows.rows.map((r) => Number(r.id));
}

/** Stored counts of the coverage elements: element|unit|period → value. */
export async function storedCounts(db: Db, elements: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (elements.length === 0) return out;
  const rows = await db
    .selectFrom('data_values')
    .select(['element', 'org_unit', 'period', sql<number | string>`value`.as('value')])
    .where('element', 'in', [...elements])
    .where('disagg', '=', '')
    .execute();
  for (const r of rows) out.set(`${r.element}|${r.org_unit}|${r.period}`, Number(r.value));
  return out;
}

/** Counts of the stored memberships: element|unit|period → residents. */
export async function membershipCounts(db: Db): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('immunization_memberships')
    .select(['element', 'org_unit', 'period', (eb) => eb.fn.countAll<string>().as('n')])
    .groupBy(['element', 'org_unit', 'period'])
    .execute();
  return new Map(rows.map((r) => [`${r.element}|${r.org_unit}|${r.period}`, Number(r.n)]));
}
