import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../periods/periods';
import { isCalendarDate, isCalendarDateTime, isoDate } from './reports';

describe('dates that exist', () => {
  it('accepts real days, leap days included', () => {
    for (const d of ['2024-02-29', '2000-02-29', '2025-12-31', '1900-01-01', '2100-12-31']) {
      expect(isCalendarDate(d), d).toBe(true);
    }
  });

  it('refuses days that do not exist and years out of range', () => {
    // 1900 and 2100 are not leap years (divisible by 100, not by 400).
    for (const d of [
      '2024-13-45',
      '2024-02-30',
      '2023-02-29',
      '1900-02-29',
      '2100-02-29',
      '2024-04-31',
      '2024-00-10',
      '2024-01-00',
      '0000-01-01',
      '1899-12-31',
      '2101-01-01',
      '2024-1-01',
      '20240101',
      '',
    ]) {
      expect(isCalendarDate(d), d).toBe(false);
    }
  });

  it('checks the clock of a date-time too', () => {
    expect(isCalendarDateTime('2026-11-21T02:00:00Z')).toBe(true);
    expect(isCalendarDateTime('2026-11-21 02:00')).toBe(true);
    expect(isCalendarDateTime('2026-11-21T02:00:00.123+08:00')).toBe(true);
    for (const d of ['2026-02-30T02:00:00Z', '2026-11-21T25:00:00Z', '2026-11-21T02:60Z', '1', 'tomorrow']) {
      expect(isCalendarDateTime(d), d).toBe(false);
    }
  });

  it('names the rule in the schema error', () => {
    const r = isoDate.safeParse('2024-02-30');
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/YYYY-MM-DD/);
  });

  it('refuses periods in years no plan or value can have', () => {
    expect(() => parsePeriod('0000')).toThrow(/Invalid period/);
    expect(() => parsePeriod('2024-9999')).toThrow(/Invalid period/);
    expect(() => parsePeriod('189912')).toThrow(/Invalid period/);
    expect(parsePeriod('2021-2025').type).toBe('range');
  });
});
