import { describe, expect, it } from 'vitest';
import {
  formatAmount,
  formatDateTime,
  formatProbability,
  gradeEn,
  joinList,
  todayIn,
  unitLabel,
  withUnit,
} from './format';

describe('formatDateTime', () => {
  it('writes a moment as YYYY-MM-DD HH:mm in Beijing time, whatever zone the value was written in', () => {
    // 19:30 UTC is 03:30 the next day in Beijing (UTC+8, no daylight saving).
    expect(formatDateTime('2026-11-27T19:30:00Z')).toBe('2026-11-28 03:30');
    expect(formatDateTime('2026-11-28T03:30:00+08:00')).toBe('2026-11-28 03:30');
    expect(formatDateTime(new Date(Date.UTC(2026, 0, 1, 0, 5)))).toBe('2026-01-01 08:05');
    // Midnight is 00, not 24.
    expect(formatDateTime('2026-03-14T16:00:00Z')).toBe('2026-03-15 00:00');
  });

  it('follows another zone when asked', () => {
    expect(formatDateTime('2026-07-01T12:00:00Z', 'UTC')).toBe('2026-07-01 12:00');
    expect(formatDateTime('2026-07-01T12:00:00Z', 'Europe/Berlin')).toBe('2026-07-01 14:00');
  });

  it('shows a dash for nothing or garbage', () => {
    expect(formatDateTime(null)).toBe('—');
    expect(formatDateTime('')).toBe('—');
    expect(formatDateTime('not a date')).toBe('—');
  });

  it('takes today in Beijing, not on the browser’s clock zone', () => {
    expect(todayIn('Asia/Shanghai', new Date('2026-12-31T17:00:00Z'))).toBe('2027-01-01');
  });
});

describe('units and lists', () => {
  it('shows catalogue units in English on an English screen and as written on a Chinese one', () => {
    expect(unitLabel('张', 'en')).toBe('beds');
    expect(unitLabel('1/10万', 'en')).toBe('per 100,000');
    expect(unitLabel('‰', 'en')).toBe('‰');
    expect(unitLabel('张', 'zh')).toBe('张');
    expect(withUnit('婴儿死亡率', '‰', 'zh')).toBe('婴儿死亡率（‰）');
    expect(withUnit('Hospital beds per 1,000 population', '张', 'en')).toBe(
      'Hospital beds per 1,000 population (beds)'
    );
    expect(withUnit('医护比', '', 'zh')).toBe('医护比');
    expect(joinList(['a', 'b'], 'zh')).toBe('a、b');
    expect(joinList(['a', 'b'], 'en')).toBe('a, b');
  });
});

describe('formatProbability', () => {
  it('keeps the order of magnitude of small p-values without e-notation', () => {
    expect(formatProbability(0.0312)).toBe('0.0312');
    expect(formatProbability(2.1e-7)).toBe('2.1×10⁻⁷');
    expect(formatProbability(4.66e-12)).toBe('4.7×10⁻¹²');
    expect(formatProbability(0)).toBe('< 10⁻¹⁵');
    expect(formatProbability(null)).toBe('—');
  });
});

describe('formatAmount', () => {
  it('groups thousands and keeps at most two decimals', () => {
    expect(formatAmount(1534585)).toBe('1,534,585');
    expect(formatAmount(2468.0049)).toBe('2,468');
    expect(formatAmount(60.4846)).toBe('60.48');
    expect(formatAmount(undefined)).toBe('—');
  });
});

describe('gradeEn', () => {
  it('writes hospital grades and information levels in English', () => {
    expect(gradeEn('三甲', 'hospital-grade')).toBe('Grade III-A');
    expect(gradeEn('三级甲等', 'hospital-grade')).toBe('Grade III-A');
    expect(gradeEn('二级甲等', 'hospital-grade')).toBe('Grade II-A');
    expect(gradeEn('二甲', 'hospital-grade')).toBe('Grade II-A');
    expect(gradeEn('五级', 'emr')).toBe('level 5');
    expect(gradeEn('四甲', 'interop')).toBe('level 4-A');
    expect(gradeEn('四乙', 'interop')).toBe('level 4-B');
    expect(gradeEn('C级', 'generic')).toBe('grade C');
  });
});
