/** SQL for organisation units. Scope checks use the materialised path of codes. */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types';

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
export async function findOrgUnit(db: Kysely<DB>, code: string) {
  return db.selectFrom('org_units').selectAll().where('code', '=', code).executeTakeFirst();
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
export async function listOrgUnits(db: Kysely<DB>, scopeCode: string) {
  return db
    .selectFrom('org_units')
    .select(['code', 'name', 'level', 'parent_code', 'path'])
    .where('path', 'like', `%/${scopeCode}/%`)
    .orderBy('path')
    .execute();
}
