/** SQL for the notifiable-disease table, one row per version of a disease's entry. */
import { sql, type Kysely } from 'kysely';
import type { NotifiableDisease } from '@weijian/core';
import type { DB } from '../../../db/types';

/** Insert or replace one version (keyed by code and effective date). */
export async function upsertDisease(db: Kysely<DB>, d: NotifiableDisease): Promise<void> {
  const row = {
    code: d.code,
    effective_from: d.effectiveFrom,
    effective_to: d.effectiveTo,
    name: d.name.zh,
    name_en: d.name.en,
    class: d.class,
    managed_as_a: d.managedAsA,
    single_case_alert: d.singleCaseAlert,
    report_limit_hours: d.reportLimitHours,
    syndrome_group: d.syndromeGroup,
    replaced_by: d.replacedBy,
    basis: d.basis,
  };
  await db
    .insertInto('notifiable_diseases')
    .values(row)
    .onConflict((oc) => oc.columns(['code', 'effective_from']).doUpdateSet(row))
    .execute();
}

/** Every version, oldest first per code. */
export async function listDiseases(db: Kysely<DB>): Promise<NotifiableDisease[]> {
  const rows = await db
    .selectFrom('notifiable_diseases')
    .select([
      'code',
      sql<string>`effective_from::text`.as('effective_from'),
      sql<string | null>`effective_to::text`.as('effective_to'),
      'name',
      'name_en',
      'class',
      'managed_as_a',
      'single_case_alert',
      'report_limit_hours',
      'syndrome_group',
      'replaced_by',
      'basis',
    ])
    .orderBy('code')
    .orderBy('effective_from')
    .execute();
  return rows.map((r) => toDisease({ ...r, report_limit_hours: r.report_limit_hours as 2 | 24 }));
}

/**
 * A version from its columns, as the table (and the shipped CSV, whose header names them alike)
 * holds them.
 */
export function toDisease(r: {
  code: string;
  effective_from: string;
  effective_to: string | null;
  name: string;
  name_en: string;
  class: NotifiableDisease['class'];
  managed_as_a: boolean;
  single_case_alert: boolean;
  report_limit_hours: 2 | 24;
  syndrome_group: string;
  replaced_by: string | null;
  basis: string | null;
}): NotifiableDisease {
  return {
    code: r.code,
    effectiveFrom: r.effective_from,
    effectiveTo: r.effective_to,
    name: { zh: r.name, en: r.name_en },
    class: r.class,
    managedAsA: r.managed_as_a,
    singleCaseAlert: r.single_case_alert,
    reportLimitHours: r.report_limit_hours,
    syndromeGroup: r.syndrome_group,
    replacedBy: r.replaced_by,
    basis: r.basis,
  };
}
