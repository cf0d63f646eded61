/**
 * The `ou` dimension of an analytics query: codes, LEVEL-n (1 province, 2 city, 3 district or
 * county, 4 street or township, 5 facility) and CHILDREN:code, always within the user's scope.
 */
import { AppError } from '@weijian/core';
import type { Db } from '../../db/connection';
import { findUnits, type OrgUnit } from './repository';

export interface SelectedUnit {
  code: string;
  name: string;
  level: string;
  levelRank: number;
  parent: string | null;
}

/** Resolve ou selectors to units within the scope, in a stable order. */
export async function resolveOrgUnits(
  db: Db,
  selectors: readonly string[],
  scope: string
): Promise<SelectedUnit[]> {
  const out = new Map<string, SelectedUnit>();
  const below = [scope];
  for (const sel of selectors) {
    let rows: OrgUnit[];
    const level = /^LEVEL-([1-5])$/.exec(sel);
    const children = /^CHILDREN:(.+)$/.exec(sel);
    if (level) rows = await findUnits(db, { below, levelRank: Number(level[1]), orderBy: 'path' });
    else if (children) rows = await findUnits(db, { below, parentCode: children[1] ?? '', orderBy: 'path' });
    else if (sel === 'USER_ORGUNIT') rows = await findUnits(db, { below, code: scope });
    else {
      rows = await findUnits(db, { below, code: sel });
      if (rows.length === 0) {
        throw new AppError(
          'NOT_FOUND',
          { zh: `机构不存在或不在您的范围内：${sel}`, en: `Unknown org unit or outside your scope: ${sel}` },
          [{ field: 'ou', value: sel, message: { zh: '机构无效', en: 'Invalid org unit' } }]
        );
      }
    }
    for (const r of rows) {
      out.set(r.code, {
        code: r.code,
        name: r.name,
        level: r.level,
        levelRank: r.levelRank,
        parent: r.parentCode,
      });
    }
  }
  return [...out.values()];
}
