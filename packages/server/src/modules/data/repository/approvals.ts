/** SQL for approvals: a data set × org unit × period approved (and so locked). */
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/types';
import type { ApprovalKey } from '../keys';

/** Approvals that lock any of these elements in these periods: data set, approving unit, period. */
export async function approvalsFor(
  db: Kysely<DB>,
  elements: readonly string[],
  periods: readonly string[]
): Promise<{ dataSet: string; orgUnit: string; period: string; element: string }[]> {
  if (elements.length === 0) return [];
  const rows = await db
    .selectFrom('approvals')
    .innerJoin('data_set_elements', 'data_set_elements.data_set', 'approvals.data_set')
    .select(['approvals.data_set', 'approvals.org_unit', 'approvals.period', 'data_set_elements.element'])
    .where('data_set_elements.element', 'in', [...new Set(elements)])
    .where('approvals.period', 'in', [...new Set(periods)])
    .execute();
  return rows.map((r) => ({
    dataSet: r.data_set,
    orgUnit: r.org_unit,
    period: r.period,
    element: r.element,
  }));
}

/** Record an approval; false when it existed already. */
export async function insertApproval(db: Kysely<DB>, key: ApprovalKey, approvedBy: string): Promise<boolean> {
  const r = await db
    .insertInto('approvals')
    .values({ data_set: key.dataSet, org_unit: key.orgUnit, period: key.period, approved_by: approvedBy })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Remove an approval; false when there was none. */
export async function deleteApproval(db: Kysely<DB>, key: ApprovalKey): Promise<boolean> {
  const r = await db
    .deleteFrom('approvals')
    .where('data_set', '=', key.dataSet)
    .where('org_unit', '=', key.orgUnit)
    .where('period', '=', key.period)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** An approval of a data set and period by one of these units, if any. */
export async function approvalByAny(
  db: Kysely<DB>,
  q: { dataSet: string; period: string; units: readonly string[] }
): Promise<{ orgUnit: string; approvedBy: string } | null> {
  const row = await db
    .selectFrom('approvals')
    .select(['org_unit', 'approved_by'])
    .where('data_set', '=', q.dataSet)
    .where('period', '=', q.period)
    .where('org_unit', 'in', [...q.units])
    .executeTakeFirst();
  return row ? { orgUnit: row.org_unit, approvedBy: row.approved_by } : null;
}
