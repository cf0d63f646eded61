/** SQL for validation results: the rule failures found where data landed, kept for review. */
import { sql, type Kysely } from 'kysely';
import type { RuleFailure, StoredRuleFailure } from '@weijian/core';
import type { DB } from '../../../db/types';

/** Store failures and clear earlier failures that now pass. */
export async function recordRuleResults(
  db: Kysely<DB>,
  failures: readonly RuleFailure[],
  passed: readonly { rule: string; orgUnit: string; period: string }[]
): Promise<void> {
  if (passed.length > 0) {
    await sql`DELETE FROM validation_results r USING unnest(${passed.map((p) => p.rule)}::text[], ${passed.map((p) => p.orgUnit)}::text[], ${passed.map((p) => p.period)}::text[]) AS k(rule, org_unit, period)
      WHERE r.rule = k.rule AND r.org_unit = k.org_unit AND r.period = k.period`.execute(db);
  }
  if (failures.length > 0) {
    await sql`INSERT INTO validation_results (rule, org_unit, period, left_value, right_value)
      SELECT * FROM unnest(${failures.map((f) => f.rule)}::text[], ${failures.map((f) => f.orgUnit)}::text[], ${failures.map((f) => f.period)}::text[],
        ${failures.map((f) => f.left)}::float8[], ${failures.map((f) => f.right)}::float8[])
      ON CONFLICT (rule, org_unit, period) DO UPDATE SET left_value = excluded.left_value, right_value = excluded.right_value, found_at = now()`.execute(
      db
    );
  }
}

/** The stored failures of one unit and period. */
export async function storedFailures(
  db: Kysely<DB>,
  orgUnit: string,
  period: string
): Promise<StoredRuleFailure[]> {
  const rows = await db
    .selectFrom('validation_results')
    .selectAll()
    .where('org_unit', '=', orgUnit)
    .where('period', '=', period)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    rule: r.rule,
    orgUnit: r.org_unit,
    period: r.period,
    left: r.left_value,
    right: r.right_value,
    foundAt: new Date(r.found_at).toISOString(),
  }));
}
