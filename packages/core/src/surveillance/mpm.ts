/**
 * CIDARS moving-percentile method (移动百分位数法). The observation is the count of the current
 * period (a week; for daily series the last 7 days); the baseline is the same period and `window`
 * periods either side of it in each of the previous `years` years (CIDARS: 3 periods × 3–5 years);
 * the threshold is the `percentile` of those counts (R type 7, stated so results are reproducible).
 * An alarm needs a count above the threshold and at least `minCases`. The p-value (for the
 * false-discovery rule) is the upper tail of a negative binomial moment-matched to the baseline
 * counts (Poisson when they are not overdispersed): an empirical rank cannot go below 1/(n + 1).
 */
import { pnbinom, ppois, quantile7 } from './distributions';
import { type CountSeries, type DetectionPoint, evaluationRange, meanSd } from './types';

/** Controls of the moving-percentile method. */
export interface MpmParams {
  /** Years of history (default 5). */
  years?: number;
  /** Periods either side of the same period in past years (default 1 → 3 periods a year). */
  window?: number;
  /** Threshold percentile in (0, 1) (default 0.8, CIDARS' P80 for several diseases). */
  percentile?: number;
  /** Smallest count that may alarm (default 1). */
  minCases?: number;
  range?: number;
}

/** Runs the moving-percentile method. */
export function mpm(series: CountSeries, params: MpmParams = {}): DetectionPoint[] {
  const years = params.years ?? 5;
  const win = params.window ?? 1;
  const pct = params.percentile ?? 0.8;
  const minCases = params.minCases ?? 1;
  const y = series.observed;
  // A period is one week: one point of a weekly series, seven of a daily one.
  const len = series.freq === 52 ? 1 : 7;
  const yearShift = series.freq === 52 ? 52 : 364;
  const sumEnding = (end: number) => {
    let s = 0;
    for (let i = end - len + 1; i <= end; i++) s += y[i] ?? 0;
    return s;
  };
  const first = years * yearShift + win * len + len - 1;
  return evaluationRange(y.length, first, params.range).map((t) => {
    const ends: number[] = [];
    for (let yr = 1; yr <= years; yr++) {
      for (let j = -win; j <= win; j++) {
        const end = t - yr * yearShift + j * len;
        if (end - len + 1 >= 0 && end < t - len + 1) ends.push(end);
      }
    }
    const counts = ends.map(sumEnding);
    const observed = sumEnding(t);
    const upper = quantile7(counts, pct);
    const expected = quantile7(counts, 0.5);
    const baseline = ends.flatMap((e) => Array.from({ length: len }, (_, k) => e - len + 1 + k));
    const { mean, sd } = meanSd(counts);
    const variance = sd * sd;
    const tail =
      observed <= 0
        ? 1
        : variance > mean && mean > 0
          ? 1 - pnbinom(observed - 1, (mean * mean) / (variance - mean), mean / variance)
          : 1 - ppois(observed - 1, mean);
    return {
      index: t,
      date: series.dates[t] ?? '',
      observed,
      expected,
      upperbound: upper,
      score: upper > 0 ? observed / upper : null,
      pValue: Math.max(0, tail),
      alarm: observed > upper && observed >= minCases,
      baseline,
    };
  });
}
