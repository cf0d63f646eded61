/**
 * Yearly totals of every data element for one region, shaped so that the indicators they yield
 * in the base year equal the values the plan states, moving toward the plan's targets after it.
 * Pure arithmetic; the generator distributes these totals over units and months.
 */
import {
  parseObserved,
  parseTarget,
  targetThreshold,
  type Catalogue,
  type Indicator,
  type PlanFile,
} from '@weijian/core';
import { DEFAULT_RATES, DEFAULT_STATISTICS } from './profile';

export interface Stated {
  indicator: string;
  year: number;
  value: number;
  target: { year: number; value: number } | null;
}

/** The number a target aims at: its threshold, or the baseline moved by a relative change. */
function targetNumber(raw: string, base: number): number | null {
  const t = parseTarget(raw);
  if (t.kind === 'change' && t.from.type === 'baseline') {
    const sign = t.direction === 'increase' ? 1 : -1;
    return t.mode === 'percent' ? base * (1 + (sign * t.amount) / 100) : base + sign * t.amount;
  }
  if (t.kind === 'range') return (t.min + t.max) / 2;
  return targetThreshold(t, 'increase');
}

/** Numeric baselines (and review-table actuals) the plans state for a region, with their targets. */
export function statedValues(plans: readonly PlanFile[], region: string): Stated[] {
  const out = new Map<string, Stated>();
  for (const plan of plans.filter((p) => p.region === region)) {
    for (const row of plan.rows) {
      if (!row.indicator) continue;
      const observed = plan.kind === 'review' ? row.actual : row.baseline;
      const value = observed ? parseObserved(observed.raw).value : null;
      if (!observed || value === null) continue;
      const own =
        row.targets.find((t) => t.level === (plan.region.endsWith('00') ? 'city' : 'district')) ??
        row.targets[0];
      const tv = own && plan.kind === 'plan' ? targetNumber(own.raw, value) : null;
      const key = `${row.indicator}@${observed.year}`;
      // A plan's own table wins over the previous plan's review table for the same year.
      if (out.has(key) && plan.kind === 'review') continue;
      out.set(key, {
        indicator: row.indicator,
        year: observed.year,
        value,
        target: own && tv !== null ? { year: own.year, value: tv } : null,
      });
    }
  }
  return [...out.values()];
}

function singleRef(formula: string | undefined): string | null {
  const m = formula ? /^\s*#\{([A-Z0-9_]+)\}\s*$/.exec(formula) : null;
  return m?.[1] ?? null;
}

/** Rates cannot go below zero, nor shares above a hundred per cent. */
function bounded(ind: Indicator, v: number): number {
  return Math.max(0, ind.unit === '%' && ind.factor === 100 ? Math.min(100, v) : v);
}

/** The rate an indicator should show in a year: the stated value at its year, a trend around it. */
function rateIn(s: Stated, ind: Indicator, year: number, pace: number): number {
  const sign = ind.direction === 'decrease' ? -1 : 1;
  if (year === s.year) return s.value;
  if (year < s.year) return s.value * (1 - 0.015 * sign * (s.year - year));
  if (s.target && s.target.year > s.year) {
    const share = Math.min(1, (year - s.year) / (s.target.year - s.year));
    if (pace >= 0) return bounded(ind, s.value + (s.target.value - s.value) * share * pace);
    // Backwards: away from the better direction by a share of the distance to the target (a
    // tenth of the value when the target is the value itself).
    const gap = Math.abs(s.target.value - s.value) || Math.abs(s.value) * 0.1;
    return bounded(ind, s.value - sign * gap * share * -pace);
  }
  return s.value * (1 + 0.01 * sign * (year - s.year));
}

/**
 * Yearly totals for one region and year.
 * @param pace - per indicator, how fast it moves toward its target (1 = on schedule)
 */
export function yearlyTotals(
  catalogue: Catalogue,
  stated: readonly Stated[],
  population: number,
  year: number,
  pace: (indicator: string) => number
): Map<string, number> {
  const totals = new Map<string, number>();
  const pinned = new Set<string>();
  const indicators = new Map(catalogue.indicators.map((i) => [i.code, i]));
  const popStated = stated.find((s) => s.indicator === 'POPULATION');
  const basePop = popStated ? popStated.value * 10000 : population;
  totals.set('POP_RESIDENT', basePop * Math.pow(1.012, year - (popStated?.year ?? 2020)));
  pinned.add('POP_RESIDENT');
  for (const [code, v] of Object.entries(DEFAULT_STATISTICS)) totals.set(code, v);
  // Pin the stated indicators' numerators, re-deriving defaults around them until stable.
  const ordered = stated
    .filter((s) => s.indicator !== 'POPULATION')
    .sort(
      (a, b) =>
        Number(singleRef(indicators.get(a.indicator)?.denominator) !== 'POP_RESIDENT') -
        Number(singleRef(indicators.get(b.indicator)?.denominator) !== 'POP_RESIDENT')
    );
  for (let pass = 0; pass < 6; pass++) {
    for (const [code, d] of Object.entries(DEFAULT_RATES)) {
      if (pinned.has(code)) continue;
      const base = totals.get(d.per ?? 'POP_RESIDENT');
      if (base !== undefined) totals.set(code, base * d.rate);
    }
    const claimed = new Set<string>();
    for (const s of ordered) {
      const ind = indicators.get(s.indicator);
      const num = singleRef(ind?.numerator);
      if (!ind || !num || claimed.has(num)) continue;
      const den = singleRef(ind.denominator);
      if (ind.denominator && (!den || totals.get(den) === undefined)) continue;
      const rate = rateIn(s, ind, year, pace(s.indicator));
      totals.set(num, den ? (rate * (totals.get(den) as number)) / ind.factor : rate / ind.factor);
      pinned.add(num);
      claimed.add(num);
    }
  }
  return totals;
}
