/**
 * Where a plan row stands in a year: achieved, on schedule, behind, deteriorating, within its
 * ceiling, no data, withdrawn, or not evaluable — with the expected value on the schedule, the
 * progress, and the method and threshold that produced the status, in both languages.
 */
import type { Bilingual } from '../errors';
import { evaluateTarget } from '../targets/evaluate';
import type { Direction, Target } from '../targets/types';

export type RowStatus =
  | 'achieved'
  | 'on_schedule'
  | 'behind'
  | 'deteriorating'
  | 'within_ceiling'
  | 'no_data'
  | 'withdrawn'
  | 'not_evaluable';
export type ScheduleMethod = 'linear' | 'ratio' | 'cagr';

export const STATUS_NAMES: Record<RowStatus, Bilingual> = {
  achieved: { zh: '已完成', en: 'Achieved' },
  on_schedule: { zh: '达到时序进度', en: 'On schedule' },
  behind: { zh: '滞后', en: 'Behind' },
  deteriorating: { zh: '退步', en: 'Deteriorating' },
  within_ceiling: { zh: '控制在目标内', en: 'Within ceiling' },
  no_data: { zh: '无数据', en: 'No data' },
  withdrawn: { zh: '已取消', en: 'Withdrawn' },
  not_evaluable: { zh: '无法评价', en: 'Not evaluable' },
};

export interface RowInput {
  target: Target;
  targetYear: number;
  baseline: { year: number; value: number } | null;
  /** The value for the evaluated year, or null. */
  actual: number | null;
  year: number;
  direction: Direction | null;
  method: ScheduleMethod;
  /** Share of the schedule counted as on schedule (ratio and CAGR methods); default 0.95. */
  threshold?: number;
  /** Values of other years (2015 for 比2015年…). */
  history?: Record<number, number>;
  /** The plan says the indicator was dropped (省市已取消此指标考核项目). */
  withdrawn?: boolean;
  /**
   * Decimals the comparison is made at (the precision the plan states, or the catalogue's):
   * actual, baseline and earlier values are rounded to it first, so rounding noise from the
   * engine (1.9999 against ≥2, 1.1667 against a baseline of 1.1668) never decides a status.
   */
  decimals?: number;
}

export interface RowEvaluation {
  status: RowStatus;
  expected: number | null;
  progress: number | null;
  method: ScheduleMethod;
  threshold: number;
  reason: Bilingual;
}

const round = (n: number | null, digits = 4): number | null =>
  n === null || !Number.isFinite(n) ? null : Number(n.toFixed(digits));

function directionOf(input: RowInput): Direction | null {
  if (input.direction) return input.direction;
  const t = input.target;
  if (t.kind === 'comparison' || t.kind === 'increment') {
    return t.op === 'le' || t.op === 'lt' ? 'decrease' : 'increase';
  }
  if (t.kind === 'qualitative' && (t.direction === 'increase' || t.direction === 'decrease')) {
    return t.direction;
  }
  if (t.kind === 'change' || t.kind === 'annualChange') return t.direction;
  if (t.kind === 'coverage' || t.kind === 'level') return 'increase';
  return null;
}

function isCeiling(t: Target): boolean {
  return t.kind === 'comparison' && (t.op === 'le' || t.op === 'lt');
}

/** A number rounded to `decimals` places (half away from zero, as statisticians round). */
export function roundTo(n: number, decimals: number): number {
  const f = Math.pow(10, decimals);
  const scaled = Math.abs(n) * f;
  // The small nudge makes 2.675 → 2.68 although 2.675 is stored as 2.67499999…
  return (Math.sign(n) * Math.round(scaled + 1e-9 * Math.max(1, scaled))) / f;
}

/** Evaluate one row for one year, at the row's precision when it has one. */
export function evaluateRow(input: RowInput): RowEvaluation {
  if (input.decimals === undefined) return evaluateExact(input);
  const d = input.decimals;
  const history = input.history
    ? Object.fromEntries(Object.entries(input.history).map(([y, v]) => [y, roundTo(v, d)]))
    : undefined;
  const result = evaluateExact({
    ...input,
    actual: input.actual === null ? null : roundTo(input.actual, d),
    baseline: input.baseline ? { ...input.baseline, value: roundTo(input.baseline.value, d) } : null,
    ...(history ? { history } : {}),
  });
  return { ...result, expected: result.expected === null ? null : roundTo(result.expected, d) };
}

function evaluateExact(input: RowInput): RowEvaluation {
  const threshold = input.threshold ?? 0.95;
  const base = { method: input.method, threshold, expected: null, progress: null };
  if (input.withdrawn) {
    return {
      ...base,
      status: 'withdrawn',
      reason: { zh: '规划已注明该指标取消考核', en: 'The plan records that this indicator was withdrawn' },
    };
  }
  const direction = directionOf(input);
  if (input.target.kind === 'qualitative' && !input.target.direction) {
    return {
      ...base,
      status: 'not_evaluable',
      reason: { zh: '定性目标，需人工判断', en: 'Qualitative target; needs a human judgement' },
    };
  }
  if (input.actual === null) {
    return {
      ...base,
      status: 'no_data',
      reason: { zh: `${input.year} 年无数据`, en: `No value for ${input.year}` },
    };
  }
  const actual = input.actual;
  const ctx = {
    direction,
    baseline: input.baseline,
    year: input.year,
    ...(input.history ? { history: input.history } : {}),
  };
  const check = evaluateTarget(input.target, actual, ctx);
  if (check.result === 'unknown') return { ...base, status: 'not_evaluable', reason: check.reason };
  if (check.result === 'met') {
    const ceiling = isCeiling(input.target) && input.year < input.targetYear;
    return {
      ...base,
      status: ceiling ? 'within_ceiling' : 'achieved',
      progress: 1,
      expected: check.threshold ?? null,
      reason: check.reason,
    };
  }
  const goal = check.threshold ?? null;
  if (goal === null || direction === null) {
    return {
      ...base,
      status: input.year >= input.targetYear ? 'behind' : 'not_evaluable',
      reason: check.reason,
    };
  }
  const sign = direction === 'increase' ? 1 : -1;
  const b = input.baseline;
  const worseThanBaseline = b !== null && sign * (actual - b.value) < 0;
  const schedule = scheduleOf(input.method, actual, goal, b, input.year, input.targetYear, sign);
  if (schedule === null) {
    if (input.year >= input.targetYear) return { ...base, status: 'behind', reason: check.reason };
    return {
      ...base,
      status: 'not_evaluable',
      reason: { zh: '缺少基期值，无法计算时序进度', en: 'No baseline: the schedule cannot be computed' },
    };
  }
  const onSchedule =
    input.method === 'linear'
      ? sign * (actual - (schedule.expected ?? actual)) >= 0
      : (schedule.progress ?? 0) >= threshold;
  const status: RowStatus = onSchedule ? 'on_schedule' : worseThanBaseline ? 'deteriorating' : 'behind';
  const pct = schedule.progress === null ? '' : `${(schedule.progress * 100).toFixed(1)}%`;
  const reasons: Record<ScheduleMethod, Bilingual> = {
    linear: {
      zh: `按基期到目标的线性进度，${input.year} 年应达 ${round(schedule.expected, 2) ?? '—'}，实际 ${actual}`,
      en: `Linear schedule from baseline to target expects ${round(schedule.expected, 2) ?? '—'} in ${input.year}; actual ${actual}`,
    },
    ratio: {
      zh: `实际值与目标值之比 ${pct}（阈值 ${threshold * 100}%）`,
      en: `Actual is ${pct} of the target (threshold ${threshold * 100}%)`,
    },
    cagr: {
      zh: `实际年均增速为所需增速的 ${pct}（阈值 ${threshold * 100}%）`,
      en: `Observed annual growth is ${pct} of the growth required (threshold ${threshold * 100}%)`,
    },
  };
  const reason =
    worseThanBaseline && !onSchedule
      ? {
          zh: `${reasons[input.method].zh}；较基期 ${b?.value ?? ''} 退步`,
          en: `${reasons[input.method].en}; worse than the baseline ${b?.value ?? ''}`,
        }
      : reasons[input.method];
  return { ...base, status, expected: round(schedule.expected), progress: round(schedule.progress), reason };
}

function scheduleOf(
  method: ScheduleMethod,
  actual: number,
  goal: number,
  baseline: { year: number; value: number } | null,
  year: number,
  targetYear: number,
  sign: number
): { expected: number | null; progress: number | null } | null {
  if (method === 'ratio') {
    if (goal === 0 || actual === 0) return { expected: goal, progress: null };
    return { expected: goal, progress: sign > 0 ? actual / goal : goal / actual };
  }
  if (!baseline || targetYear <= baseline.year) return null;
  const share = Math.min(1, Math.max(0, (year - baseline.year) / (targetYear - baseline.year)));
  const expected = baseline.value + (goal - baseline.value) * share;
  if (method === 'linear') {
    const span = goal - baseline.value;
    return { expected, progress: span === 0 ? null : (actual - baseline.value) / span };
  }
  // CAGR (Open SDG): observed growth rate over the growth rate the target requires.
  if (baseline.value <= 0 || actual <= 0 || goal <= 0 || year <= baseline.year) {
    return { expected, progress: null };
  }
  const required = Math.pow(goal / baseline.value, 1 / (targetYear - baseline.year)) - 1;
  const observed = Math.pow(actual / baseline.value, 1 / (year - baseline.year)) - 1;
  return {
    expected: baseline.value * Math.pow(1 + required, year - baseline.year),
    progress: required === 0 ? null : observed / required,
  };
}
