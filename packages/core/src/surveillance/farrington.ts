/**
 * Farrington's outbreak detector in its two forms, ported step by step from R `surveillance`
 * (1.20–1.26): `farringtonFlexible` (Noufaily et al. 2013 settings available) and the original
 * `algo.farrington` (Farrington et al. 1996). Thresholds are exported for the package's own golden
 * tests.
 */
import { pnbinom, pnorm, ppois, qnbinom, qnorm, qpois } from './distributions';
import {
  fitFarrington,
  predictionRow,
  predictLink,
  settleTrend,
  type FarringtonData,
} from './farrington-fit';
import { referencePositions, seasonalBlocks } from './farrington-reference';
import { type CountSeries, type DetectionPoint, evaluationRange } from './types';

/** Lower and upper bound, upper-tail probability and score, as R's threshold helpers return. */
export interface Threshold {
  lower: number;
  upper: number;
  prob: number;
  score: number;
}

/** Farrington's power-transformed normal threshold ("delta" method). */
export function deltaThreshold(
  mu0: number,
  seFit: number,
  phi: number,
  powertrans: 'none' | '1/2' | '2/3',
  z: number,
  y: number
): Threshold {
  const tau = phi + (seFit * seFit) / mu0;
  const [se, exponent] =
    powertrans === 'none'
      ? [Math.sqrt(mu0 * tau), 1]
      : powertrans === '1/2'
        ? [Math.sqrt(tau / 4), 1 / 2]
        : [Math.sqrt((4 / 9) * Math.pow(mu0, 1 / 3) * tau), 2 / 3];
  const centre = Math.pow(mu0, exponent);
  // As R: a negative base under a fractional power gives NaN, which sorts first and floors to 0.
  const bounds = [centre - z * se, centre + z * se]
    .map((v) => Math.pow(v, 1 / exponent))
    .filter((v) => !Number.isNaN(v));
  const lower = bounds.length === 2 ? Math.max(0, Math.min(...bounds)) : 0;
  const upper = Math.max(...bounds);
  const prob = pnorm(-(Math.pow(y, exponent) - centre) / se);
  return { lower, upper, prob, score: (y - mu0) / (upper - mu0) };
}

/**
 * Noufaily's negative-binomial plug-in threshold ("nbPlugin") or its variant using an upper
 * quantile of the mean ("muan"). Like R, the score is computed against the linear predictor.
 */
export function noufailyThreshold(
  eta0: number,
  seEta0: number,
  phi: number,
  method: 'nbPlugin' | 'muan',
  alpha: number,
  y: number
): Threshold | null {
  const mu = method === 'nbPlugin' ? Math.exp(eta0) : Math.exp(eta0 + seEta0 * qnorm(1 - alpha));
  if (!Number.isFinite(mu)) return null;
  const size = mu / (phi - 1);
  const [lower, upper] =
    phi > 1
      ? [qnbinom(alpha, size, 1 / phi), qnbinom(1 - alpha, size, 1 / phi)]
      : [qpois(alpha, mu), qpois(1 - alpha, mu)];
  const prob = phi !== 1 ? 1 - pnbinom(y - 1, size, 1 / phi) : 1 - ppois(y - 1, mu);
  return { lower: Math.max(0, lower), upper, prob, score: (y - eta0) / (upper - eta0) };
}

/** Controls of farringtonFlexible, named as R's. */
export interface FarringtonFlexibleParams {
  b?: number;
  w?: number;
  reweight?: boolean;
  weightsThreshold?: number;
  alpha?: number;
  trend?: boolean;
  pThresholdTrend?: number;
  limit54?: [number, number];
  powertrans?: 'none' | '1/2' | '2/3';
  noPeriods?: number;
  pastWeeksNotIncluded?: number;
  thresholdMethod?: 'delta' | 'nbPlugin' | 'muan';
  range?: number;
}

/** The Noufaily et al. (2013) control set, as in the package vignette. */
export const NOUFAILY_CONTROL: FarringtonFlexibleParams = {
  noPeriods: 10,
  b: 4,
  w: 3,
  weightsThreshold: 2.58,
  pastWeeksNotIncluded: 26,
  pThresholdTrend: 1,
  thresholdMethod: 'nbPlugin',
};

function limit54Ok(y: readonly number[], t: number, [cases, period]: [number, number]): boolean {
  let sum = 0;
  for (let i = t - period + 1; i <= t; i++) sum += y[i] ?? 0;
  return sum >= cases;
}

function emptyPoint(series: CountSeries, t: number, note: string): DetectionPoint {
  const observed = series.observed[t] ?? 0;
  return {
    index: t,
    date: series.dates[t] ?? '',
    observed,
    expected: null,
    upperbound: null,
    score: null,
    pValue: null,
    alarm: false,
    baseline: [],
    note,
  };
}

/** R's farringtonFlexible over one series. */
export function farringtonFlexible(
  series: CountSeries,
  params: FarringtonFlexibleParams = {}
): DetectionPoint[] {
  const b = params.b ?? 5;
  const w = params.w ?? 3;
  const alpha = params.alpha ?? 0.05;
  const p = params.noPeriods ?? 1;
  const pastWeeks = params.pastWeeksNotIncluded ?? w;
  const method = params.thresholdMethod ?? 'delta';
  const limit54 = params.limit54 ?? [5, 4];
  const opts = {
    trend: params.trend ?? true,
    reweight: params.reweight ?? true,
    weightsThreshold: params.weightsThreshold ?? 2.58,
    requireConvergence: true,
    summaryFromPriorWeights: true,
  };
  const y = series.observed;
  return evaluationRange(y.length, series.freq * b + w, params.range).map((t) => {
    const refs = referencePositions(series, t, b);
    const blocks = refs && seasonalBlocks(y.length, refs, w, p);
    if (!blocks) return emptyPoint(series, t, 'not enough history for the reference windows');
    for (let i = Math.max(0, t - pastWeeks); i <= t; i++) blocks[i] = null;
    const idx: number[] = [];
    for (let i = 0; i < blocks.length; i++) if (blocks[i] !== null) idx.push(i);
    // The series is evenly spaced, so weeks since the first baseline point are a difference of positions.
    const firstPos = idx[0] ?? 0;
    const wtimeOf = (i: number) => i - firstPos;
    const data: FarringtonData = {
      response: idx.map((i) => y[i] ?? 0),
      wtime: idx.map(wtimeOf),
      seasgroups: p === 1 ? null : idx.map((i) => blocks[i] ?? 0),
    };
    const levelNow = p === 1 ? null : p;
    const first = fitFarrington(data, opts);
    const model =
      first &&
      settleTrend(data, first, {
        ...opts,
        b,
        pThresholdTrend: params.pThresholdTrend ?? 0.05,
        wtimeNow: wtimeOf(t),
        levelNow,
      });
    if (!model) return emptyPoint(series, t, 'the model did not converge');
    // R passes φ inside newdata by mistake, so the standard error uses summary.glm's dispersion.
    const { eta, se } = predictLink(
      model,
      predictionRow(model, wtimeOf(t), levelNow),
      model.summaryDispersion
    );
    const obs = y[t] ?? 0;
    const lu =
      method === 'delta'
        ? deltaThreshold(
            Math.exp(eta),
            Math.exp(eta) * se,
            model.phi,
            params.powertrans ?? '2/3',
            qnorm(1 - alpha),
            obs
          )
        : noufailyThreshold(eta, se, model.phi, method, alpha, obs);
    const enough = limit54Ok(y, t, limit54);
    const base = { index: t, date: series.dates[t] ?? '', observed: obs, baseline: idx };
    if (!lu || !enough) {
      return {
        ...base,
        expected: null,
        upperbound: null,
        score: null,
        pValue: lu?.prob ?? null,
        alarm: false,
        note: enough
          ? 'no finite threshold'
          : `fewer than ${limit54[0]} cases in the last ${limit54[1]} points`,
      };
    }
    return {
      ...base,
      expected: Math.exp(eta),
      upperbound: lu.upper,
      score: lu.score,
      pValue: lu.prob,
      alarm: lu.score > 1 && obs !== 0,
    };
  });
}

/** Controls of the original algo.farrington. */
export interface FarringtonParams {
  b?: number;
  w?: number;
  reweight?: boolean;
  alpha?: number;
  trend?: boolean;
  limit54?: [number, number];
  powertrans?: 'none' | '1/2' | '2/3';
  range?: number;
}

/**
 * R's algo.farrington (1996): reference points counted back by `freq` positions, weights above
 * residual 1, trend test at 5 %, and a two-sided z = Φ⁻¹(1 − α/2).
 */
export function farrington(series: CountSeries, params: FarringtonParams = {}): DetectionPoint[] {
  const b = params.b ?? 5;
  const w = params.w ?? 3;
  const alpha = params.alpha ?? 0.05;
  const limit54 = params.limit54 ?? [5, 4];
  const opts = {
    trend: params.trend ?? true,
    reweight: params.reweight ?? true,
    weightsThreshold: 1,
    requireConvergence: false,
    summaryFromPriorWeights: false,
  };
  const y = series.observed;
  return evaluationRange(y.length, Math.max(0, series.freq * b - w - 1), params.range).map((t) => {
    const idx: number[] = [];
    for (let i = b; i >= 1; i--) {
      for (let j = t - series.freq * i - w; j <= t - series.freq * i + w; j++) if (j >= 0) idx.push(j);
    }
    if (idx.length < 3) return emptyPoint(series, t, 'not enough history for the reference windows');
    const data: FarringtonData = {
      response: idx.map((i) => y[i] ?? 0),
      wtime: idx.map((i) => i + 1),
      seasgroups: null,
    };
    const first = fitFarrington(data, opts);
    const model =
      first &&
      settleTrend(data, first, { ...opts, b, pThresholdTrend: 0.05, wtimeNow: t + 1, levelNow: null });
    if (!model) return emptyPoint(series, t, 'the model could not be fitted');
    const { eta, se } = predictLink(model, predictionRow(model, t + 1, null), model.phi);
    const mu0 = Math.exp(eta);
    const obs = y[t] ?? 0;
    const lu = deltaThreshold(
      mu0,
      mu0 * se,
      model.phi,
      params.powertrans ?? '2/3',
      qnorm(1 - alpha / 2),
      obs
    );
    const enough = limit54Ok(y, t, limit54);
    const score = enough ? lu.score : 0;
    return {
      index: t,
      date: series.dates[t] ?? '',
      observed: obs,
      expected: mu0,
      upperbound: enough ? lu.upper : null,
      score,
      pValue: lu.prob,
      alarm: score > 1,
      baseline: idx,
      ...(enough ? {} : { note: `fewer than ${limit54[0]} cases in the last ${limit54[1]} points` }),
    };
  });
}
