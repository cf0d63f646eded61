import { describe, expect, it } from 'vitest';
import { isPeriodOfType, nativePeriods, parsePeriod, periodOf } from './periods';

describe('periods', () => {
  it('parses years, quarters, months and plan ranges', () => {
    expect(parsePeriod('2024')).toMatchObject({ type: 'year', start: '2024-01-01', end: '2024-12-31' });
    expect(parsePeriod('2024Q1')).toMatchObject({ type: 'quarter', start: '2024-01-01', end: '2024-03-31' });
    expect(parsePeriod('202402')).toMatchObject({ type: 'month', end: '2024-02-29' });
    expect(parsePeriod('2021-2025')).toMatchObject({ type: 'range', startYear: 2021, endYear: 2025 });
  });

  it('refuses anything else with a bilingual error naming the field', () => {
    for (const bad of ['2024-13', '202413', '24', '2024Q5', '2025-2021', 'abc']) {
      expect(() => parsePeriod(bad), bad).toThrow(/Invalid period/);
    }
  });

  it('lists the native periods inside a requested period', () => {
    expect(nativePeriods(parsePeriod('2024'), 'month')).toHaveLength(12);
    expect(nativePeriods(parsePeriod('2024Q2'), 'month')).toEqual(['202404', '202405', '202406']);
    expect(nativePeriods(parsePeriod('2021-2025'), 'year')).toEqual(['2021', '2022', '2023', '2024', '2025']);
    expect(nativePeriods(parsePeriod('202403'), 'year')).toEqual(['2024']);
    expect(nativePeriods(parsePeriod('2024'), 'quarter')).toEqual(['2024Q1', '2024Q2', '2024Q3', '2024Q4']);
  });

  it('knows the type of a period and the period of a date', () => {
    expect(isPeriodOfType('202403', 'month')).toBe(true);
    expect(isPeriodOfType('2024', 'month')).toBe(false);
    expect(periodOf('2024-08-15', 'quarter')).toBe('2024Q3');
  });
});
