/**
 * The `ou` dimension of an analytics query: codes, LEVEL-n (1 province, 2 city, 3 district or
 * county, 4 street or township, 5 facility) and CHILDREN:code, always within the user's scope.
 */
import type { Kysely } from 'kysely';
import { AppError } from '@weijian/core';
import type { DB } from '../../db/types';

export interface SelectedUnit {
  code: string;
  name: string;
  level: string;
  levelRank: number;
  parent: string | null;
}

/** Resolve ou selectors to units within the scope, in a stable order. */
export async function resolveOrgUnits(
  db: Kysely<DB>,
  selectors: readonly string[],
  scope: string
): Promise<SelectedUnit[]> {
  const out = new Map<string, SelectedUnit>();
  const base = db
    .selectFrom('org_units')
    .select(['code', 'name', 'level', 'level_rank', 'parent_code', 'path'])
    .where('path', 'like', `%/${scope}/%`);
  for (const sel of selectors) {
    let rows;
    const level = /^LEVEL-([1-5])$/.exec(sel);
    const children = /^CHILDREN:(.+)$/.exec(sel);
    if (level) rows = await base.where('level_rank', '=', Number(level[1])).orderBy('path').execute();
    else if (children) {
      rows = await base
        .where('parent_code', '=', children[1] ?? '')
        .orderBy('path')
        .execute();
    } else if (sel === 'USER_ORGUNIT') rows = await base.where('code', '=', scope).execute();
    else {
      rows = await base.where('code', '=', sel).execute();
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
        levelRank: r.level_rank ?? 5,
        parent: r.parent_code,
      });
    }
  }
  return [...out.values()];
}
