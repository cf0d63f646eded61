/**
 * SQL of the programmes module: residents' facts (read from the residents table, locked for a
 * save), enrolment segments, service events, the stored memberships, the next-due table and the
 * worklist, and the recount's reads.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/connection';

/** The person-level facts a rule reads, with what decides scope and the synthetic mark. */
export interface ResidentRow {
  id: number;
  sex: 'M' | 'F' | 'U';
  birthDate: string;
  deathDate: string | null;
  homeUnit: string;
  status: 'active' | 'merged' | 'moved_away';
  tags: string[];
  synthetic: boolean;
}

export interface EnrolmentRow {
  id: number;
  residentId: number;
  programme: string;
  start: string;
  end: string | null;
  endReason: string | null;
  ownerUnit: string;
  episode: string | null;
}

export interface EventRow {
  id: number;
  residentId: number;
  programme: string;
  type: string;
  date: string;
  fields: Record<string, unknown>;
  facility: string;
  episode: string | null;
  voided: boolean;
  voidReason: string | null;
  version: number;
  recordedBy: string;
}

export interface MembershipRow {
  programme: string;
  element: string;
  orgUnit: string;
  period: string;
  n: number;
}

const day = (v: unknown): string =>
  v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10);

const residentColumns = [
  'id',
  'sex',
  'birth_date',
  'death_date',
  'home_unit',
  'status',
  'tags',
  'synthetic',
] as const;

function toResident(r: {
  id: number;
  sex: 'M' | 'F' | 'U';
  birth_date: string;
  death_date: string | null;
  home_unit: string;
  status: 'active' | 'merged' | 'moved_away';
  tags: string[];
  synthetic: boolean;
}): ResidentRow {
  return {
    id: r.id,
    sex: r.sex,
    birthDate: day(r.birth_date),
    deathDate: r.death_date === null ? null : day(r.death_date),
    homeUnit: r.home_unit,
    status: r.status,
    tags: r.tags,
    synthetic: r.synthetic,
  };
}

/**
 * Lock residents' rows (in id order, so two saves never deadlock) for the rest of the
 * transaction and return them: every save of a resident's programme data is serialised on it.
 */
export async function lockResidents(tx: Db, ids: readonly number[]): Promise<ResidentRow[]> {
  if (ids.length === 0) return [];
  const rows = await tx
    .selectFrom('residents')
    .select(residentColumns)
    .where('id', 'in', [...ids])
    .orderBy('id')
    .forUpdate()
    .execute();
  return rows.map(toResident);
}

/** One resident, or undefined. */
export async function findResident(db: Db, id: number): Promise<ResidentRow | undefined> {
  const r = await db.selectFrom('residents').select(residentColumns).where('id', '=', id).executeTakeFirst();
  return r ? toResident(r) : undefined;
}

/**
 * Whether a resident is in a scope: the home unit, or the owning facility of one of their
 * enrolment segments, lies at or below the scope unit.
 */
export async function residentInScope(db: Db, id: number, scope: string): Promise<boolean> {
  const needle = `/${scope}/`;
  const r = await sql<{ ok: boolean }>`
    SELECT EXISTS (
      SELECT 1 FROM residents r JOIN org_units u ON u.code = r.home_unit
      WHERE r.id = ${id} AND strpos(u.path, ${needle}) > 0
    ) OR EXISTS (
      SELECT 1 FROM programme_enrolments e JOIN org_units u ON u.code = e.owner_unit
      WHERE e.resident_id = ${id} AND strpos(u.path, ${needle}) > 0
    ) AS ok`.execute(db);
  return r.rows[0]?.ok === true;
}

/** The sealed name of residents, by id. */
export async function sealedNames(db: Db, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('residents')
    .select(['id', 'name_sealed'])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, r.name_sealed]));
}

function toEnrolment(r: {
  id: number;
  resident_id: number;
  programme: string;
  start_date: string;
  end_date: string | null;
  end_reason: string | null;
  owner_unit: string;
  episode: string | null;
}): EnrolmentRow {
  return {
    id: r.id,
    residentId: r.resident_id,
    programme: r.programme,
    start: day(r.start_date),
    end: r.end_date === null ? null : day(r.end_date),
    endReason: r.end_reason,
    ownerUnit: r.owner_unit,
    episode: r.episode,
  };
}

const enrolmentColumns = [
  'id',
  'resident_id',
  'programme',
  'start_date',
  'end_date',
  'end_reason',
  'owner_unit',
  'episode',
] as const;

/** Enrolment segments of residents (all programmes), by start date then id. */
export async function enrolmentsOf(db: Db, residentIds: readonly number[]): Promise<EnrolmentRow[]> {
  if (residentIds.length === 0) return [];
  const rows = await db
    .selectFrom('programme_enrolments')
    .select(enrolmentColumns)
    .where('resident_id', 'in', [...residentIds])
    .orderBy('start_date')
    .orderBy('id')
    .execute();
  return rows.map(toEnrolment);
}

function toEvent(r: {
  id: number;
  resident_id: number;
  programme: string;
  type: string;
  date: string;
  fields: Record<string, unknown>;
  facility_unit: string;
  episode: string | null;
  voided: boolean;
  void_reason: string | null;
  version: number;
  recorded_by: string;
}): EventRow {
  return {
    id: r.id,
    residentId: r.resident_id,
    programme: r.programme,
    type: r.type,
    date: day(r.date),
    fields: r.fields,
    facility: r.facility_unit,
    episode: r.episode,
    voided: r.voided,
    voidReason: r.void_reason,
    version: r.version,
    recordedBy: r.recorded_by,
  };
}

const eventColumns = [
  'id',
  'resident_id',
  'programme',
  'type',
  'date',
  'fields',
  'facility_unit',
  'episode',
  'voided',
  'void_reason',
  'version',
  'recorded_by',
] as const;

/** Service events of residents (all programmes), voided ones only when asked. */
export async function eventsOf(
  db: Db,
  residentIds: readonly number[],
  options: { withVoided?: boolean } = {}
): Promise<EventRow[]> {
  if (residentIds.length === 0) return [];
  let q = db
    .selectFrom('programme_events')
    .select(eventColumns)
    .where('resident_id', 'in', [...residentIds]);
  if (!options.withVoided) q = q.where('voided', '=', false);
  const rows = await q.orderBy('date').orderBy('id').execute();
  return rows.map(toEvent);
}

/** One event, or undefined. */
export async function findEvent(db: Db, id: number): Promise<EventRow | undefined> {
  const r = await db
    .selectFrom('programme_events')
    .select(eventColumns)
    .where('id', '=', id)
    .executeTakeFirst();
  return r ? toEvent(r) : undefined;
}

/** Stored memberships of one resident. */
export async function membershipsOf(db: Db, residentId: number): Promise<MembershipRow[]> {
  const rows = await db
    .selectFrom('programme_memberships')
    .select(['programme', 'element', 'org_unit', 'period', 'n'])
    .where('resident_id', '=', residentId)
    .execute();
  return rows.map((r) => ({
    programme: r.programme,
    element: r.element,
    orgUnit: r.org_unit,
    period: r.period,
    n: r.n,
  }));
}

/** Replace the stored memberships of a resident in one programme by a tally. */
export async function replaceMemberships(
  tx: Db,
  residentId: number,
  programme: string,
  rows: readonly { element: string; orgUnit: string; period: string; n: number }[]
): Promise<void> {
  await tx
    .deleteFrom('programme_memberships')
    .where('resident_id', '=', residentId)
    .where('programme', '=', programme)
    .execute();
  if (rows.length === 0) return;
  await tx
    .insertInto('programme_memberships')
    .values(
      rows.map((r) => ({
        resident_id: residentId,
        programme,
        element: r.element,
        org_unit: r.orgUnit,
        period: r.period,
        n: r.n,
      }))
    )
    .execute();
}

/** Programmes a resident has stored memberships or a due row in (to clear them when facts vanish). */
export async function storedProgrammes(db: Db, residentId: number): Promise<string[]> {
  const rows = await sql<{ programme: string }>`
    SELECT programme FROM programme_memberships WHERE resident_id = ${residentId}
    UNION SELECT programme FROM programme_due WHERE resident_id = ${residentId}`.execute(db);
  return rows.rows.map((r) => r.programme);
}

/** Insert an enrolment segment; returns its id. */
export async function insertEnrolment(
  tx: Db,
  e: {
    residentId: number;
    programme: string;
    start: string;
    end?: string | null;
    endReason?: string | null;
    ownerUnit: string;
    episode: string | null;
    actor: string;
    at: Date;
  }
): Promise<number> {
  const r = await tx
    .insertInto('programme_enrolments')
    .values({
      resident_id: e.residentId,
      programme: e.programme,
      start_date: e.start,
      end_date: e.end ?? null,
      end_reason: e.endReason ?? null,
      owner_unit: e.ownerUnit,
      episode: e.episode,
      created_by: e.actor,
      created_at: e.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** Close an enrolment segment on a day, with a reason. */
export async function closeEnrolment(tx: Db, id: number, end: string, reason: string): Promise<void> {
  await tx
    .updateTable('programme_enrolments')
    .set({ end_date: end, end_reason: reason })
    .where('id', '=', id)
    .execute();
}

/** Insert a service event; returns its id. */
export async function insertEvent(
  tx: Db,
  e: {
    residentId: number;
    programme: string;
    type: string;
    date: string;
    fields: Record<string, unknown>;
    facility: string;
    episode: string | null;
    actor: string;
    at: Date;
  }
): Promise<number> {
  const r = await tx
    .insertInto('programme_events')
    .values({
      resident_id: e.residentId,
      programme: e.programme,
      type: e.type,
      date: e.date,
      fields: JSON.stringify(e.fields),
      facility_unit: e.facility,
      episode: e.episode,
      recorded_by: e.actor,
      recorded_at: e.at,
      updated_at: e.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/**
 * Correct an event when its version is still `version`; returns whether it was (a stale form
 * changes nothing).
 */
export async function correctEvent(
  tx: Db,
  id: number,
  version: number,
  change: { date: string; fields: Record<string, unknown>; at: Date }
): Promise<boolean> {
  const r = await tx
    .updateTable('programme_events')
    .set({
      date: change.date,
      fields: JSON.stringify(change.fields),
      version: sql<number>`version + 1`,
      updated_at: change.at,
    })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('voided', '=', false)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Void an event when its version is still `version`. */
export async function voidEvent(
  tx: Db,
  id: number,
  version: number,
  reason: string,
  at: Date
): Promise<boolean> {
  const r = await tx
    .updateTable('programme_events')
    .set({ voided: true, void_reason: reason, version: sql<number>`version + 1`, updated_at: at })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('voided', '=', false)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Keep (or drop, with `null`) the next due contact of a resident in a programme. */
export async function setDue(
  tx: Db,
  residentId: number,
  programme: string,
  due: {
    item: string;
    nameZh: string;
    nameEn: string;
    dueDate: string;
    ownerUnit: string;
    synthetic: boolean;
    computedOn: string;
  } | null
): Promise<void> {
  if (due === null) {
    await tx
      .deleteFrom('programme_due')
      .where('resident_id', '=', residentId)
      .where('programme', '=', programme)
      .execute();
    return;
  }
  const row = {
    item: due.item,
    item_name_zh: due.nameZh,
    item_name_en: due.nameEn,
    due_date: due.dueDate,
    owner_unit: due.ownerUnit,
    synthetic: due.synthetic,
    computed_on: due.computedOn,
  };
  await tx
    .insertInto('programme_due')
    .values({ resident_id: residentId, programme, ...row })
    .onConflict((oc) => oc.columns(['resident_id', 'programme']).doUpdateSet(row))
    .execute();
}

/** Ids of what a resident holds in programmes and contracts (a merge's snapshot). */
export interface HeldIds {
  enrolments: number[];
  events: number[];
  contracts: number[];
}

/** Move everything `from` holds (enrolments, events, contracts) to `to`; returns the ids moved. */
export async function moveHeld(tx: Db, from: number, to: number): Promise<HeldIds> {
  const enrolments = await tx
    .updateTable('programme_enrolments')
    .set({ resident_id: to })
    .where('resident_id', '=', from)
    .returning('id')
    .execute();
  const events = await tx
    .updateTable('programme_events')
    .set({ resident_id: to })
    .where('resident_id', '=', from)
    .returning('id')
    .execute();
  const contracts = await tx
    .updateTable('fd_contracts')
    .set({ resident_id: to })
    .where('resident_id', '=', from)
    .returning('id')
    .execute();
  const ids = (rows: { id: number }[]) => rows.map((r) => r.id).sort((a, b) => a - b);
  return { enrolments: ids(enrolments), events: ids(events), contracts: ids(contracts) };
}

/** Move the listed rows back to `to` (undoing a merge). */
export async function moveBack(tx: Db, held: HeldIds, to: number): Promise<void> {
  if (held.enrolments.length) {
    await tx
      .updateTable('programme_enrolments')
      .set({ resident_id: to })
      .where('id', 'in', held.enrolments)
      .execute();
  }
  if (held.events.length) {
    await tx
      .updateTable('programme_events')
      .set({ resident_id: to })
      .where('id', 'in', held.events)
      .execute();
  }
  if (held.contracts.length) {
    await tx.updateTable('fd_contracts').set({ resident_id: to }).where('id', 'in', held.contracts).execute();
  }
}

/**
 * Log a read of a person's record (who, which resident, why). The residents module owns the
 * table; until it offers its own call, the programmes timeline writes the same row.
 */
export async function logRecordRead(
  tx: Db,
  read: { userId: number | null; actor: string; residentId: number; purpose: string; at: Date }
): Promise<void> {
  await tx
    .insertInto('record_reads')
    .values({
      user_id: read.userId,
      actor: read.actor,
      resident_id: read.residentId,
      purpose: read.purpose,
      at: read.at,
    })
    .execute();
}

/** Every resident holding an enrolment or a stored membership, in id order. */
export async function residentsWithProgrammes(db: Db): Promise<number[]> {
  const r = await sql<{ id: number }>`
    SELECT resident_id AS id FROM programme_enrolments
    UNION SELECT resident_id FROM programme_memberships ORDER BY 1`.execute(db);
  return r.rows.map((x) => x.id);
}

/** Residents by id (no lock: the recount reads a snapshot). */
export async function residentsByIds(db: Db, ids: readonly number[]): Promise<ResidentRow[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('residents')
    .select(residentColumns)
    .where('id', 'in', [...ids])
    .execute();
  return rows.map(toResident);
}

/** Every stored membership. */
export async function allMemberships(db: Db): Promise<(MembershipRow & { residentId: number })[]> {
  const rows = await db
    .selectFrom('programme_memberships')
    .select(['resident_id', 'programme', 'element', 'org_unit', 'period', 'n'])
    .execute();
  return rows.map((r) => ({
    residentId: r.resident_id,
    programme: r.programme,
    element: r.element,
    orgUnit: r.org_unit,
    period: r.period,
    n: r.n,
  }));
}

/** Stored values (no disaggregation) and roll-ups of some elements. */
export async function valuesOf(
  db: Db,
  elements: readonly string[]
): Promise<{
  stored: { element: string; orgUnit: string; period: string; value: number; source: string }[];
  rolled: { element: string; orgUnit: string; period: string; value: number }[];
}> {
  if (elements.length === 0) return { stored: [], rolled: [] };
  const stored = await db
    .selectFrom('data_values')
    .select(['element', 'org_unit', 'period', 'value', 'source'])
    .where('element', 'in', [...elements])
    .where('disagg', '=', '')
    .execute();
  // Roll-ups as the indicator engine reads them: agg_values above facility level (n = 0: emptied),
  // a facility's own stored values (it keeps no agg_values row).
  const rolled = (
    await sql<{ element: string; org_unit: string; period: string; value: number }>`
      SELECT element, org_unit, period, value FROM agg_values WHERE element = ANY(${[...elements]}::text[]) AND n > 0
      UNION ALL
      SELECT v.element, v.org_unit, v.period, sum(v.value) AS value FROM data_values v
      JOIN org_units u ON u.code = v.org_unit AND coalesce(u.level_rank, 5) = 5
      WHERE v.element = ANY(${[...elements]}::text[])
      GROUP BY v.element, v.org_unit, v.period`.execute(db)
  ).rows;
  return {
    stored: stored.map((r) => ({
      element: r.element,
      orgUnit: r.org_unit,
      period: r.period,
      value: r.value,
      source: r.source,
    })),
    rolled: rolled.map((r) => ({
      element: r.element,
      orgUnit: r.org_unit,
      period: r.period,
      value: r.value,
    })),
  };
}

/** The resident an enrolment segment belongs to, or undefined for an unknown id. */
export async function enrolmentResident(db: Db, id: number): Promise<number | undefined> {
  const r = await db
    .selectFrom('programme_enrolments')
    .select('resident_id')
    .where('id', '=', id)
    .executeTakeFirst();
  return r?.resident_id;
}
