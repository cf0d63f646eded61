/**
 * Units and the pieces every matcher shares: the unit pattern, the common fields of a target, the
 * split of a measure word from the thing counted, and comparison symbols.
 */
import { PREFIX_OPERATORS, normaliseUnit } from './lexicon';
import type { ParseInput } from './parse';
import type { Comparator, TargetWarning } from './types';

/**
 * A unit as written after a number: no digits, nothing that starts another clause, and none of
 * the words that join or bound targets (或, 和, 以上, 左右, 不低于 …), so that
 * `2%左右或不低于全省平均水平` never passes for a number with a long unit.
 */
export const UNIT = String.raw`([^\d≥≤<>=~—:;,、+→或和与及不以左()]{1,24}?)`;

/** Fields every target carries: the raw text, the unit, the per-scope, the note, the warnings. */
export function base(input: ParseInput, unit?: string, warnings: TargetWarning[] = []) {
  const u = normaliseUnit(unit);
  return {
    raw: input.raw,
    ...(u !== undefined ? { unit: u } : {}),
    ...(input.per !== undefined ? { per: input.per } : {}),
    ...(input.note !== undefined ? { note: input.note } : {}),
    warnings,
  };
}

/** Measure words (家, 所, 张 …) that may be followed by the thing counted. */
const MEASURE_WORDS = '个家所项名张间场床台支';

/** Split a measure word from the thing counted: `个国家卫生县城` → 个 + 国家卫生县城. */
export function splitMeasureWord(unit: string | undefined, input: ParseInput): string | undefined {
  if (!unit) return unit;
  const u = unit.trim();
  const m = new RegExp(`^([${MEASURE_WORDS}])([\\u4e00-\\u9fa5]{2,})$`).exec(u);
  if (!m || u.startsWith('个百分点')) return u;
  input.note = input.note ? `${m[2] ?? ''}; ${input.note}` : m[2];
  return m[1];
}

/** The comparator a symbol or word stands for. */
export function opOfSymbol(symbol: string): Comparator {
  return PREFIX_OPERATORS.find(([w]) => w === symbol)?.[1] ?? 'eq';
}
