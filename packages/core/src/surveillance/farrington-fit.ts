/**
 * The model-fitting half of Farrington's method, shared by the original (Farrington et al. 1996)
 * and the flexible (Noufaily et al. 2013) variants: quasi-Poisson fit, Anscombe-residual
 * down-weighting of past outbreaks, and the trend test, in the order R `surveillance` runs them.
 */
import { pt } from './distributions';
import { fitPoissonGlm, type GlmFit, type SparseDesign } from './glm';

/** Design of one fit: responses with their time and (optionally) seasonal-block factor. */
export interface FarringtonData {
  response: number[];
  wtime: number[];
  /** Block level per response (1…p), or null when the model has no seasonal factor. */
  seasgroups: number[] | null;
}

/** A fitted Farrington model, with the floored dispersion φ the threshold uses. */
export interface FarringtonModel {
  glm: GlmFit;
  phi: number;
  hasTrend: boolean;
  /** Columns of the design in order, so predictions can build the matching row. */
  levels: number[];
  weights: number[];
  /** The dispersion R's summary.glm reports for this model, used by the trend test and the s.e. */
  summaryDispersion: number;
}

function design(data: FarringtonData, trend: boolean): { x: SparseDesign; levels: number[] } {
  const levels = data.seasgroups ? [...new Set(data.seasgroups)].sort((a, b) => a - b) : [];
  // Treatment contrasts: the lowest level present is the reference, as R's default.
  const column = new Map(levels.slice(1).map((level, j) => [level, j + (trend ? 2 : 1)]));
  const n = data.response.length;
  const start = new Int32Array(n + 1);
  const cols: number[] = [];
  const vals: number[] = [];
  for (let i = 0; i < n; i++) {
    cols.push(0);
    vals.push(1);
    const t = data.wtime[i] ?? 0;
    if (trend && t !== 0) {
      cols.push(1);
      vals.push(t);
    }
    const c = column.get(data.seasgroups?.[i] ?? NaN);
    if (c !== undefined) {
      cols.push(c);
      vals.push(1);
    }
    start[i + 1] = cols.length;
  }
  const p = 1 + (trend ? 1 : 0) + column.size;
  return { x: { p, start, cols: Int32Array.from(cols), vals: Float64Array.from(vals) }, levels };
}

/** Design row of the prediction point: its time and the block level of the current window. */
export function predictionRow(model: FarringtonModel, wtime: number, level: number | null): number[] {
  const row = [1];
  if (model.hasTrend) row.push(wtime);
  for (const l of model.levels.slice(1)) row.push(level === l ? 1 : 0);
  return row;
}

/** Anscombe residuals of a Poisson fit, scaled by √(φ(1 − h)). */
function anscombeResiduals(y: readonly number[], fit: GlmFit, phi: number): number[] {
  return y.map((yi, i) => {
    const mu = fit.mu[i] ?? 0;
    const a = 1.5 * (Math.pow(yi, 2 / 3) * Math.pow(mu, -1 / 6) - Math.sqrt(mu));
    return a / Math.sqrt(phi * (1 - (fit.hat[i] ?? 0)));
  });
}

/** Weights ω = γ·s⁻² above the threshold and γ below, with γ making them average one. */
export function farringtonWeights(s: readonly number[], threshold: number): number[] {
  const sum = s.reduce((acc, v) => acc + (v > threshold ? Math.pow(v, -2) : 1), 0);
  const gamma = s.length / sum;
  return s.map((v) => (v > threshold ? gamma * Math.pow(v, -2) : gamma));
}

/** Options of one fit. */
export interface FitOptions {
  trend: boolean;
  reweight: boolean;
  weightsThreshold: number;
  /** Original Farrington keeps a non-converged trend-free fit; the flexible one gives up. */
  requireConvergence: boolean;
  /**
   * farringtonFlexible stores the outbreak weights ω in the model's `weights` slot, where
   * summary.glm expects the working weights ωμ, so its dispersion is Σωᵢ((yᵢ−μᵢ)/μᵢ)²/df. The
   * trend test and the prediction's standard error inherit that; we reproduce it to agree with R.
   */
  summaryFromPriorWeights: boolean;
}

/**
 * Fits with trend if asked (falling back to no trend when that does not converge), then refits
 * with outbreak-down-weighting. Returns null when no model can be fitted.
 */
export function fitFarrington(data: FarringtonData, opts: FitOptions): FarringtonModel | null {
  let trend = opts.trend;
  let d = design(data, trend);
  let fit = fitPoissonGlm({ y: data.response, x: d.x });
  if (!fit?.converged) {
    if (trend) {
      trend = false;
      d = design(data, false);
      fit = fitPoissonGlm({ y: data.response, x: d.x });
    }
    if (!fit || (!fit.converged && opts.requireConvergence)) return null;
  }
  let phi = Math.max(fit.dispersion, 1);
  let weights = data.response.map(() => 1);
  if (opts.reweight) {
    weights = farringtonWeights(anscombeResiduals(data.response, fit, phi), opts.weightsThreshold);
    const refit = fitPoissonGlm({ y: data.response, x: d.x, weights });
    if (!refit) return null;
    fit = refit;
    phi = Math.max(fit.dispersion, 1);
  }
  const summaryDispersion =
    opts.reweight && opts.summaryFromPriorWeights
      ? priorWeightDispersion(data.response, fit, weights)
      : fit.dispersion;
  return { glm: fit, phi, hasTrend: trend, levels: d.levels, weights, summaryDispersion };
}

function priorWeightDispersion(y: readonly number[], fit: GlmFit, weights: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < y.length; i++) {
    const mu = fit.mu[i] ?? 1;
    const r = ((y[i] ?? 0) - mu) / mu;
    sum += (weights[i] ?? 0) * r * r;
  }
  return sum / fit.dfResidual;
}

/** Linear predictor and its standard error (on the link scale) at a design row. */
export function predictLink(model: FarringtonModel, row: readonly number[], dispersion: number) {
  const { coef, covUnscaled } = model.glm;
  let eta = 0;
  let q = 0;
  for (let a = 0; a < row.length; a++) {
    eta += (coef[a] ?? 0) * (row[a] ?? 0);
    let s = 0;
    for (let b = 0; b < row.length; b++) s += (covUnscaled[a]?.[b] ?? 0) * (row[b] ?? 0);
    q += (row[a] ?? 0) * s;
  }
  return { eta, se: Math.sqrt(q * dispersion) };
}

/** Two-sided t-test p-value of the trend coefficient, with summary.glm's (unfloored) dispersion. */
export function trendPValue(model: FarringtonModel): number {
  const { coef, covUnscaled, dfResidual } = model.glm;
  const se = Math.sqrt((covUnscaled[1]?.[1] ?? NaN) * model.summaryDispersion);
  const t = (coef[1] ?? 0) / se;
  return 2 * pt(-Math.abs(t), dfResidual);
}

/**
 * Keeps the trend only when it is significant, there are at least three years, and the
 * prediction does not extrapolate beyond the largest baseline count; otherwise refits without it.
 */
export function settleTrend(
  data: FarringtonData,
  model: FarringtonModel,
  opts: FitOptions & { b: number; pThresholdTrend: number; wtimeNow: number; levelNow: number | null }
): FarringtonModel | null {
  if (!model.hasTrend) return model;
  const { eta } = predictLink(model, predictionRow(model, opts.wtimeNow, opts.levelNow), 1);
  const significant = trendPValue(model) < opts.pThresholdTrend;
  const noExtrapolation = Math.exp(eta) <= Math.max(...data.response);
  if (opts.b >= 3 && significant && noExtrapolation) return model;
  return fitFarrington(data, { ...opts, trend: false });
}
