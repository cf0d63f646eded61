/**
 * Validation rules as data (catalogue/validation-rules.yaml): left side, operator, right side,
 * an optional condition, and what to do when values are missing, as in DHIS2.
 */
import { z } from 'zod';
import { evaluateFormula, formulaElements, parseFormula } from '../indicators/formula';

export const validationRuleSchema = z.object({
  code: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
  name: z.object({ zh: z.string(), en: z.string() }),
  left: z.string(),
  operator: z.enum(['>=', '>', '<=', '<', '==', '!=']),
  right: z.string(),
  /** The rule applies only where this formula is > 0 (e.g. "where deaths > 0"). */
  when: z.string().optional(),
  missingValueStrategy: z.enum(['SKIP_IF_ANY_VALUE_MISSING', 'SKIP_IF_ALL_VALUES_MISSING', 'NEVER_SKIP']),
  importance: z.enum(['high', 'medium', 'low']).default('medium'),
});
export type ValidationRule = z.infer<typeof validationRuleSchema>;

export interface RuleOutcome {
  status: 'pass' | 'fail' | 'skipped';
  left: number | null;
  right: number | null;
}

/** Elements a rule reads. */
export function ruleElements(rule: ValidationRule): string[] {
  const parts = [rule.left, rule.right, ...(rule.when ? [rule.when] : [])];
  return [...new Set(parts.flatMap((p) => formulaElements(parseFormula(p))))];
}

/** Evaluate a rule on values (missing elements absent or null). NEVER_SKIP treats missing as 0. */
export function evaluateRule(
  rule: ValidationRule,
  values: Readonly<Record<string, number | null | undefined>>
): RuleOutcome {
  const elements = ruleElements(rule);
  const present = elements.filter((e) => values[e] !== undefined && values[e] !== null);
  if (rule.missingValueStrategy === 'SKIP_IF_ANY_VALUE_MISSING' && present.length < elements.length) {
    return { status: 'skipped', left: null, right: null };
  }
  if (rule.missingValueStrategy === 'SKIP_IF_ALL_VALUES_MISSING' && present.length === 0) {
    return { status: 'skipped', left: null, right: null };
  }
  const filled: Record<string, number> = {};
  for (const e of elements) filled[e] = values[e] ?? 0;
  if (rule.when !== undefined && !((evaluateFormula(parseFormula(rule.when), filled) ?? 0) > 0)) {
    return { status: 'skipped', left: null, right: null };
  }
  const left = evaluateFormula(parseFormula(rule.left), filled);
  const right = evaluateFormula(parseFormula(rule.right), filled);
  if (left === null || right === null) return { status: 'skipped', left, right };
  const ok = {
    '>=': left >= right,
    '>': left > right,
    '<=': left <= right,
    '<': left < right,
    '==': left === right,
    '!=': left !== right,
  }[rule.operator];
  return { status: ok ? 'pass' : 'fail', left, right };
}
