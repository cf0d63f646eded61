import { describe, expect, it } from 'vitest';
import {
  countStatuses,
  daysLate,
  rankByCompleteness,
  reportDeadline,
  reportStatus,
  rollupStatuses,
} from './completeness';

describe('report deadline', () => {
  it('counts due days and the allowance from the last day of the period (calendar by hand)', () => {
    // February 2026 ends on the 28th; +10 due days +3 allowance = 13 March.
    expect(reportDeadline('202602', 10, 3)).toBe('2026-03-13');
    // 2024 is a leap year: February ends on the 29th; +10 = 10 March.
    expect(reportDeadline('202402', 10)).toBe('2024-03-10');
    // A yearly report due 60 days after 31 December 2025: 1 March 2026 (January 31 + February 28 + 1).
    expect(reportDeadline('2025', 60)).toBe('2026-03-01');
    // The second quarter ends on 30 June; +45 = 14 August.
    expect(reportDeadline('2026Q2', 45)).toBe('2026-08-14');
  });
});

describe('report status', () => {
  it('is on time up to and including the deadline, late after it', () => {
    expect(reportStatus('2026-03-13', '2026-03-13', '2026-04-01')).toBe('onTime');
    expect(reportStatus('2026-03-14', '2026-03-13', '2026-04-01')).toBe('late');
  });
  it('is pending until the deadline has passed, then missing', () => {
    expect(reportStatus(null, '2026-03-13', '2026-03-13')).toBe('pending');
    expect(reportStatus(null, '2026-03-13', '2026-03-14')).toBe('missing');
  });
  it('counts days late from the deadline', () => {
    expect(daysLate('2026-03-20', '2026-03-13', '2026-04-01')).toBe(7);
    expect(daysLate(null, '2026-03-13', '2026-04-01')).toBe(19);
    expect(daysLate('2026-03-01', '2026-03-13', '2026-04-01')).toBe(0);
  });
});

describe('counts and roll-up', () => {
  it('gives rates over the expected reports, pending counted as expected', () => {
    // 3 on time, 1 late, 2 missing, 1 pending: 7 expected, 4 received → 57.1 %, 3/7 → 42.9 %.
    const c = countStatuses(['onTime', 'onTime', 'onTime', 'late', 'missing', 'missing', 'pending']);
    expect(c).toEqual({
      expected: 7,
      received: 4,
      onTime: 3,
      late: 1,
      missing: 2,
      pending: 1,
      completenessRate: 57.1,
      timelinessRate: 42.9,
    });
    expect(countStatuses([]).completenessRate).toBeNull();
  });

  it('rolls reports up to every unit above them, not to siblings', () => {
    const reports = [
      { path: '/C/D1/S1/F1/', status: 'onTime' as const },
      { path: '/C/D1/S1/F2/', status: 'missing' as const },
      { path: '/C/D1/S2/F3/', status: 'late' as const },
      { path: '/C/D2/S3/F4/', status: 'onTime' as const },
    ];
    const m = rollupStatuses(
      [{ code: 'C' }, { code: 'D1' }, { code: 'S1' }, { code: 'D2' }, { code: 'S9' }],
      reports
    );
    expect(m.get('C')).toMatchObject({
      expected: 4,
      received: 3,
      onTime: 2,
      completenessRate: 75,
      timelinessRate: 50,
    });
    expect(m.get('D1')).toMatchObject({ expected: 3, received: 2, onTime: 1, missing: 1, late: 1 });
    expect(m.get('S1')).toMatchObject({ expected: 2, received: 1, completenessRate: 50 });
    expect(m.get('D2')).toMatchObject({ expected: 1, completenessRate: 100 });
    expect(m.get('S9')).toMatchObject({ expected: 0, completenessRate: null });
  });

  it('ranks by completeness, then timeliness, nothing expected last', () => {
    const row = (id: string, statuses: Parameters<typeof countStatuses>[0]) => ({
      id,
      counts: countStatuses(statuses),
    });
    const ranked = rankByCompleteness([
      row('none', []),
      row('half', ['onTime', 'missing']),
      row('allLate', ['late', 'late']),
      row('allOnTime', ['onTime', 'onTime']),
    ]);
    expect(ranked.map((r) => r.id)).toEqual(['allOnTime', 'allLate', 'half', 'none']);
  });
});
