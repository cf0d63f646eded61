import { describe, expect, it } from 'vitest';
import { row } from './row-fixture';
import { evaluateRow } from './status';
import { agrees, readWrittenStatus } from './written';

describe('evaluateRow', () => {
  it('uses the linear schedule from baseline to target by default', () => {
    // 50 → 60 over five years: 56 expected in 2023.
    expect(evaluateRow(row({ raw: '≥60', actual: 57 }))).toMatchObject({
      status: 'on_schedule',
      expected: 56,
      progress: 0.7,
      method: 'linear',
    });
    expect(evaluateRow(row({ raw: '≥60', actual: 53 }))).toMatchObject({ status: 'behind', expected: 56 });
    expect(evaluateRow(row({ raw: '≥60', actual: 48 })).status).toBe('deteriorating');
    expect(evaluateRow(row({ raw: '≥60', actual: 61 })).status).toBe('achieved');
  });

  it('keeps a met ceiling as within ceiling until the target year', () => {
    expect(
      evaluateRow(row({ raw: '≤8', direction: 'decrease', actual: 6, baseline: { year: 2020, value: 7 } }))
        .status
    ).toBe('within_ceiling');
    expect(evaluateRow(row({ raw: '≤8', direction: 'decrease', actual: 6, year: 2025 })).status).toBe(
      'achieved'
    );
  });

  it('uses the ratio of actual to target where the plan does (Futian 表 1)', () => {
    const r = evaluateRow(
      row({ raw: '≥92', actual: 90.16, year: 2020, targetYear: 2020, baseline: null, method: 'ratio' })
    );
    expect(r).toMatchObject({ status: 'on_schedule', threshold: 0.95 });
    expect(r.progress).toBeCloseTo(0.98, 3);
    expect(
      evaluateRow(
        row({ raw: '≥92', actual: 80, year: 2020, targetYear: 2020, baseline: null, method: 'ratio' })
      ).status
    ).toBe('behind');
  });

  it('uses compound annual growth like Open SDG', () => {
    // 100 → 161.05 needs 10 %/year; 121 after two years is exactly on pace.
    const r = evaluateRow(
      row({ raw: '≥161.05', baseline: { year: 2020, value: 100 }, year: 2022, actual: 121, method: 'cagr' })
    );
    expect(r.status).toBe('on_schedule');
    expect(r.progress).toBeCloseTo(1, 2);
    expect(
      evaluateRow(
        row({ raw: '≥161.05', baseline: { year: 2020, value: 100 }, year: 2022, actual: 110, method: 'cagr' })
      ).status
    ).toBe('behind');
  });

  it('achieves a range in the improving direction beyond its upper end', () => {
    expect(evaluateRow(row({ raw: '1400—1550', actual: 2040, year: 2025 })).status).toBe('achieved');
  });

  it('says what is missing for relative targets', () => {
    const r = evaluateRow(
      row({ raw: '比2015年降低5%', direction: 'decrease', actual: 13.37, year: 2020, targetYear: 2020 })
    );
    expect(r.status).toBe('not_evaluable');
    expect(r.reason.en).toContain('2015');
    expect(
      evaluateRow(
        row({
          raw: '比2015年降低5%',
          direction: 'decrease',
          actual: 13.37,
          year: 2020,
          targetYear: 2020,
          history: { 2015: 14.5 },
        })
      ).status
    ).toBe('achieved');
    expect(
      evaluateRow(row({ raw: '增长 30%', baseline: { year: 2020, value: 0.34 }, actual: 0.41, year: 2023 }))
        .status
    ).toBe('on_schedule');
    expect(
      evaluateRow(row({ raw: '增长 30%', baseline: { year: 2020, value: 0.34 }, actual: 0.39, year: 2023 }))
        .status
    ).toBe('behind');
  });

  it('reports no data, withdrawn and qualitative rows with their reason', () => {
    expect(evaluateRow(row({ raw: '≥60' })).status).toBe('no_data');
    expect(evaluateRow(row({ raw: '≥60', actual: 70, withdrawn: true })).status).toBe('withdrawn');
    expect(evaluateRow(row({ raw: '基本建成', actual: 1 })).status).toBe('not_evaluable');
  });
});

describe('written statuses', () => {
  it('reads the review-table vocabulary', () => {
    expect(readWrittenStatus('完成规划目标')).toEqual({ status: 'achieved', progress: null });
    expect(readWrittenStatus('达到时序进度（98%）')).toEqual({ status: 'on_schedule', progress: 0.98 });
    expect(readWrittenStatus('省市已取消此指标考核项目').status).toBe('withdrawn');
    expect(readWrittenStatus('—').status).toBeNull();
    expect(agrees('within_ceiling', 'achieved')).toBe(true);
    expect(agrees('on_schedule', 'achieved')).toBe(false);
  });
});

describe('cascade', () => {
  it('compares a district target with its city’s in the improving direction', async () => {
    const { compareAmbition } = await import('./cascade');
    expect(compareAmbition('≥60', '≥50', 'increase').ambition).toBe('stricter');
    expect(compareAmbition('≥4.5', '≥4.5', 'increase').ambition).toBe('same');
    expect(compareAmbition('≤20', '≤18', 'decrease').ambition).toBe('looser');
    expect(compareAmbition('逐步下降', '≤18', 'decrease').ambition).toBe('unknown');
  });
});
