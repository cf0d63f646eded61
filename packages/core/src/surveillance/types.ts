/**
 * Shared shapes of the detectors. A series is a run of equally spaced counts (weekly or daily) with
 * ISO dates; every detector returns, per evaluated point, what it expected, the bound it drew, a
 * score, the alarm, and the baseline points it used, so a signal can explain itself.
 */
import { AppError, type Bilingual } from '../errors';

/** The detectors Weijian ships, named as on the command line. */
export const ALGORITHMS = [
  'single-case',
  'mpm',
  'earsC1',
  'earsC2',
  'earsC3',
  'farrington',
  'farringtonFlexible',
  'cusum',
] as const;
export type AlgorithmName = (typeof ALGORITHMS)[number];

/** Equally spaced counts: weekly (freq 52) or daily (freq 365). */
export interface CountSeries {
  dates: readonly string[];
  observed: readonly number[];
  /** Points per year: 52 for weekly series, 365 for daily ones. */
  freq: 52 | 365;
}

/** One evaluated time point. Bounds are null where the method gives none (too little data). */
export interface DetectionPoint {
  /** 0-based position in the series. */
  index: number;
  date: string;
  observed: number;
  expected: number | null;
  upperbound: number | null;
  /** Method-specific strength: > 1 (Farrington), z-like (EARS), CUSUM statistic … */
  score: number | null;
  /** Upper-tail probability of the observation under the baseline model, when the method has one. */
  pValue: number | null;
  alarm: boolean;
  /** 0-based positions of the points the baseline was computed from. */
  baseline: number[];
  /** Why no bound was drawn, or a caveat (e.g. fewer than 5 cases in 4 weeks). */
  note?: string;
}

/** Milliseconds in a day. */
export const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of an ISO date (UTC), or NaN when it is not a date. */
export function isoDay(date: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return NaN;
  return Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

/** ISO date of a day number. */
export function dayIso(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function rowError(
  row: number,
  field: string,
  value: unknown,
  what: Bilingual,
  expected: Bilingual
): AppError {
  return new AppError('VALIDATION_FAILED', { zh: `第 ${row} 行${what.zh}`, en: `Row ${row}: ${what.en}` }, [
    { row, field, value, message: expected },
  ]);
}

/**
 * Builds a series from dated counts, inferring weekly or daily spacing and refusing gaps, duplicate
 * dates and negative or fractional counts with the row that is wrong (`line`, when the rows came
 * from a file, else their position).
 */
export function makeSeries(rows: readonly { date: string; observed: number; line?: number }[]): CountSeries {
  if (rows.length < 2) {
    throw new AppError('VALIDATION_FAILED', {
      zh: '序列至少需要两个时间点',
      en: 'A series needs at least two time points',
    });
  }
  const lineOf = (i: number) => rows[i]?.line ?? i + 1;
  const days = rows.map((r, i) => {
    const d = isoDay(r.date);
    if (Number.isNaN(d)) {
      throw rowError(
        lineOf(i),
        'date',
        r.date,
        { zh: '日期无效', en: 'invalid date' },
        { zh: '应为 YYYY-MM-DD', en: 'expected YYYY-MM-DD' }
      );
    }
    if (!Number.isInteger(r.observed) || r.observed < 0) {
      throw rowError(
        lineOf(i),
        'observed',
        r.observed,
        { zh: '计数无效', en: 'invalid count' },
        { zh: '应为非负整数', en: 'expected a non-negative integer' }
      );
    }
    return d;
  });
  const step = (days[1] ?? 0) - (days[0] ?? 0);
  if (step !== 1 && step !== 7) {
    throw new AppError('VALIDATION_FAILED', {
      zh: '日期间隔应为 1 天（日数据）或 7 天（周数据）',
      en: 'Dates must be 1 day (daily) or 7 days (weekly) apart',
    });
  }
  for (let i = 1; i < days.length; i++) {
    if ((days[i] ?? 0) - (days[i - 1] ?? 0) !== step) {
      throw rowError(
        lineOf(i),
        'date',
        rows[i]?.date,
        { zh: '日期不连续', en: 'dates are not evenly spaced' },
        { zh: `应与上一行相隔 ${step} 天`, en: `expected ${step} days after the previous row` }
      );
    }
  }
  return {
    dates: rows.map((r) => r.date),
    observed: rows.map((r) => r.observed),
    freq: step === 7 ? 52 : 365,
  };
}

/** The 0-based positions to evaluate: the last `range` points, never before `first`. */
export function evaluationRange(length: number, first: number, range?: number): number[] {
  const start = range === undefined ? first : Math.max(first, length - range);
  const out: number[] = [];
  for (let i = Math.max(0, start); i < length; i++) out.push(i);
  return out;
}

/** Mean and sample standard deviation (n − 1), as R's mean and sd. */
export function meanSd(values: readonly number[]): { mean: number; sd: number } {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const ss = values.reduce((s, v) => s + (v - mean) * (v - mean), 0);
  return { mean, sd: n > 1 ? Math.sqrt(ss / (n - 1)) : NaN };
}
