import { describe, expect, it } from 'vitest';
import { evaluateTarget } from './evaluate';
import { parseObserved } from './observed';
import { parseTarget } from './parse';

const check = (raw: string, value: number, ctx = {}) => evaluateTarget(parseTarget(raw), value, ctx).result;

describe('evaluateTarget', () => {
  it('checks comparisons in the units of the text', () => {
    expect(check('≥84.53', 84.6)).toBe('met');
    expect(check('≥84.53', 84.5)).toBe('not_met');
    expect(check('<8', 8)).toBe('not_met');
    expect(check('4‰以下', 4)).toBe('met');
    expect(check('12/10万以下', 9.07)).toBe('met');
  });

  it('takes the direction of a bare number from the indicator', () => {
    expect(check('80', 80.2, { direction: 'increase' })).toBe('met');
    expect(check('8.0', 8.05, { direction: 'decrease' })).toBe('not_met');
    const r = evaluateTarget(parseTarget('80'), 81);
    expect(r.result).toBe('unknown');
    expect(r.reason.en).toMatch(/direction/);
  });

  it('treats exceeding a range in the improving direction as achieved', () => {
    expect(check('1400—1550', 2040, { direction: 'increase' })).toBe('met');
    expect(check('1400—1550', 1500)).toBe('met');
    expect(check('1400—1550', 1300, { direction: 'increase' })).toBe('not_met');
    expect(check('2400—3000', 3100)).toBe('not_met');
  });

  it('computes relative targets from the baseline or a named year', () => {
    expect(check('增长 30%', 0.45, { baseline: { year: 2020, value: 0.34 } })).toBe('met');
    expect(check('增长 30%', 0.43, { baseline: { year: 2020, value: 0.34 } })).toBe('not_met');
    const missing = evaluateTarget(parseTarget('比2015年降低5%'), 13.37);
    expect(missing.result).toBe('unknown');
    expect(missing.reason.zh).toContain('2015');
    expect(check('比2015年降低5%', 13.37, { history: { 2015: 14.2 } })).toBe('met');
    expect(check('比2015年降低5%', 13.6, { history: { 2015: 14.2 } })).toBe('not_met');
  });

  it('reads 以下 as at most: the number itself meets it, in every form', () => {
    expect(check('4‰以下', 4)).toBe('met');
    expect(check('4‰以下', 4.01)).toBe('not_met');
    expect(check('降低到23%以下', 23)).toBe('met');
    expect(check('控制在10%以内', 10)).toBe('met');
    expect(check('低于4‰', 4)).toBe('not_met');
    const ctx = { history: { 2015: 20 } };
    expect(check('比2015年降低5个百分点以下', 15, ctx)).toBe('met');
    expect(check('比2015年降低5个百分点以下', 14.9, ctx)).toBe('not_met');
  });

  it('takes 左右 and 约 on a change as about that change, beyond it in its direction being met', () => {
    const ctx = { baseline: { year: 2020, value: 77.93 } };
    expect(check('较目前再增加约3岁', 80.8, ctx)).toBe('met');
    expect(check('较目前再增加约3岁', 81.5, ctx)).toBe('met');
    expect(check('较目前再增加约3岁', 80.5, ctx)).toBe('not_met');
    expect(check('在2020年基础上提高1岁左右', 78.9, { history: { 2020: 77.93 } })).toBe('met');
  });

  it('checks yearly changes against the years elapsed', () => {
    const ctx = { baseline: { year: 2020, value: 50 }, year: 2023 };
    expect(check('力争每年降低 0.5 个百分点以上', 48.5, ctx)).toBe('met');
    expect(check('力争每年降低 0.5 个百分点以上', 48.6, ctx)).toBe('not_met');
  });

  it('checks increments, ratios, coverage, grades and approximations', () => {
    expect(check('新增≥12', 30, { baseline: { year: 2025, value: 18 } })).toBe('met');
    expect(check('新增≥12', 29, { baseline: { year: 2025, value: 18 } })).toBe('not_met');
    expect(check('1：1.1', 1.15)).toBe('met');
    expect(check('≥1∶1.5', 1.2)).toBe('not_met');
    expect(check('全覆盖', 100)).toBe('met');
    expect(check('全覆盖', 96)).toBe('not_met');
    expect(check('≥四甲', 42)).toBe('met');
    expect(check('70左右', 72)).toBe('met');
    expect(check('70左右', 80)).toBe('not_met');
  });

  it('uses the direction of a qualitative target when a baseline exists', () => {
    expect(check('逐步下降', 3, { baseline: { year: 2020, value: 4 } })).toBe('met');
    expect(check('逐步下降', 5, { baseline: { year: 2020, value: 4 } })).toBe('not_met');
    expect(check('逐步下降', 3)).toBe('unknown');
  });
});

describe('parseObserved', () => {
  it('reads values, units and bounds from baseline and actual cells', () => {
    expect(parseObserved('2.3‰')).toMatchObject({ value: 2.3, unit: '‰' });
    expect(parseObserved('9.07/10万')).toMatchObject({ value: 9.07, unit: '1/10万' });
    expect(parseObserved('52.81%')).toMatchObject({ value: 52.81, unit: '%' });
    expect(parseObserved('＞98')).toMatchObject({ value: 98, bound: 'gt' });
    expect(parseObserved('4‰以下')).toMatchObject({ value: 4, unit: '‰', bound: 'le' });
    expect(parseObserved('98%以上')).toMatchObject({ value: 98, unit: '%', bound: 'ge' });
    expect(parseObserved('—')).toMatchObject({ value: null, missing: 'dash' });
    expect(parseObserved('2021年开始做')).toMatchObject({ value: null, missing: 'text' });
  });
});
