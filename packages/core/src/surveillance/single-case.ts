/**
 * Single-case alerting (单病例预警) for class A diseases and those managed as class A (plague,
 * cholera, SARS, pulmonary anthrax, polio, human infection with novel influenza …): any case is a
 * signal. The threshold is configurable for the rare bureau that sets a fixed count instead.
 */
import { type CountSeries, type DetectionPoint, evaluationRange } from './types';

/** Controls of the fixed-threshold method. */
export interface SingleCaseParams {
  /** Count at or above which a point alarms (default 1). */
  threshold?: number;
  range?: number;
}

/** Alarms wherever the count reaches the threshold. */
export function singleCase(series: CountSeries, params: SingleCaseParams = {}): DetectionPoint[] {
  const threshold = params.threshold ?? 1;
  return evaluationRange(series.observed.length, 0, params.range).map((t) => {
    const observed = series.observed[t] ?? 0;
    return {
      index: t,
      date: series.dates[t] ?? '',
      observed,
      expected: 0,
      upperbound: threshold - 1,
      score: observed / threshold,
      pValue: null,
      alarm: observed >= threshold,
      baseline: [],
    };
  });
}
