/**
 * Simulated surveillance series with labelled outbreaks, to score detectors the way the
 * literature does: Noufaily et al. (2013) weekly negative-binomial scenarios (7 parameter clusters
 * × trend × 0–2 harmonics = 42, 624 weeks, outbreaks of k × the baseline SD spread by a lognormal
 * delay) and a daily variant after Noufaily et al. (2019) with day-of-week effects. Seeded, so the
 * same seed gives the same series everywhere.
 */
import { mulberry32, normal, poisson } from '../random';
import { dayIso, isoDay } from './types';

/** One baseline model: log μ(t) = θ + βt + Σⱼ γ₁cos(2πjt/52) + γ₂sin(2πjt/52); Var = φμ. */
export interface Scenario {
  id: number;
  theta: number;
  beta: number;
  gamma1: number;
  gamma2: number;
  phi: number;
  harmonics: number;
}

const CLUSTERS: readonly (readonly [number, number, number, number, number])[] = [
  [0.1, 0.0025, 0.6, 0.6, 1.5],
  [-2, 0.005, 0.1, 0.3, 2],
  [1.5, 0.003, 0.2, -0.4, 1],
  [0.5, 0.002, 0.5, 0.5, 5],
  [2.5, 0.001, 1, 0.1, 3],
  [3.75, 0.001, 0.1, -0.1, 1.1],
  [5, 0.0001, 0.05, 0.01, 1.2],
];

/** The 42 Noufaily scenarios: each cluster with and without trend, with 0, 1 or 2 harmonics. */
export function noufailyScenarios(): Scenario[] {
  const out: Scenario[] = [];
  for (const [theta, beta, gamma1, gamma2, phi] of CLUSTERS) {
    for (const trend of [false, true]) {
      for (const harmonics of [0, 1, 2]) {
        out.push({ id: out.length + 1, theta, beta: trend ? beta : 0, gamma1, gamma2, phi, harmonics });
      }
    }
  }
  return out;
}

/** Gamma(shape, 1) draw (Marsaglia–Tsang). */
function gamma(rand: () => number, shape: number): number {
  if (shape < 1) return gamma(rand, shape + 1) * Math.pow(rand(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(rand);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rand();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** Negative binomial draw with mean μ and variance φμ (Poisson when φ = 1). */
export function negBinomial(rand: () => number, mu: number, phi: number): number {
  if (mu <= 0) return 0;
  if (phi <= 1) return poisson(rand, mu);
  const size = mu / (phi - 1);
  return poisson(rand, gamma(rand, size) * (phi - 1));
}

/** A simulated series with its truth: which points carry outbreak cases, and the current outbreak. */
export interface SimulatedSeries {
  dates: string[];
  observed: number[];
  freq: 52 | 365;
  state: boolean[];
  /** The outbreak in the scored window: first and last position with outbreak cases. */
  current: { start: number; end: number; size: number };
  /** First position of the scored window. */
  scoredFrom: number;
}

/** Adds `size` cases starting at `start`, each delayed by ⌊LN(0, 0.5²)/binWidth⌋ steps. */
function inject(
  y: number[],
  state: boolean[],
  rand: () => number,
  start: number,
  size: number,
  binWidth = 1
): number {
  let last = start;
  for (let c = 0; c < size; c++) {
    const at = start + Math.floor(Math.exp(0.5 * normal(rand)) / binWidth);
    if (at >= y.length) continue;
    y[at] = (y[at] ?? 0) + 1;
    state[at] = true;
    last = Math.max(last, at);
  }
  return last;
}

/**
 * One weekly series of a scenario: 624 weeks, four outbreaks (k = 2, 3, 5, 10) in weeks 313–575
 * and one of size Poisson(k × SD) starting in the last 49 weeks, the weeks that are scored.
 */
export function simulateWeekly(s: Scenario, seed: number, k: number, weeks = 624): SimulatedSeries {
  const rand = mulberry32(seed);
  const mu = Array.from({ length: weeks }, (_, i) => {
    const t = i + 1;
    let season = 0;
    for (let j = 1; j <= s.harmonics; j++) {
      season +=
        s.gamma1 * Math.cos((2 * Math.PI * j * t) / 52) + s.gamma2 * Math.sin((2 * Math.PI * j * t) / 52);
    }
    return Math.exp(s.theta + s.beta * t + season);
  });
  const y = mu.map((m) => negBinomial(rand, m, s.phi));
  const state = y.map(() => false);
  const sd = (t: number) => Math.sqrt(s.phi * (mu[t] ?? 0));
  const scoredFrom = weeks - 49;
  for (const kb of [2, 3, 5, 10]) {
    const start = 312 + Math.floor(rand() * (scoredFrom - 312 - 10));
    inject(y, state, rand, start, poisson(rand, kb * sd(start)));
  }
  const start = scoredFrom + Math.floor(rand() * 45);
  const size = poisson(rand, k * sd(start));
  const end = inject(y, state, rand, start, size);
  const first = isoDay('2014-01-06');
  return {
    dates: y.map((_, i) => dayIso(first + 7 * i)),
    observed: y,
    freq: 52,
    state,
    current: { start, end, size },
    scoredFrom,
  };
}

/** Parameters of a daily syndrome (Noufaily 2019 style): yearly and weekly harmonics. */
export interface DailySyndrome {
  alpha: number;
  beta: number;
  yearly: [number, number];
  weekly: [number, number];
  phi: number;
}

/** Examples from the Noufaily 2019 code (sigid 1, 4, 14, 17). */
export const DAILY_SYNDROMES: Record<string, DailySyndrome> = {
  sigid1: { alpha: 6, beta: 0, yearly: [0.2, 0.2], weekly: [0.5, 0.4], phi: 2 },
  sigid4: { alpha: 5.5, beta: 0, yearly: [0, 0], weekly: [0.3, 0.25], phi: 1 },
  sigid14: { alpha: 2, beta: 0.0005, yearly: [0.8, 0.8], weekly: [0.8, 0.4], phi: 4 },
  sigid17: { alpha: 6, beta: 0, yearly: [0, 0], weekly: [0.8, 0.4], phi: 4 },
};

/** A daily series (7 years) with one outbreak of Poisson(k·7·SD_day) cases in the last 49 weeks. */
export function simulateDaily(p: DailySyndrome, seed: number, k: number, days = 7 * 364): SimulatedSeries {
  const rand = mulberry32(seed);
  const mu = Array.from({ length: days }, (_, i) => {
    const t = i + 1;
    const yearly =
      p.yearly[0] * Math.cos((2 * Math.PI * t) / 364) + p.yearly[1] * Math.sin((2 * Math.PI * t) / 364);
    const weekly =
      p.weekly[0] * Math.cos((2 * Math.PI * t) / 7) + p.weekly[1] * Math.sin((2 * Math.PI * t) / 7);
    return Math.exp(p.alpha + p.beta * t + yearly + weekly);
  });
  const y = mu.map((m) => negBinomial(rand, m, p.phi));
  const state = y.map(() => false);
  const scoredFrom = days - 343;
  const start = scoredFrom + Math.floor(rand() * 330);
  const size = poisson(rand, k * 7 * Math.sqrt(p.phi * (mu[start] ?? 0)));
  const end = inject(y, state, rand, start, size, 0.25);
  const first = isoDay('2019-01-07');
  return {
    dates: y.map((_, i) => dayIso(first + i)),
    observed: y,
    freq: 365,
    state,
    current: { start, end, size },
    scoredFrom,
  };
}
