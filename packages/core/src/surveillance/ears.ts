/**
 * EARS C1, C2 and C3 (Hutwagner et al. 2003). C1 and C2 follow R `surveillance::earsC` exactly:
 * U = mean + z₁₋α · max(sd, minSigma) over the previous `baseline` points (C2 skips the two most
 * recent ones). C3 follows the published definition — C3(t) = Σ_{i=t−2..t} max(0, C2(i) − 1), alarm
 * when C3(t) > z — rather than R's code, whose alarm ignores the current C2.
 */
import { pnorm, qnorm } from './distributions';
import { type CountSeries, type DetectionPoint, evaluationRange, meanSd } from './types';

/** Controls, named as R's earsC control list. */
export interface EarsParams {
  method: 'C1' | 'C2' | 'C3';
  baseline?: number;
  minSigma?: number;
  alpha?: number;
  /** Number of last points to evaluate (default: every point with enough history). */
  range?: number;
}

function window(method: 'C1' | 'C2' | 'C3', t: number, baseline: number): number[] {
  const guard = method === 'C1' ? 0 : 2;
  const idx: number[] = [];
  for (let lag = baseline + guard; lag > guard; lag--) idx.push(t - lag);
  return idx;
}

/** Runs EARS C1/C2/C3 over a series. */
export function earsC(series: CountSeries, params: EarsParams): DetectionPoint[] {
  const baseline = params.baseline ?? 7;
  const minSigma = params.minSigma ?? 0;
  const alpha = params.alpha ?? (params.method === 'C3' ? 0.025 : 0.001);
  const z = qnorm(1 - alpha);
  const y = series.observed;
  const maxLag = params.method === 'C1' ? baseline : params.method === 'C2' ? baseline + 2 : baseline + 4;
  const stats = (t: number) => {
    const idx = window(params.method === 'C1' ? 'C1' : 'C2', t, baseline);
    const { mean, sd } = meanSd(idx.map((i) => y[i] ?? 0));
    return { idx, mean, sigma: Math.max(sd, minSigma) };
  };
  return evaluationRange(y.length, maxLag, params.range).map((t) => {
    const obs = y[t] ?? 0;
    const { idx, mean, sigma } = stats(t);
    const base = { index: t, date: series.dates[t] ?? '', observed: obs, expected: mean, baseline: idx };
    if (params.method !== 'C3') {
      const upper = mean + z * sigma;
      const score = sigma > 0 ? (obs - mean) / sigma : null;
      return {
        ...base,
        upperbound: upper,
        score,
        pValue: score === null ? null : 1 - pnorm(score),
        alarm: obs > upper,
      };
    }
    // C3: the current C2 plus the excess of the two previous ones.
    const c2 = (i: number): number => {
      const s = stats(i);
      const v = (y[i] ?? 0) - s.mean;
      if (s.sigma > 0) return v / s.sigma;
      return v > 0 ? Infinity : 0;
    };
    const lagged = Math.max(0, c2(t - 2) - 1) + Math.max(0, c2(t - 1) - 1);
    const c3 = lagged + Math.max(0, c2(t) - 1);
    // The count at which C3 reaches z; with the lagged excess alone above z the alarm stands anyway.
    const upper = lagged > z ? 0 : Math.max(0, mean + sigma * (1 + z - lagged));
    return {
      ...base,
      upperbound: upper,
      score: c3,
      pValue: null,
      alarm: c3 > z,
      ...(lagged > z ? { note: 'lagged C2 excess alone exceeds the threshold' } : {}),
    };
  });
}
