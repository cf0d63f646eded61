/**
 * Changing the hierarchy over time. Moving a unit to another parent from a date closes its old
 * link and opens a new one, so data before the date still rolls up along the old hierarchy and
 * data after it along the new one (a district split or merge keeps its history).
 */
import { AppError, isCalendarDate } from '@weijian/core';
import type { Db } from '../../db/connection';
import { SYSTEM_ACTOR, writeAudit, type Actor } from '../audit';
import * as repo from './repository';
import type { OrgUnit, OrgUnitInput, UnitFilter } from './repository';

export type { OrgUnit, OrgUnitInput, UnitFilter } from './repository';
export { levelRank } from './repository';

/**
 * Called inside a move's transaction with the path of the moved subtree (after the move), so
 * whatever is computed along the hierarchy (the data module's roll-up) follows it at once. The
 * caller supplies it: org units know nothing of what is computed over them.
 */
export type MoveListener = (tx: Db, subtreePath: string) => Promise<void>;

/** Add units (parents must exist or come earlier in the list). */
export async function addOrgUnits(db: Db, actor: Actor, units: readonly OrgUnitInput[]): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const n = await repo.insertMissingOrgUnits(tx, units);
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
async function applyPath(tx: Db, code: string, newParent: string): Promise<void> {
  const [unit, parent] = await Promise.all([repo.findOrgUnit(tx, code), repo.findOrgUnit(tx, newParent)]);
  if (!unit || !parent) return;
  await repo.rewritePath(tx, unit, parent);
}

/**
 * Move a unit under a new parent from `validFrom` (ISO date) on. Data of periods from that date
 * roll up along the new hierarchy at once; who may see the unit (the scope, by path) changes
 * only when the date has come, so a move dated in the future changes nobody's access before it.
 * @param today - the current day in China (chinaDay of the injected clock)
 * @param onMoved - what must follow the move in the same transaction (the roll-up of data below it)
 * @throws AppError NOT_FOUND / VALIDATION_FAILED / CONFLICT (a repeated or overlapping move)
 */
export async function moveOrgUnit(
  db: Db,
  actor: Actor,
  code: string,
  newParent: string,
  validFrom: string,
  today: string,
  onMoved: MoveListener
): Promise<{ effective: boolean }> {
  if (!isCalendarDate(validFrom)) {
    throw new AppError(
      'VALIDATION_FAILED',
      { zh: '生效日期应为存在的日期 YYYY-MM-DD', en: 'validFrom must be a date that exists, YYYY-MM-DD' },
      [{ field: 'validFrom', value: validFrom, message: { zh: '日期无效', en: 'Invalid date' } }]
    );
  }
  const [unit, parent] = await Promise.all([repo.findOrgUnit(db, code), repo.findOrgUnit(db, newParent)]);
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
  const links = await repo.parentLinks(db, code);
  const same = links.find((l) => l.from === validFrom);
  if (same?.parentCode === newParent) {
    throw conflict(
      `${code} 已于 ${validFrom} 起隶属 ${newParent}，无需重复调整`,
      `${code} is already under ${newParent} from ${validFrom}; the move was made before`,
      validFrom
    );
  }
  if (same) {
    throw conflict(
      `${code} 在 ${validFrom} 已有一次调整（至 ${same.parentCode}）`,
      `${code} already has a move on ${validFrom} (to ${same.parentCode})`,
      validFrom
    );
  }
  const open = links.find((l) => l.validTo === null);
  if (open?.parentCode === newParent) {
    throw conflict(`${code} 已隶属 ${newParent}`, `${code} is already under ${newParent}`, validFrom);
  }
  if (open && validFrom <= open.from) {
    throw conflict(
      `生效日期须晚于上一次调整（${open.from}）`,
      `validFrom must be after the last move (${open.from})`,
      validFrom
    );
  }
  const pending = await repo.unitWithPendingMove(db, [code, newParent]);
  if (pending) {
    throw conflict(
      `${pending} 已有一次尚未生效的调整，请在其生效后再调整`,
      `${pending} has a move that has not taken effect yet; move again after it does`,
      validFrom
    );
  }
  const effective = validFrom <= today;
  await db.transaction().execute(async (tx) => {
    await repo.insertMove(tx, { code, parentCode: newParent, validFrom, applied: effective });
    if (effective) await applyPath(tx, code, newParent);
    await onMoved(tx, (await repo.findOrgUnit(tx, code))?.path ?? unit.path);
    await writeAudit(tx, actor, {
      action: 'move',
      entity: 'org_unit',
      entityId: code,
      details: { from: unit.parentCode, to: newParent, validFrom, effective },
    });
  });
  return { effective };
}

/**
 * Bring the scope in line with moves whose date has come (called on every signed-in request;
 * an indexed look at the few pending links). Safe with several server nodes: a link is claimed
 * by one update, so the path is rewritten once.
 */
export async function applyDueMoves(db: Db, today: string): Promise<number> {
  const due = await repo.dueMoves(db, today);
  let applied = 0;
  for (const move of due) {
    await db.transaction().execute(async (tx) => {
      if (!(await repo.claimMove(tx, move.code, move.from))) return;
      await applyPath(tx, move.code, move.parentCode);
      await writeAudit(tx, SYSTEM_ACTOR, {
        action: 'move_effective',
        entity: 'org_unit',
        entityId: move.code,
        details: { to: move.parentCode, validFrom: move.from },
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
  db: Db,
  code: string,
  scope: string
): Promise<{ code: string; name: string }> {
  const unit = await repo.findOrgUnit(db, code);
  if (!unit?.path.includes(`/${scope}/`)) {
    throw new AppError('NOT_FOUND', {
      zh: `机构不存在或不在您的范围内：${code}`,
      en: `Unknown org unit or outside your scope: ${code}`,
    });
  }
  return { code: unit.code, name: unit.name };
}

/** One unit by code, or undefined. */
export function findOrgUnit(db: Db, code: string): Promise<OrgUnit | undefined> {
  return repo.findOrgUnit(db, code);
}

/** Whether `code` is `scope` or lies below it. */
export function isWithin(db: Db, code: string, scope: string): Promise<boolean> {
  return repo.isWithin(db, code, scope);
}

/** Units at or below a scope, ordered by path. */
export function listOrgUnits(db: Db, scope: string): ReturnType<typeof repo.listOrgUnits> {
  return repo.listOrgUnits(db, scope);
}

/** Paths of units by code (unknown codes are absent); every unit's with `null`. */
export function unitPaths(db: Db, codes: readonly string[] | null): Promise<Map<string, string>> {
  return repo.unitPaths(db, codes);
}

/** Units matching a filter (below units, of levels, children of a unit …). */
export function findUnits(db: Db, filter: UnitFilter): Promise<OrgUnit[]> {
  return repo.findUnits(db, filter);
}

/**
 * Remove every synthetic unit (demo data) no user belongs to, with its parent links. Call inside
 * the removal's transaction after the data that refers to the units is gone.
 */
export function removeSyntheticUnits(tx: Db): Promise<number> {
  return repo.deleteSyntheticUnits(tx);
}
