/**
 * Changing the hierarchy over time. Moving a unit to another parent from a date closes its old
 * link and opens a new one, so data before the date still rolls up along the old hierarchy and
 * data after it along the new one (a district split or merge keeps its history).
 */
import { sql, type Kysely } from 'kysely';
import { AppError } from '@weijian/core';
import type { DB } from '../../db/types';
import { writeAudit, type Actor } from '../audit/repository';
import { rollupSlices } from '../data/rollup';
import { findOrgUnit, insertMissingOrgUnits, type OrgUnitInput } from './repository';

/** Add units (parents must exist or come earlier in the list). */
export async function addOrgUnits(
  db: Kysely<DB>,
  actor: Actor,
  units: readonly OrgUnitInput[]
): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const n = await insertMissingOrgUnits(tx, units);
    if (n > 0) {
      await writeAudit(tx, actor, {
        action: 'create',
        entity: 'org_unit',
        entityId: units
          .map((u) => u.code)
          .slice(0, 20)
          .join(','),
        details: { count: n },
      });
    }
    return n;
  });
}

/**
 * Move a unit under a new parent from `validFrom` (ISO date) on.
 * @throws AppError NOT_FOUND / VALIDATION_FAILED
 */
export async function moveOrgUnit(
  db: Kysely<DB>,
  actor: Actor,
  code: string,
  newParent: string,
  validFrom: string
): Promise<void> {
  const [unit, parent] = await Promise.all([findOrgUnit(db, code), findOrgUnit(db, newParent)]);
  if (!unit || !parent) {
    throw new AppError('NOT_FOUND', {
      zh: `机构不存在：${!unit ? code : newParent}`,
      en: `Unknown org unit: ${!unit ? code : newParent}`,
    });
  }
  if (parent.path.includes(`/${code}/`)) {
    throw new AppError('VALIDATION_FAILED', {
      zh: '不能移到自己的下级之下',
      en: 'Cannot move a unit below itself',
    });
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(validFrom)) {
    throw new AppError(
      'VALIDATION_FAILED',
      { zh: '生效日期格式应为 YYYY-MM-DD', en: 'validFrom must be YYYY-MM-DD' },
      [{ field: 'validFrom', value: validFrom, message: { zh: '日期无效', en: 'Invalid date' } }]
    );
  }
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('org_unit_parents')
      .set({ valid_to: validFrom })
      .where('code', '=', code)
      .where('valid_to', 'is', null)
      .execute();
    await tx
      .insertInto('org_unit_parents')
      .values({ code, parent_code: newParent, valid_from: validFrom })
      .execute();
    const newPath = `${parent.path}${code}/`;
    await sql`UPDATE org_units SET path = ${newPath} || substr(path, ${unit.path.length + 1}) WHERE path LIKE ${`${unit.path}%`}`.execute(
      tx
    );
    await tx.updateTable('org_units').set({ parent_code: newParent }).where('code', '=', code).execute();
    const slices = await sql<{ element: string; period: string }>`
      SELECT DISTINCT v.element, v.period FROM data_values v JOIN org_units u ON u.code = v.org_unit
      WHERE u.path LIKE ${`${newPath}%`}`.execute(tx);
    await rollupSlices(tx, slices.rows);
    await writeAudit(tx, actor, {
      action: 'move',
      entity: 'org_unit',
      entityId: code,
      details: { from: unit.parent_code, to: newParent, validFrom },
    });
  });
}

/**
 * A unit the caller may see.
 * @throws AppError NOT_FOUND when it does not exist or lies outside the scope (not told apart)
 */
export async function unitInScope(
  db: Kysely<DB>,
  code: string,
  scope: string
): Promise<{ code: string; name: string }> {
  const unit = await findOrgUnit(db, code);
  if (!unit?.path.includes(`/${scope}/`)) {
    throw new AppError('NOT_FOUND', {
      zh: `机构不存在或不在您的范围内：${code}`,
      en: `Unknown org unit or outside your scope: ${code}`,
    });
  }
  return { code: unit.code, name: unit.name };
}
