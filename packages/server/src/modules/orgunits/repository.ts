/**
 * SQL for organisation units and their effective-dated parent links. Scope checks use the
 * materialised path of codes (`/100000/440000/440300/`).
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types';

/** A unit to add. */
export interface OrgUnitInput {
  code: string;
  name: string;
  level: string;
  parentCode: string | null;
  facilityType?: string;
  grade?: string;
  ownership?: string;
  synthetic?: boolean;
}

/** A stored unit. */
export interface OrgUnit {
  code: string;
  name: string;
  level: string;
  /** 0 country … 3 district/county … 5 facility. */
  levelRank: number;
  parentCode: string | null;
  path: string;
  facilityType: string | null;
  synthetic: boolean;
}

/** Rank of a level name: 0 country … 3 district/county … 5 facility. */
export function levelRank(level: string): number {
  const ranks: Record<string, number> = {
    country: 0,
    province: 1,
    city: 2,
    district: 3,
    county: 3,
    'county-level city': 3,
    street: 4,
    township: 4,
  };
  return ranks[level] ?? 5;
}

const UNIT_COLUMNS = [
  'code',
  'name',
  'level',
  'level_rank',
  'parent_code',
  'path',
  'facility_type',
  'synthetic',
] as const;

function toUnit(r: {
  code: string;
  name: string;
  level: string;
  level_rank: number | null;
  parent_code: string | null;
  path: string;
  facility_type: string | null;
  synthetic: boolean;
}): OrgUnit {
  return {
    code: r.code,
    name: r.name,
    level: r.level,
    levelRank: r.level_rank ?? 5,
    parentCode: r.parent_code,
    path: r.path,
    facilityType: r.facility_type,
    synthetic: r.synthetic,
  };
}

/** Insert units that do not exist yet (parents first); existing ones are left untouched. */
export async function insertMissingOrgUnits(db: Kysely<DB>, units: readonly OrgUnitInput[]): Promise<number> {
  const existing = new Map(
    (await db.selectFrom('org_units').select(['code', 'path']).execute()).map((r) => [r.code, r.path])
  );
  let inserted = 0;
  for (const unit of units) {
    if (existing.has(unit.code)) continue;
    const parentPath = unit.parentCode ? existing.get(unit.parentCode) : '/';
    if (parentPath === undefined) {
      throw new Error(`parent ${unit.parentCode ?? ''} of ${unit.code} not loaded first`);
    }
    const path = `${parentPath}${unit.code}/`;
    await db
      .insertInto('org_units')
      .values({
        code: unit.code,
        name: unit.name,
        level: unit.level,
        level_rank: levelRank(unit.level),
        parent_code: unit.parentCode,
        path,
        facility_type: unit.facilityType ?? null,
        grade: unit.grade ?? null,
        ownership: unit.ownership ?? null,
        synthetic: unit.synthetic ?? false,
      })
      .execute();
    if (unit.parentCode) {
      await db
        .insertInto('org_unit_parents')
        .values({ code: unit.code, parent_code: unit.parentCode })
        .execute();
    }
    existing.set(unit.code, path);
    inserted++;
  }
  return inserted;
}

/** One unit by code. */
export async function findOrgUnit(db: Kysely<DB>, code: string): Promise<OrgUnit | undefined> {
  const row = await db
    .selectFrom('org_units')
    .select(UNIT_COLUMNS)
    .where('code', '=', code)
    .executeTakeFirst();
  return row ? toUnit(row) : undefined;
}

/** Whether `code` is `scopeCode` or lies below it in the tree. */
export async function isWithin(db: Kysely<DB>, code: string, scopeCode: string): Promise<boolean> {
  const row = await db
    .selectFrom('org_units')
    .select('code')
    .where('code', '=', code)
    .where('path', 'like', `%/${scopeCode}/%`)
    .executeTakeFirst();
  return row !== undefined;
}

/** Units at or below a scope, ordered by path. */
export async function listOrgUnits(
  db: Kysely<DB>,
  scopeCode: string
): Promise<{ code: string; name: string; level: string; parentCode: string | null; path: string }[]> {
  const rows = await db
    .selectFrom('org_units')
    .select(['code', 'name', 'level', 'parent_code', 'path'])
    .where('path', 'like', `%/${scopeCode}/%`)
    .orderBy('path')
    .execute();
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    level: r.level,
    parentCode: r.parent_code,
    path: r.path,
  }));
}

/** Paths of units by code (unknown codes are absent); `null` for every unit there is. */
export async function unitPaths(
  db: Kysely<DB>,
  codes: readonly string[] | null
): Promise<Map<string, string>> {
  if (codes !== null && codes.length === 0) return new Map();
  let query = db.selectFrom('org_units').select(['code', 'path']);
  if (codes !== null) query = query.where('code', 'in', [...new Set(codes)]);
  return new Map((await query.execute()).map((r) => [r.code, r.path]));
}

/** What selects units: below a unit and within a scope, of some levels (and facility types). */
export interface UnitFilter {
  /** At or below these units (each a code; all must hold). */
  below: readonly string[];
  levels?: readonly string[];
  levelRank?: number;
  facilityTypes?: readonly string[];
  parentCode?: string;
  code?: string;
  excludeCode?: string;
  synthetic?: boolean;
  orderBy?: 'path' | 'code';
  limit?: number;
}

/** Units matching a filter. */
export async function findUnits(db: Kysely<DB>, f: UnitFilter): Promise<OrgUnit[]> {
  let query = db.selectFrom('org_units').select(UNIT_COLUMNS);
  for (const code of f.below) query = query.where('path', 'like', `%/${code}/%`);
  if (f.levels) query = query.where('level', 'in', [...f.levels]);
  if (f.levelRank !== undefined) query = query.where('level_rank', '=', f.levelRank);
  if (f.facilityTypes) query = query.where('facility_type', 'in', [...f.facilityTypes]);
  if (f.parentCode !== undefined) query = query.where('parent_code', '=', f.parentCode);
  if (f.code !== undefined) query = query.where('code', '=', f.code);
  if (f.excludeCode !== undefined) query = query.where('code', '!=', f.excludeCode);
  if (f.synthetic !== undefined) query = query.where('synthetic', '=', f.synthetic);
  if (f.orderBy) query = query.orderBy(f.orderBy);
  if (f.limit !== undefined) query = query.limit(f.limit);
  return (await query.execute()).map(toUnit);
}

/** A unit's parent links, oldest first as stored (valid_from as YYYY-MM-DD). */
export async function parentLinks(
  db: Kysely<DB>,
  code: string
): Promise<{ parentCode: string; from: string; validTo: Date | null; applied: boolean }[]> {
  const rows = await db
    .selectFrom('org_unit_parents')
    .select(['parent_code', sql<string>`valid_from::text`.as('from'), 'valid_to', 'applied'])
    .where('code', '=', code)
    .execute();
  return rows.map((r) => ({
    parentCode: r.parent_code,
    from: r.from,
    validTo: r.valid_to,
    applied: r.applied,
  }));
}

/** The first of these units that has a move not yet in effect, if any. */
export async function unitWithPendingMove(db: Kysely<DB>, codes: readonly string[]): Promise<string | null> {
  const row = await db
    .selectFrom('org_unit_parents')
    .select('code')
    .where('code', 'in', [...codes])
    .where('applied', '=', false)
    .executeTakeFirst();
  return row?.code ?? null;
}

/** Close a unit's open parent link on a date and open the new one from it. */
export async function insertMove(
  db: Kysely<DB>,
  move: { code: string; parentCode: string; validFrom: string; applied: boolean }
): Promise<void> {
  await db
    .updateTable('org_unit_parents')
    .set({ valid_to: move.validFrom })
    .where('code', '=', move.code)
    .where('valid_to', 'is', null)
    .execute();
  await db
    .insertInto('org_unit_parents')
    .values({
      code: move.code,
      parent_code: move.parentCode,
      valid_from: move.validFrom,
      applied: move.applied,
    })
    .execute();
}

/** Give a unit (and everything below it) the materialised path under a new parent. */
export async function rewritePath(db: Kysely<DB>, unit: OrgUnit, parent: OrgUnit): Promise<void> {
  const newPath = `${parent.path}${unit.code}/`;
  await sql`UPDATE org_units SET path = ${newPath} || substr(path, ${unit.path.length + 1}) WHERE path LIKE ${`${unit.path}%`}`.execute(
    db
  );
  await db.updateTable('org_units').set({ parent_code: parent.code }).where('code', '=', unit.code).execute();
}

/** Moves dated on or before `today` that are not applied yet, oldest first. */
export async function dueMoves(
  db: Kysely<DB>,
  today: string
): Promise<{ code: string; parentCode: string; from: string }[]> {
  const rows = await db
    .selectFrom('org_unit_parents')
    .select(['code', 'parent_code', sql<string>`valid_from::text`.as('from')])
    .where('applied', '=', false)
    .where(sql<boolean>`valid_from <= ${today}::date`)
    .orderBy('valid_from')
    .execute();
  return rows.map((r) => ({ code: r.code, parentCode: r.parent_code, from: r.from }));
}

/** Mark a pending move applied; false when another node claimed it first. */
export async function claimMove(db: Kysely<DB>, code: string, from: string): Promise<boolean> {
  const claimed = await db
    .updateTable('org_unit_parents')
    .set({ applied: true })
    .where('code', '=', code)
    .where(sql<boolean>`valid_from = ${from}::date`)
    .where('applied', '=', false)
    .executeTakeFirst();
  return Number(claimed.numUpdatedRows) > 0;
}

/**
 * Delete the synthetic units (children before parents) with their parent links, except units a
 * user still belongs to. Call after everything that refers to them is gone.
 * @returns how many units were deleted
 */
export async function deleteSyntheticUnits(db: Kysely<DB>): Promise<number> {
  await sql`DELETE FROM org_unit_parents p USING org_units u WHERE u.code = p.code AND u.synthetic`.execute(
    db
  );
  let units = 0;
  for (const rank of [5, 4, 3, 2, 1]) {
    const r =
      await sql`DELETE FROM org_units WHERE synthetic AND level_rank = ${rank} AND code NOT IN (SELECT org_unit_code FROM users)`.execute(
        db
      );
    units += Number(r.numAffectedRows ?? 0);
  }
  return units;
}
