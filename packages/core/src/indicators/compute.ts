/**
 * The one generic indicator engine: aggregate each data element over time by its aggregation
 * type, evaluate the catalogue's numerator and denominator, apply the factor. Rates are never
 * averaged; they are always recomputed from aggregated counts.
 */
import type { AggregationType, Indicator } from './catalogue';
import { evaluateFormula, formulaElements, parseFormula, type FormulaNode } from './formula';

/** One value of an element at one native period (already aggregated over org units). */
export interface ElementPoint {
  period: string;
  value: number;
  /** How many stored data values went into it. */
  n: number;
}

export interface AggregatedElement {
  value: number | null;
  n: number;
  /** The native periods the value was taken from. */
  periods: string[];
}

/**
 * Aggregate an element's points over time. SUM adds; AVERAGE* take the mean of the periods that
 * have data; LAST and NONE take the latest period with data.
 */
export function aggregateOverTime(type: AggregationType, points: readonly ElementPoint[]): AggregatedElement {
  if (points.length === 0) return { value: null, n: 0, periods: [] };
  const sorted = [...points].sort((a, b) => a.period.localeCompare(b.period));
  if (type === 'LAST' || type === 'NONE') {
    const last = sorted.at(-1) as ElementPoint;
    return { value: last.value, n: last.n, periods: [last.period] };
  }
  const total = sorted.reduce((s, p) => s + p.value, 0);
  const n = sorted.reduce((s, p) => s + p.n, 0);
  const value = type === 'SUM' ? total : total / sorted.length;
  return { value, n, periods: sorted.map((p) => p.period) };
}

/** An indicator with its formulas parsed once. */
export interface CompiledIndicator {
  indicator: Indicator;
  numerator: FormulaNode;
  denominator: FormulaNode | null;
  /** Every data element either formula uses. */
  elements: string[];
}

export function compileIndicator(indicator: Indicator): CompiledIndicator {
  const numerator = parseFormula(indicator.numerator);
  const denominator = indicator.denominator ? parseFormula(indicator.denominator) : null;
  const elements = [
    ...new Set([...formulaElements(numerator), ...(denominator ? formulaElements(denominator) : [])]),
  ];
  return { indicator, numerator, denominator, elements };
}

export interface IndicatorValue {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  factor: number;
}

/**
 * Compute an indicator from its elements' aggregated values: numerator ÷ denominator × factor
 * (or numerator × factor without a denominator). Missing inputs or a zero denominator give null.
 */
export function computeIndicator(
  compiled: CompiledIndicator,
  values: Readonly<Record<string, number | null>>
): IndicatorValue {
  const factor = compiled.indicator.factor;
  const numerator = evaluateFormula(compiled.numerator, values);
  if (!compiled.denominator) {
    return { value: numerator === null ? null : numerator * factor, numerator, denominator: null, factor };
  }
  const denominator = evaluateFormula(compiled.denominator, values);
  const value =
    numerator === null || denominator === null || denominator === 0
      ? null
      : (numerator / denominator) * factor;
  return { value, numerator, denominator, factor };
}
