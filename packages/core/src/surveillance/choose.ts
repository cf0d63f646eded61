/**
 * Which detector a series gets, by what the disease is and how much history the series has (the
 * United4Surveillance gating rule, adapted): class A and class-A-managed diseases alarm on every
 * case; Farrington (Noufaily settings) once two or more years exist for weekly series; the CIDARS
 * moving percentile for daily series with two or more years; EARS C2 for newer sites; CUSUM for
 * the newest. Sparse series keep a floor on the EARS sigma, and Farrington keeps its 5-in-4 rule.
 */
import type { AlgorithmName, CountSeries } from './types';
import { NOUFAILY_CONTROL } from './farrington';

/** A method chosen for a series, with the reason shown beside each signal. */
export interface MethodChoice {
  algorithm: AlgorithmName | null;
  params: Record<string, unknown>;
  reason: { zh: string; en: string };
}

/**
 * The false-alarm probability a percentile threshold really has: with n exchangeable baseline
 * counts, exceeding the type-7 quantile at p happens with probability about (n − (n − 1)p)/(n + 1),
 * which for small n is well above 1 − p (15 values at P99 alarm ~1 time in 16, not 1 in 100).
 */
export function percentileFalseAlarm(n: number, p: number): number {
  return n > 0 ? Math.min(1, (n - (n - 1) * p) / (n + 1)) : 1;
}

/** Chooses the detector for a series; `classA` for class A or class-A-managed diseases. */
export function chooseMethod(
  series: CountSeries,
  opts: { classA?: boolean; alpha?: number } = {}
): MethodChoice {
  const n = series.observed.length;
  const alpha = opts.alpha ?? 0.01;
  if (opts.classA) {
    return {
      algorithm: 'single-case',
      params: {},
      reason: { zh: '甲类或按甲类管理：单病例预警', en: 'Class A or managed as class A: every case alerts' },
    };
  }
  const recent = series.observed.slice(-28);
  const sparse = recent.reduce((s, v) => s + v, 0) / Math.max(1, recent.length) < 1;
  if (series.freq === 52) {
    const years = Math.min(4, Math.floor((n - 4) / 52));
    if (years >= 2) {
      return {
        algorithm: 'farringtonFlexible',
        params: { ...NOUFAILY_CONTROL, b: years, alpha, range: 1 },
        reason: {
          zh: `已有 ${years} 年以上周数据：改进 Farrington 法（Noufaily 设置）`,
          en: `${years}+ years of weekly history: Farrington flexible (Noufaily settings)`,
        },
      };
    }
  } else {
    const years = Math.min(5, Math.floor((n - 14) / 364));
    if (years >= 2) {
      return {
        algorithm: 'mpm',
        params: { years, window: 2, percentile: 1 - alpha, minCases: 3, range: 1 },
        reason: {
          zh: `已有 ${years} 年日数据：移动百分位数法（CIDARS）`,
          en: `${years}+ years of daily history: moving percentile (CIDARS)`,
        },
      };
    }
  }
  if (n >= 10) {
    return {
      algorithm: 'earsC2',
      params: { alpha, range: 1, ...(sparse ? { minSigma: 0.5 } : {}) },
      reason: {
        zh: sparse ? '历史不足两年且计数稀疏：EARS C2（σ 下限 0.5）' : '历史不足两年：EARS C2',
        en: sparse
          ? 'Under two years, sparse counts: EARS C2 (σ floor 0.5)'
          : 'Under two years of history: EARS C2',
      },
    };
  }
  if (n >= 5) {
    return {
      algorithm: 'cusum',
      params: { range: 1 },
      reason: { zh: '新站点（不足 10 个时间点）：累积和法', en: 'New site (under 10 points): CUSUM' },
    };
  }
  return {
    algorithm: null,
    params: {},
    reason: { zh: '历史太短，暂不检测', en: 'Too little history to test yet' },
  };
}
