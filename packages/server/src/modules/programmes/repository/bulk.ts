/**
 * Set-wise SQL of the programmes bulk path: enrolments and events inserted many rows per
 * statement (one array per column, `unnest`ed — one parameter per column whatever the row count),
 * memberships read for a batch of residents at once (facts come from the single-save readers,
 * which take many ids too), memberships and next-due rows
 * replaced for a batch at once. Always inside the caller's transaction.
 */
import { sql } from 'kysely';
import type { Db } from '../../../db/connection';
import type { MembershipRow } from '../repository';

/** Rows per statement: arrays this long stay well inside the drivers' message sizes. */
const CHUNK = 20_000;

function chunks<T>(rows: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** A new enrolment segment of the bulk path. */
export interface NewEnrolment {
  residentId: number;
  programme: string;
  start: string;
  end: string | null;
  endReason: string | null;
  ownerUnit: string;
}

/** A new service event of the bulk path. */
export interface NewEvent {
  residentId: number;
  programme: string;
  type: string;
  date: string;
  fields: Record<string, unknown>;
  facility: string;
}

/** Insert enrolment segments; returns how many. */
export async function insertEnrolments(
  tx: Db,
  rows: readonly NewEnrolment[],
  actor: string,
  at: Date
): Promise<number> {
  let n = 0;
  for (const c of chunks(rows)) {
    const r = await sql`
      INSERT INTO programme_enrolments
        (resident_id, programme, start_date, end_date, end_reason, owner_unit, created_by, created_at)
      SELECT r, p, s::date, e::date, er, o, ${actor}, ${at}
      FROM unnest(${c.map((x) => x.residentId)}::int[], ${c.map((x) => x.programme)}::text[],
                  ${c.map((x) => x.start)}::text[], ${c.map((x) => x.end)}::text[],
                  ${c.map((x) => x.endReason)}::text[], ${c.map((x) => x.ownerUnit)}::text[])
        AS t(r, p, s, e, er, o)`.execute(tx);
    n += Number(r.numAffectedRows ?? c.length);
  }
  return n;
}

/** Insert service events; returns how many. */
export async function insertEvents(
  tx: Db,
  rows: readonly NewEvent[],
  actor: string,
  at: Date
): Promise<number> {
  let n = 0;
  for (const c of chunks(rows)) {
    const r = await sql`
      INSERT INTO programme_events
        (resident_id, programme, type, date, fields, facility_unit, recorded_by, recorded_at, updated_at)
      SELECT r, p, ty, d::date, f::jsonb, u, ${actor}, ${at}, ${at}
      FROM unnest(${c.map((x) => x.residentId)}::int[], ${c.map((x) => x.programme)}::text[],
                  ${c.map((x) => x.type)}::text[], ${c.map((x) => x.date)}::text[],
                  ${c.map((x) => JSON.stringify(x.fields))}::text[], ${c.map((x) => x.facility)}::text[])
        AS t(r, p, ty, d, f, u)`.execute(tx);
    n += Number(r.numAffectedRows ?? c.length);
  }
  return n;
}

/** Stored memberships of a batch of residents. */
export async function membershipsOfMany(
  db: Db,
  ids: readonly number[]
): Promise<(MembershipRow & { residentId: number })[]> {
  if (ids.length === 0) return [];
  const r = await sql<{
    resident_id: number;
    programme: string;
    element: string;
    org_unit: string;
    period: string;
    n: number;
  }>`
    SELECT resident_id, programme, element, org_unit, period, n
    FROM programme_memberships WHERE resident_id = ANY(${[...ids]}::int[])`.execute(db);
  return r.rows.map((x) => ({
    residentId: x.resident_id,
    programme: x.programme,
    element: x.element,
    orgUnit: x.org_unit,
    period: x.period,
    n: x.n,
  }));
}

/** Programmes with a next-due row, per resident of a batch. */
export async function dueProgrammesOfMany(
  db: Db,
  ids: readonly number[]
): Promise<{ residentId: number; programme: string }[]> {
  if (ids.length === 0) return [];
  const r = await sql<{ resident_id: number; programme: string }>`
    SELECT resident_id, programme FROM programme_due
    WHERE resident_id = ANY(${[...ids]}::int[])`.execute(db);
  return r.rows.map((x) => ({ residentId: x.resident_id, programme: x.programme }));
}

/** Replace the memberships of (resident, programme) pairs by new tallies. */
export async function replaceMembershipsMany(
  tx: Db,
  pairs: readonly { residentId: number; programme: string }[],
  rows: readonly (MembershipRow & { residentId: number })[]
): Promise<void> {
  for (const c of chunks(pairs)) {
    await sql`
      DELETE FROM programme_memberships m
      USING unnest(${c.map((p) => p.residentId)}::int[], ${c.map((p) => p.programme)}::text[]) AS t(r, p)
      WHERE m.resident_id = t.r AND m.programme = t.p`.execute(tx);
  }
  for (const c of chunks(rows)) {
    await sql`
      INSERT INTO programme_memberships (resident_id, programme, element, org_unit, period, n)
      SELECT * FROM unnest(${c.map((x) => x.residentId)}::int[], ${c.map((x) => x.programme)}::text[],
                           ${c.map((x) => x.element)}::text[], ${c.map((x) => x.orgUnit)}::text[],
                           ${c.map((x) => x.period)}::text[], ${c.map((x) => x.n)}::int[])`.execute(tx);
  }
}

/** A next-due row of the worklist table. */
export interface DueRow {
  residentId: number;
  programme: string;
  item: string;
  nameZh: string;
  nameEn: string;
  dueDate: string;
  ownerUnit: string;
  synthetic: boolean;
  computedOn: string;
}

/** Write next-due rows (insert or replace) and drop those of pairs with nothing due. */
export async function setDueMany(
  tx: Db,
  rows: readonly DueRow[],
  cleared: readonly { residentId: number; programme: string }[]
): Promise<void> {
  for (const c of chunks(cleared)) {
    await sql`
      DELETE FROM programme_due d
      USING unnest(${c.map((p) => p.residentId)}::int[], ${c.map((p) => p.programme)}::text[]) AS t(r, p)
      WHERE d.resident_id = t.r AND d.programme = t.p`.execute(tx);
  }
  for (const c of chunks(rows)) {
    await sql`
      INSERT INTO programme_due
        (resident_id, programme, item, item_name_zh, item_name_en, due_date, owner_unit, synthetic, computed_on)
      SELECT r, p, i, z, e, d::date, o, s, c::date
      FROM unnest(${c.map((x) => x.residentId)}::int[], ${c.map((x) => x.programme)}::text[],
                  ${c.map((x) => x.item)}::text[], ${c.map((x) => x.nameZh)}::text[],
                  ${c.map((x) => x.nameEn)}::text[], ${c.map((x) => x.dueDate)}::text[],
                  ${c.map((x) => x.ownerUnit)}::text[], ${c.map((x) => x.synthetic)}::boolean[],
                  ${c.map((x) => x.computedOn)}::text[]) AS t(r, p, i, z, e, d, o, s, c)
      ON CONFLICT (resident_id, programme) DO UPDATE SET
        item = EXCLUDED.item, item_name_zh = EXCLUDED.item_name_zh,
        item_name_en = EXCLUDED.item_name_en, due_date = EXCLUDED.due_date,
        owner_unit = EXCLUDED.owner_unit, synthetic = EXCLUDED.synthetic,
        computed_on = EXCLUDED.computed_on`.execute(tx);
  }
}
