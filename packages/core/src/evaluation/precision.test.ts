import { describe, expect, it } from 'vitest';
import { decimalsIn, formatValue, statedDecimals } from './precision';
import { row } from './row-fixture';
import { evaluateRow, roundTo } from './status';

describe('the precision of a row', () => {
  it('is the most decimals the plan writes for the row', () => {
    expect(decimalsIn(['≥84.53', '81.5', '增长 30%'])).toBe(2);
    expect(decimalsIn(['比2015年降低5%', '12/10万以下'])).toBe(0);
    expect(decimalsIn(['１.２５'])).toBe(2);
    expect(
      statedDecimals({
        baseline: { year: 2020, raw: '4.58', source: 'table' },
        targets: [{ year: 2025, level: 'district', raw: '≥5.2' }],
        history: [{ year: 2015, raw: '3.431', source: 'table' }],
      })
    ).toBe(3);
  });

  it('rounds half away from zero, as published tables do', () => {
    expect(roundTo(2.675, 2)).toBe(2.68);
    expect(roundTo(-2.675, 2)).toBe(-2.68);
    expect(roundTo(60.4846, 2)).toBe(60.48);
    expect(formatValue(4.4999, 2)).toBe('4.5');
    expect(formatValue(60.4846, 2)).toBe('60.48');
    expect(formatValue(null, 2)).toBe('—');
  });
});

describe('statuses at the stated precision', () => {
  it('does not call rounding noise deterioration', () => {
    const noisy = row({ raw: '≥1.5', baseline: { year: 2020, value: 1.1668 }, actual: 1.1667 });
    // Compared exactly, 1.1667 is below the baseline 1.1668 …
    expect(evaluateRow(noisy).status).toBe('deteriorating');
    // … but at the two decimals the plan writes, both are 1.17: behind, not worse.
    expect(evaluateRow({ ...noisy, decimals: 2 }).status).toBe('behind');
  });

  it('counts 1.9999 against ≥2 as met at two decimals', () => {
    const close = row({ raw: '≥2', baseline: { year: 2020, value: 1.5 }, actual: 1.9999, year: 2025 });
    expect(evaluateRow(close).status).not.toBe('achieved');
    expect(evaluateRow({ ...close, decimals: 2 }).status).toBe('achieved');
    // Precision is not leniency: 1.99 is still short of 2.
    expect(evaluateRow({ ...close, actual: 1.99, decimals: 2 }).status).toBe('behind');
  });

  it('shows the expected value at the row precision', () => {
    const r = evaluateRow(
      row({ raw: '≥60.37', baseline: { year: 2020, value: 50.11 }, actual: 55, decimals: 2 })
    );
    // 50.11 + (60.37 − 50.11) × 3/5 = 56.266
    expect(r.expected).toBe(56.27);
  });
});

describe('indicators with no better direction', () => {
  it('judges a birth rate only against its target, never as deteriorating', () => {
    // Fuzhou: 人口年平均出生率 8.19‰ in 2020, target 12.2左右 in 2025.
    const birth = row({ raw: '12.2左右', baseline: { year: 2020, value: 8.19 }, direction: null });
    expect(evaluateRow({ ...birth, actual: 7.5 }).status).toBe('not_evaluable');
    expect(evaluateRow({ ...birth, actual: 12.0 }).status).toBe('achieved');
    expect(evaluateRow({ ...birth, actual: 7.5, year: 2025 }).status).toBe('behind');
    // With a direction it would be called worse than the baseline.
    expect(evaluateRow({ ...birth, actual: 7.5, direction: 'increase' }).status).toBe('deteriorating');
  });

  it('leaves a bare planned value without a direction unjudged', () => {
    const population = row({
      raw: '52.95',
      baseline: { year: 2015, value: 51.49 },
      direction: null,
      actual: 53.4,
    });
    expect(evaluateRow(population).status).toBe('not_evaluable');
  });
});
