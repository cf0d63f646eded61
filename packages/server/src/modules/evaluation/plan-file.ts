/** The stored content of a plan's current version, as the plan file it was loaded from. */
import type { Kysely } from 'kysely';
import { planFileSchema, type PlanFile } from '@weijian/core';
import type { DB } from '../../db/types';

export async function planFileOf(db: Kysely<DB>, planId: string): Promise<PlanFile> {
  const row = await db
    .selectFrom('plan_versions')
    .innerJoin('plans', (j) =>
      j.onRef('plans.id', '=', 'plan_versions.plan_id').onRef('plans.version', '=', 'plan_versions.version')
    )
    .select('plan_versions.content')
    .where('plan_versions.plan_id', '=', planId)
    .executeTakeFirstOrThrow();
  return planFileSchema.parse(row.content);
}
