/**
 * Changing the hierarchy over time. Moving a unit to another parent from a date closes its old
 * link and opens a new one, so data before the date still rolls up along the old hierarchy and
 * data after it along the new one (a district split or merge keeps its history).
 */
import { sql, type Kysely } from 'kysely';
import { AppError, isCalendarDate } from '@weijian/core';
import type { DB } from '../../db/types';
import { SYSTEM_ACTOR, writeAudit, type Actor } from '../audit/repository';
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

/** The calendar day in China (UTC+8, no daylight saving) at an instant, YYYY-MM-DD. */
export function chinaDay(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

const conflict = (zh: string, en: string, value?: string) =>
  new AppError('CONFLICT', { zh, en }, [
    { field: 'validFrom', ...(value ? { value } : {}), message: { zh, en } },
  ]);

/** Give a unit (and everything below it) the materialised path under its new parent. */
async function applyPath(tx: Kysely<DB>, code: string, newParent: string): Promise<void> {
  const [unit, parent] = await Promise.all([findOrgUnit(tx, code), findOrgUnit(tx, newParent)]);
  if (!unit || !parent) return;
  const newPath = `${parent.path}${code}/`;
  await sql`UPDATE org_units SET path = ${newPath} || substr(path, ${unit.path.length + 1}) WHERE path LIKE ${`${unit.path}%`}`.execute(
    tx
  );
  await tx.updateTable('org_units').set({ parent_code: newParent }).where('code', '=', code).execute();
}

/**
 * Move a unit under a new parent from `validFrom` (ISO date) on. Data of periods from that date
 * roll up along the new hierarchy at once; who may see the unit (the scope, by path) changes
 * only when the date has come, so a move dated in the future changes nobody's access before it.
 * @param today - the current day in China (chinaDay of the injected clock)
 * @throws AppError NOT_FOUND / VALIDATION_FAILED / CONFLICT (a repeated or overlapping move)
 */
export async function moveOrgUnit(
  db: Kysely<DB>,
  actor: Actor,
  code: string,
  newParent: string,
  validFrom: string,
  today: string
): Promise<{ effective: boolean }> {
  if (!isCalendarDate(validFrom)) {
    throw new AppError(
      'VALIDATION_FAILED',
      { zh: '生效日期应为存在的日期 YYYY-MM-DD', en: 'validFrom must be a date that exists, YYYY-MM-DD' },
      [{ field: 'validFrom', value: validFrom, message: { zh: '日期无效', en: 'Invalid date' } }]
    );
  }
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
  const links = await db
    .selectFrom('org_unit_parents')
    .select(['parent_code', sql<string>`valid_from::text`.as('from'), 'valid_to', 'applied'])
    .where('code', '=', code)
    .execute();
  const same = links.find((l) => l.from === validFrom);
  if (same?.parent_code === newParent) {
    throw conflict(
      `${code} 已于 ${validFrom} 起隶属 ${newParent}，无需重复调整`,
      `${code} is already under ${newParent} from ${validFrom}; the move was made before`,
      validFrom
    );
  }
  if (same) {
    throw conflict(
      `${code} 在 ${validFrom} 已有一次调整（至 ${same.parent_code}）`,
      `${code} already has a move on ${validFrom} (to ${same.parent_code})`,
      validFrom
    );
  }
  const open = links.find((l) => l.valid_to === null);
  if (open?.parent_code === newParent) {
    throw conflict(`${code} 已隶属 ${newParent}`, `${code} is already under ${newParent}`, validFrom);
  }
  if (open && validFrom <= open.from) {
    throw conflict(
      `生效日期须晚于上一次调整（${open.from}）`,
      `validFrom must be after the last move (${open.from})`,
      validFrom
    );
  }
  const pendingParent = await db
    .selectFrom('org_unit_parents')
    .select('code')
    .where('code', 'in', [code, newParent])
    .where('applied', '=', false)
    .executeTakeFirst();
  if (pendingParent) {
    throw conflict(
      `${pendingParent.code} 已有一次尚未生效的调整，请在其生效后再调整`,
      `${pendingParent.code} has a move that has not taken effect yet; move again after it does`,
      validFrom
    );
  }
  const effective = validFrom <= today;
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('org_unit_parents')
      .set({ valid_to: validFrom })
      .where('code', '=', code)
      .where('valid_to', 'is', null)
      .execute();
    await tx
      .insertInto('org_unit_parents')
      .values({ code, parent_code: newParent, valid_from: validFrom, applied: effective })
      .execute();
    if (effective) await applyPath(tx, code, newParent);
    const slices = await sql<{ element: string; period: string }>`
      SELECT DISTINCT v.element, v.period FROM data_values v JOIN org_units u ON u.code = v.org_unit
      WHERE u.path LIKE ${`${(await findOrgUnit(tx, code))?.path ?? unit.path}%`}`.execute(tx);
    await rollupSlices(tx, slices.rows);
    await writeAudit(tx, actor, {
      action: 'move',
      entity: 'org_unit',
      entityId: code,
      details: { from: unit.parent_code, to: newParent, validFrom, effective },
    });
  });
  return { effective };
}

/**
 * Bring the scope in line with moves whose date has come (called on every signed-in request;
 * an indexed look at the few pending links). Safe with several server nodes: a link is claimed
 * by one update, so the path is rewritten once.
 */
export async function applyDueMoves(db: Kysely<DB>, today: string): Promise<number> {
  const due = await db
    .selectFrom('org_unit_parents')
    .select(['code', 'parent_code', sql<string>`valid_from::text`.as('from')])
    .where('applied', '=', false)
    .where(sql<boolean>`valid_from <= ${today}::date`)
    .orderBy('valid_from')
    .execute();
  let applied = 0;
  for (const move of due) {
    await db.transaction().execute(async (tx) => {
      const claimed = await tx
        .updateTable('org_unit_parents')
        .set({ applied: true })
        .where('code', '=', move.code)
        .where(sql<boolean>`valid_from = ${move.from}::date`)
        .where('applied', '=', false)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) === 0) return;
      await applyPath(tx, move.code, move.parent_code);
      await writeAudit(tx, SYSTEM_ACTOR, {
        action: 'move_effective',
        entity: 'org_unit',
        entityId: move.code,
        details: { to: move.parent_code, validFrom: move.from },
      });
      applied++;
    });
  }
  return applied;
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
