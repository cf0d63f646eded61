/**
 * The stored content of a plan's current version, as the plan file it was loaded from. Parsed
 * plans are kept per (id, version): a new version has a new number, so the cache never goes stale.
 */
import type { Kysely } from 'kysely';
import { AppError, planFileSchema, type PlanFile } from '@weijian/core';
import type { DB } from '../../db/types';
import { isWithin } from '../orgunits';

const cache = new Map<string, PlanFile>();

export async function planFileOf(db: Kysely<DB>, planId: string): Promise<PlanFile> {
  const head = await db
    .selectFrom('plans')
    .select(['version', 'content_hash'])
    .where('id', '=', planId)
    .executeTakeFirstOrThrow();
  const key = `${planId}\u0000${head.version}\u0000${head.content_hash}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const row = await db
    .selectFrom('plan_versions')
    .select('content')
    .where('plan_id', '=', planId)
    .where('version', '=', head.version)
    .executeTakeFirstOrThrow();
  const plan = planFileSchema.parse(row.content);
  if (cache.size > 200) cache.clear();
  cache.set(key, plan);
  return plan;
}

/**
 * The plan's region when the plan exists and lies within the scope.
 * @throws AppError NOT_FOUND otherwise (the two are not told apart, so ids cannot be probed)
 */
export async function planRegionInScope(db: Kysely<DB>, planId: string, scope: string): Promise<string> {
  const header = await db
    .selectFrom('plans')
    .select('region_code')
    .where('id', '=', planId)
    .executeTakeFirst();
  if (!header || !(await isWithin(db, header.region_code, scope))) {
    throw new AppError('NOT_FOUND', { zh: `规划不存在：${planId}`, en: `No such plan: ${planId}` });
  }
  return header.region_code;
}
