/**
 * The stored content of a plan's current version, as the plan file it was loaded from. Parsed
 * plans are kept per (id, version): a new version has a new number, so the cache never goes stale.
 */
import type { Kysely } from 'kysely';
import { planFileSchema, type PlanFile } from '@weijian/core';
import type { DB } from '../../db/types';

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
