/**
 * Is a target met by a value? Answers met / not met / unknown, always with the reason, in both
 * languages, and with the threshold the value was compared against. The context supplies what
 * the target alone cannot: the indicator's direction, the baseline, values of earlier years.
 */
import type { Bilingual } from '../errors';
import type { ChangeBound, Comparator, Direction, Target } from './types';

export interface EvaluationContext {
  /** Improvement direction of the indicator (bare numbers and ranges need it). */
  direction?: Direction | null;
  /** The plan's baseline value, for changes and increments. */
  baseline?: { year: number; value: number } | null;
  /** Values by year: earlier years and named reference years (比2015年…). */
  history?: Record<number, number>;
  /** Year of the value being checked (yearly changes need it). */
  year?: number;
  /** Relative tolerance for `左右`; default 5 %. */
  approxTolerance?: number;
}

export interface TargetCheck {
  result: 'met' | 'not_met' | 'unknown';
  /** The value the actual was compared with, when the target reduces to a threshold. */
  threshold?: number;
  op?: Comparator;
  reason: Bilingual;
}

const SYMBOL: Record<Comparator, string> = { ge: '≥', gt: '>', le: '≤', lt: '<', eq: '=' };

function compare(value: number, op: Comparator, threshold: number): boolean {
  const eps = 1e-9 * Math.max(1, Math.abs(threshold));
  switch (op) {
    case 'ge':
      return value >= threshold - eps;
    case 'gt':
      return value > threshold + eps;
    case 'le':
      return value <= threshold + eps;
    case 'lt':
      return value < threshold - eps;
    case 'eq':
      return Math.abs(value - threshold) <= eps;
  }
}

function round(n: number): number {
  return Number(n.toPrecision(10));
}

function check(value: number, op: Comparator, threshold: number, what?: Bilingual): TargetCheck {
  const ok = compare(value, op, threshold);
  const t = round(threshold);
  const rel = `${value} ${ok ? '' : 'not '}${SYMBOL[op]} ${t}`;
  return {
    result: ok ? 'met' : 'not_met',
    threshold: t,
    op,
    reason: {
      zh: `${value} ${ok ? '满足' : '未满足'} ${SYMBOL[op]}${t}${what ? `（${what.zh}）` : ''}`,
      en: `${rel}${what ? ` (${what.en})` : ''}`,
    },
  };
}

function unknown(zh: string, en: string): TargetCheck {
  return { result: 'unknown', reason: { zh, en } };
}

const NO_DIRECTION = unknown(
  '目标为裸数值，指标未给出改善方向，无法判断',
  'Bare target value and the indicator has no improvement direction'
);

function directional(direction: Direction): Comparator {
  return direction === 'increase' ? 'ge' : 'le';
}

function referenceValue(target: Target & { kind: 'change' }, ctx: EvaluationContext): number | null {
  if (target.from.type === 'year') return ctx.history?.[target.from.year] ?? null;
  return ctx.baseline?.value ?? null;
}

/**
 * The amount a change must reach: the amount itself, or for `左右`/`约` the amount less the
 * approximation tolerance (提高1岁左右 is met by +0.95 year, and by anything beyond +1).
 */
function boundedAmount(target: { amount: number; bound: ChangeBound }, ctx: EvaluationContext): number {
  return target.bound === 'about' ? target.amount * (1 - (ctx.approxTolerance ?? 0.05)) : target.amount;
}

/** Comparator a change's threshold is checked with: a floor unless the bound is a ceiling. */
function changeOp(direction: Direction, bound: ChangeBound): Comparator {
  const up = direction === 'increase';
  return (bound === 'atMost') === up ? 'le' : 'ge';
}

/** Threshold after a change of `amount` in `mode` from `ref`. */
function shifted(ref: number, direction: Direction, amount: number, mode: string): number {
  const sign = direction === 'increase' ? 1 : -1;
  return mode === 'percent' ? ref * (1 + (sign * amount) / 100) : ref + sign * amount;
}

/**
 * Check a value against a target.
 * @param target - a parsed target
 * @param value - the actual value, in the indicator's unit (ratios: right ÷ left)
 * @param ctx - direction, baseline, history and year
 */
export function evaluateTarget(target: Target, value: number, ctx: EvaluationContext = {}): TargetCheck {
  switch (target.kind) {
    case 'comparison':
      return check(value, target.op, target.value);
    case 'value':
      return ctx.direction ? check(value, directional(ctx.direction), target.value) : NO_DIRECTION;
    case 'coverage':
      return check(value, 'ge', 100);
    case 'approx': {
      const tol = Math.abs(target.value) * (ctx.approxTolerance ?? 0.05);
      if (Math.abs(value - target.value) <= tol) {
        return {
          result: 'met',
          threshold: target.value,
          reason: {
            zh: `${value} 在 ${target.value}±${round(tol)} 内`,
            en: `${value} within ${target.value}±${round(tol)}`,
          },
        };
      }
      if (ctx.direction) return check(value, directional(ctx.direction), target.value);
      return {
        result: 'not_met',
        threshold: target.value,
        reason: {
          zh: `${value} 偏离 ${target.value} 超过 ${round(tol)}`,
          en: `${value} is more than ${round(tol)} from ${target.value}`,
        },
      };
    }
    case 'range': {
      if (value >= target.min && value <= target.max) {
        return {
          result: 'met',
          reason: {
            zh: `${value} 在 ${target.min}—${target.max} 范围内`,
            en: `${value} within ${target.min}–${target.max}`,
          },
        };
      }
      // Exceeding a range in the good direction is achieved (more beds than the upper end is no failure).
      if (ctx.direction === 'increase' && value > target.max) {
        return check(value, 'ge', target.min, {
          zh: '超过区间上限，方向向好',
          en: 'above the range, in the improving direction',
        });
      }
      if (ctx.direction === 'decrease' && value < target.min) {
        return check(value, 'le', target.max, {
          zh: '低于区间下限，方向向好',
          en: 'below the range, in the improving direction',
        });
      }
      return {
        result: 'not_met',
        reason: {
          zh: `${value} 不在 ${target.min}—${target.max} 范围内`,
          en: `${value} outside ${target.min}–${target.max}`,
        },
      };
    }
    case 'change': {
      const ref = referenceValue(target, ctx);
      if (ref === null) {
        return target.from.type === 'year'
          ? unknown(
              `缺少${target.from.year}年的数值，无法计算目标`,
              `The ${target.from.year} value is needed to compute the target`
            )
          : unknown('缺少基期值，无法计算目标', 'The baseline value is needed to compute the target');
      }
      const threshold = shifted(ref, target.direction, boundedAmount(target, ctx), target.mode);
      return check(value, changeOp(target.direction, target.bound), threshold, {
        zh: `参照值 ${ref}`,
        en: `reference value ${ref}`,
      });
    }
    case 'annualChange': {
      const base = ctx.baseline;
      if (!base || ctx.year === undefined) {
        return unknown('缺少基期值或评价年份', 'Baseline value and evaluation year are needed');
      }
      const years = ctx.year - base.year;
      if (years <= 0) return unknown('评价年份不晚于基期', 'Evaluation year is not after the baseline year');
      const amount = boundedAmount(target, ctx);
      const threshold =
        target.mode === 'percent'
          ? base.value * Math.pow(1 + ((target.direction === 'increase' ? 1 : -1) * amount) / 100, years)
          : shifted(base.value, target.direction, amount * years, target.mode);
      return check(value, changeOp(target.direction, target.bound), threshold, {
        zh: `基期 ${base.value}，${years} 年`,
        en: `baseline ${base.value}, ${years} years`,
      });
    }
    case 'increment': {
      if (!ctx.baseline) {
        return unknown('缺少基期值，无法计算新增量', 'The baseline value is needed to compute the increment');
      }
      return check(value - ctx.baseline.value, target.op, target.value, {
        zh: `新增量 = ${value} − ${ctx.baseline.value}`,
        en: `increment = ${value} − ${ctx.baseline.value}`,
      });
    }
    case 'ratio': {
      const threshold = target.right / target.left;
      const op = target.op ?? (ctx.direction ? directional(ctx.direction) : 'ge');
      return check(value, op, threshold, {
        zh: `比值 ${target.left}:${target.right}`,
        en: `ratio ${target.left}:${target.right}`,
      });
    }
    case 'level':
      return check(value, target.op, target.rank, {
        zh: `等级 ${target.level}`,
        en: `grade ${target.level}`,
      });
    case 'qualitative': {
      const prev = ctx.baseline?.value;
      if (!target.direction || prev === undefined) {
        return unknown('定性目标，需人工判断', 'Qualitative target: needs a human judgement');
      }
      if (target.direction === 'maintain') {
        return unknown(
          '保持类目标需与参照对象比较',
          'A "maintain" target needs the reference it is measured against'
        );
      }
      return check(value, target.direction === 'increase' ? 'gt' : 'lt', prev, {
        zh: '与基期相比的方向',
        en: 'direction compared with the baseline',
      });
    }
  }
}
