/**
 * Validation rules run where data lands: on the values of each (org unit, period) just written,
 * and on demand over stored data. Failures are kept in validation_results for review.
 */
import { evaluateRule, ruleElements, type Catalogue } from '@weijian/core';
import type { Db } from '../../db/connection';
import { sumsInScope } from './repository/values';
import { recordRuleResults } from './repository/validation';

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

/** Run every rule over stored values of units within a scope for the given native periods. */
export async function runRules(
  db: Db,
  catalogue: Catalogue,
  scope: string,
  periods: readonly string[]
): Promise<RuleFailure[]> {
  const rows = await sumsInScope(db, scope, periods);
  const groups = new Map<string, Record<string, number>>();
  for (const r of rows) {
    const key = `${r.orgUnit}\u0000${r.period}`;
    const g = groups.get(key) ?? {};
    g[r.element] = r.value;
    groups.set(key, g);
  }
  const { failures, passed } = checkGroups(catalogue, groups);
  await recordRuleResults(db, failures, passed);
  return failures;
}
