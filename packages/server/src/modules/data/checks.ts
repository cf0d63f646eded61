/**
 * Validation rules run where data lands: on the values of each (org unit, period) just written,
 * and on demand over stored data. Failures are kept in validation_results for review.
 */
import { sql, type Kysely } from 'kysely';
import { evaluateRule, ruleElements, type Catalogue } from '@weijian/core';
import type { DB } from '../../db/types';

export type { RuleFailure } from '@weijian/core';
import type { RuleFailure } from '@weijian/core';

/** Evaluate every rule whose elements appear in a group of values keyed by unit and period. */
export function checkGroups(
  catalogue: Catalogue,
  groups: Map<string, Record<string, number>>
): { failures: RuleFailure[]; passed: { rule: string; orgUnit: string; period: string }[] } {
  const failures: RuleFailure[] = [];
  const passed: { rule: string; orgUnit: string; period: string }[] = [];
  for (const [key, values] of groups) {
    const [orgUnit = '', period = ''] = key.split('\u0000');
    for (const rule of catalogue.validationRules) {
      if (!ruleElements(rule).some((e) => e in values)) continue;
      const outcome = evaluateRule(rule, values);
      if (outcome.status === 'fail') {
        failures.push({
          rule: rule.code,
          name: rule.name,
          orgUnit,
          period,
          left: outcome.left,
          right: outcome.right,
        });
      } else passed.push({ rule: rule.code, orgUnit, period });
    }
  }
  return { failures, passed };
}

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

/** Run every rule over stored values of units within a scope for the given native periods. */
export async function runRules(
  db: Kysely<DB>,
  catalogue: Catalogue,
  scope: string,
  periods: readonly string[]
): Promise<RuleFailure[]> {
  const rows = await sql<{ org_unit: string; period: string; element: string; value: number }>`
    SELECT v.org_unit, v.period, v.element, sum(v.value) AS value
    FROM data_values v JOIN org_units u ON u.code = v.org_unit
    WHERE u.path LIKE ${`%/${scope}/%`} AND v.period = ANY(${[...periods]}::text[])
    GROUP BY v.org_unit, v.period, v.element`.execute(db);
  const groups = new Map<string, Record<string, number>>();
  for (const r of rows.rows) {
    const key = `${r.org_unit}\u0000${r.period}`;
    const g = groups.get(key) ?? {};
    g[r.element] = r.value;
    groups.set(key, g);
  }
  const { failures, passed } = checkGroups(catalogue, groups);
  await recordRuleResults(db, failures, passed);
  return failures;
}
