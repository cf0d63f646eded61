/**
 * Residents as the immunization answers show them: the name opened with the field cipher and
 * masked unless the role's work needs it (`resident:identifiers`), and the scope rule — a child is
 * in scope when its home unit, or the clinic concerned, lies in the caller's org-unit scope.
 */
import { AppError, can, maskName, type ImmunizationChild, type Role } from '@weijian/core';
import type { Db } from '../../db/connection';
import type { FieldCipher } from '../../crypto/field-cipher';
import * as repo from './repository';

/** Who asks: the role decides masking, the org unit the scope. */
export interface Caller {
  id: number | null;
  username: string;
  role: Role;
  orgUnitCode: string;
}

/** A child as answers show it. */
export function showChild(
  child: repo.ChildRow,
  caller: Caller,
  cipher: FieldCipher | undefined
): ImmunizationChild {
  let name = '***';
  if (cipher) {
    const clear = cipher.open(child.nameSealed, 'residents.name');
    name = can(caller.role, 'resident:identifiers') ? clear : maskName(clear);
  }
  return {
    id: child.id,
    name,
    sex: child.sex,
    birthDate: child.birthDate,
    homeUnit: child.homeUnit,
    synthetic: child.synthetic,
  };
}

const notFound = (id: number): AppError =>
  new AppError('NOT_FOUND', {
    zh: `居民不存在或不在您的范围内：${id}`,
    en: `Unknown resident or outside your scope: ${id}`,
  });

/** Whether a unit path lies in a scope. */
export const pathWithin = (path: string, scope: string): boolean => path.includes(`/${scope}/`);

/**
 * A resident the caller may read: active (not merged away), living in the scope or vaccinated at
 * a clinic in it. @throws AppError NOT_FOUND otherwise (unknown and out of scope are not told apart)
 */
export async function readableChild(db: Db, id: number, scope: string): Promise<repo.ChildRow> {
  const [child] = await repo.findChildren(db, [id]);
  if (!child || child.status === 'merged') throw notFound(id);
  if (pathWithin(child.homePath, scope) || (await repo.hasDoseInScope(db, id, scope))) return child;
  throw notFound(id);
}

/** A resident who exists and has not been merged away. @throws AppError NOT_FOUND */
export async function existingChild(db: Db, id: number): Promise<repo.ChildRow> {
  const [child] = await repo.findChildren(db, [id]);
  if (!child || child.status === 'merged') throw notFound(id);
  return child;
}
