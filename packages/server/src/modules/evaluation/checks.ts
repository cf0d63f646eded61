/** Contradictions in the values a plan states, and between it and the other plans of its region. */
import { checkConsistency, type ConsistencyFinding } from '@weijian/core';
import type { Db } from '../../db/connection';
import { planFilesOfRegion, planRegionInScope } from '../plans';

/**
 * The findings that concern one plan's rows.
 * @throws AppError NOT_FOUND for a plan outside the scope
 */
export async function planChecks(db: Db, scope: string, planId: string): Promise<ConsistencyFinding[]> {
  const region = await planRegionInScope(db, planId, scope);
  const plans = await planFilesOfRegion(db, region);
  return checkConsistency(plans).filter((f) => f.rows.some((r) => r.startsWith(`${planId}/`)));
}
