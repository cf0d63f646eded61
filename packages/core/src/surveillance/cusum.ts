/**
 * CUSUM for counts (R `surveillance::algo.cusum`): standardise each count against a reference
 * mean m, accumulate C_t = max(0, C_{t−1} + z_t − k), alarm when C_t ≥ h. "standard" treats the
 * counts as Poisson (z = (x − m)/√m); "pearsonNegBin" as negative binomial with dispersion α
 * (z = (x − m)/√(m + αm²)). The bound is the count that would have raised the alarm.
 */
import { type CountSeries, type DetectionPoint, evaluationRange } from './types';

/** Controls, named as R's algo.cusum control list. */
export interface CusumParams {
  k?: number;
  h?: number;
  /** Reference mean; by default the mean of every point before the evaluated range. */
  m?: number;
  trans?: 'standard' | 'pearsonNegBin';
  /** Negative-binomial dispersion for "pearsonNegBin" (R's default 0.1). */
  alpha?: number;
  /** Start again from zero after an alarm (R ≥ 1.25 `reset`). */
  reset?: boolean;
  range?: number;
}

/** Runs a CUSUM over the last `range` points (default: all but the first 4, which set m). */
export function cusum(series: CountSeries, params: CusumParams = {}): DetectionPoint[] {
  const k = params.k ?? 1.04;
  const h = params.h ?? 2.26;
  const alpha = params.alpha ?? 0.1;
  const y = series.observed;
  const points = evaluationRange(y.length, Math.min(4, y.length - 1), params.range);
  const first = points[0] ?? 0;
  const history = y.slice(0, first);
  const m = params.m ?? history.reduce((s, v) => s + v, 0) / Math.max(1, history.length);
  const sd = params.trans === 'pearsonNegBin' ? Math.sqrt(m + alpha * m * m) : Math.sqrt(m);
  const baseline = params.m === undefined ? history.map((_, i) => i) : [];
  let c = 0;
  return points.map((t) => {
    const obs = y[t] ?? 0;
    const previous = c;
    const z = (obs - m) / sd;
    c = Math.max(0, previous + z - k);
    const alarm = c >= h;
    const raw = sd * (h + k - previous) + m;
    // R rounds the Poisson bound up to a whole count; the NB bound stays continuous.
    const upper = Math.max(0, params.trans === 'pearsonNegBin' ? raw : Math.ceil(raw));
    const point: DetectionPoint = {
      index: t,
      date: series.dates[t] ?? '',
      observed: obs,
      expected: m,
      upperbound: Number.isFinite(upper) ? upper : 0,
      score: c,
      pValue: null,
      alarm,
      baseline,
    };
    if (alarm && params.reset) c = 0;
    return point;
  });
}
