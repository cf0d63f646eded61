import { describe, expect, it } from 'vitest';
import { defaultPeriod, periodOfPicks } from './completeness-periods';

describe('the period the reporting page opens on', () => {
  it('is the last period that has ended, across a new year', () => {
    expect(defaultPeriod('month', '2026-06-01')).toBe('202605');
    expect(defaultPeriod('month', '2026-01-15')).toBe('202512');
    expect(defaultPeriod('quarter', '2026-02-10')).toBe('2025Q4');
    expect(defaultPeriod('quarter', '2026-08-31')).toBe('2026Q2');
    expect(defaultPeriod('year', '2026-03-01')).toBe('2025');
  });
  it('keeps the month or quarter when the year changes', () => {
    expect(periodOfPicks('month', '202604').with(2025, undefined)).toBe('202504');
    expect(periodOfPicks('month', '202604').with(2026, 11)).toBe('202611');
    expect(periodOfPicks('quarter', '2026Q3').with(2024, undefined)).toBe('2024Q3');
    expect(periodOfPicks('year', '2026').with(2024, 3)).toBe('2024');
  });
});
