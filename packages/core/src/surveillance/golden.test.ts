import { describe, expect, it } from 'vitest';
import { qnorm } from './distributions';
import { earsC } from './ears';
import { deltaThreshold, noufailyThreshold } from './farrington';
import { farringtonWeights } from './farrington-fit';
import { readSeries } from './fixtures/read';
import { mpm } from './mpm';

// Golden values from R surveillance's own tests (tests/testthat), listed in the research note.
const close = (got: number, want: number) =>
  expect(Math.abs(got - want)).toBeLessThan(5e-7 * Math.max(1, Math.abs(want)));

describe('R surveillance golden values', () => {
  it.each([
    ['none', 1.3073128, 8.6926872, 0.0907246, 0.8124165],
    ['1/2', 1.9891097, 9.3744842, 0.1189986, 0.6857951],
    ['2/3', 1.8084477, 9.1154825, 0.1094727, 0.7289546],
  ] as const)('Farrington delta threshold, power %s', (power, lower, upper, prob, score) => {
    const t = deltaThreshold(5, 0.2, 1, power, qnorm(0.95), 8);
    close(t.lower, lower);
    close(t.upper, upper);
    close(t.prob, prob);
    close(t.score, score);
  });

  it.each([
    ['muan', 1.5, 8, 24, 0.8597797, 0.4193982],
    ['muan', 1, 9, 22, 0.9093099, 0.4605347],
    ['nbPlugin', 1.5, 1, 10, 0.03763657, 1.11918153],
    ['nbPlugin', 1, 2, 9, 0.01369527, 1.27061541],
  ] as const)('Noufaily %s threshold, φ = %s', (method, phi, lower, upper, prob, score) => {
    const t = noufailyThreshold(Math.log(5), Math.log(2), phi, method, 0.05, 11);
    expect(t).not.toBeNull();
    expect(t?.lower).toBe(lower);
    expect(t?.upper).toBe(upper);
    close(t?.prob ?? NaN, prob);
    close(t?.score ?? NaN, score);
  });

  it('weights: residuals 0×5 and 2×5 above threshold 0 give 1.6 and 0.4', () => {
    const w = farringtonWeights([0, 0, 0, 0, 0, 2, 2, 2, 2, 2], 0);
    w.slice(0, 5).forEach((v) => close(v, 1.6));
    w.slice(5).forEach((v) => close(v, 0.4));
  });

  it('earsC C1 (α = 0.05) on salmNewport summed over units, first weeks of ISO 2011', () => {
    const s = readSeries('salmNewport');
    const first = s.dates.findIndex((d) => d >= '2011-01-03');
    const points = earsC(s, { method: 'C1', alpha: 0.05 }).filter((p) => p.index >= first);
    [3.278854, 3.278854, 3.436517, 3.855617].forEach((want, i) => close(points[i]?.upperbound ?? NaN, want));
  });
});

describe('EARS C3 follows the published definition', () => {
  it('alarms on the current C2 even when the lagged terms are quiet', () => {
    const y = [5, 5, 6, 4, 5, 5, 6, 4, 5, 5, 6, 40];
    const series = {
      dates: y.map((_, i) => `2026-01-${String(i + 1).padStart(2, '0')}`),
      observed: y,
      freq: 365 as const,
    };
    const last = earsC(series, { method: 'C3' }).at(-1);
    expect(last?.alarm).toBe(true);
    expect(last?.observed).toBeGreaterThan(last?.upperbound ?? Infinity);
  });
});

describe('moving percentile (CIDARS)', () => {
  it('compares the current week with the same week ±1 in past years, at the stated percentile', () => {
    // Weekly series: 3 years of 52 weeks where week-of-year w has count w % 10, then a current week of 40.
    const y = Array.from({ length: 3 * 52 + 2 }, (_, i) => (i === 3 * 52 + 1 ? 40 : i % 10));
    const series = {
      dates: y.map((_, i) => new Date(Date.UTC(2020, 0, 6 + 7 * i)).toISOString().slice(0, 10)),
      observed: y,
      freq: 52 as const,
    };
    const [p] = mpm(series, { years: 3, window: 1, percentile: 0.8, range: 1 });
    const t = 3 * 52 + 1;
    const want = [1, 2, 3].flatMap((yr) => [-1, 0, 1].map((j) => t - 52 * yr + j)).sort((a, b) => a - b);
    expect([...(p?.baseline ?? [])].sort((a, b) => a - b)).toEqual(want);
    const counts = want.map((i) => y[i] ?? 0).sort((a, b) => a - b);
    // Type-7 quantile at 0.8 of 9 values: position 6.4 between the 7th and 8th order statistics.
    const q = (counts[6] ?? 0) + 0.4 * ((counts[7] ?? 0) - (counts[6] ?? 0));
    expect(p?.upperbound).toBeCloseTo(q, 12);
    expect(p?.alarm).toBe(true);
    expect(p?.pValue).toBeLessThan(1e-6);
  });
});
