/**
 * The national hypertension rule set against expectations worked out by hand from the 2017
 * standard (国家基本公共卫生服务规范（第三版）) and the counting choices written in
 * catalogue/programmes/hypertension.yaml. Each case states the arithmetic it relies on.
 */
import { describe, expect, it } from 'vitest';
import { assessYear, checkEligibility, type MembershipResult } from './assess';
import type { ProgrammeFactsInput, ServiceEvent } from './facts';
import { programme } from './fixtures/read';

const htn = programme('hypertension.yaml');

function fu(id: string, date: string, sbp: number | null, dbp: number | null, extra = {}): ServiceEvent {
  return {
    id,
    type: 'follow-up',
    date,
    fields: { mode: 'clinic', sbp, dbp, classification: 'controlled', ...extra },
  };
}
function check(id: string, date: string, complete = true): ServiceEvent {
  return { id, type: 'health-check', date, fields: { complete } };
}
function facts(
  birthDate: string,
  enrolments: ProgrammeFactsInput['enrolments'],
  events: ServiceEvent[],
  deathDate: string | null = null
): ProgrammeFactsInput {
  return { resident: { birthDate, sex: 'M', deathDate }, enrolments, events };
}
const open = (start: string, facility = 'F1') => [{ id: 'e1', start, facility }];
const result = (rs: MembershipResult[], element: string) => {
  const r = rs.find((x) => x.element === element);
  if (!r) throw new Error(`no result for ${element}`);
  return r;
};
const counted = (f: ProgrammeFactsInput, year: number) =>
  assessYear(htn, f, year)
    .counted.map((m) => `${m.element}@${m.orgUnit}/${m.period}`)
    .sort();

describe('hypertension 2017: managed to the standard (规范管理)', () => {
  it('a patient enrolled before the year with 4 face-to-face follow-ups and a check counts in all three', () => {
    // Born 1970-03-10: 54 on 2024-12-31 (≥ 35). Latest BP 130/80 < 140/90.
    const f = facts('1970-03-10', open('2023-05-01'), [
      fu('a', '2024-02-10', 150, 95),
      fu('b', '2024-05-12', 138, 86),
      fu('c', '2024-08-15', 134, 84),
      fu('d', '2024-11-20', 130, 80),
      check('k', '2024-03-01'),
    ]);
    expect(counted(f, 2024)).toEqual([
      'HTN_CONTROLLED@F1/2024',
      'HTN_MANAGED@F1/2024',
      'HTN_STD_MANAGED@F1/2024',
    ]);
  });

  it('enrolled 1 March: 10 months, ceil(4 × 10 / 12) = 4 follow-ups needed, so 3 are not enough', () => {
    // March–December are 10 calendar months under management; 4 × 10 / 12 = 3.33, rounded up to 4.
    const events = [
      fu('a', '2024-03-01', 150, 92),
      fu('b', '2024-06-10', 136, 85),
      fu('c', '2024-09-15', 132, 84),
      check('k', '2024-03-01'),
    ];
    const three = assessYear(htn, facts('1960-01-01', open('2024-03-01'), events), 2024).results;
    expect(result(three, 'HTN_MANAGED').met).toBe(true);
    const std = result(three, 'HTN_STD_MANAGED');
    expect(std.met).toBe(false);
    expect(std.reason.zh).toContain('面对面随访 3 次（2024年），要求 ≥4 次');
    expect(std.reason.zh).toContain('在管 10 个月');
    expect(std.reason.en).toContain('4 × 10/12 rounded up = 4');

    const four = assessYear(
      htn,
      facts('1960-01-01', open('2024-03-01'), [...events, fu('d', '2024-12-01', 130, 80)]),
      2024
    ).results;
    expect(result(four, 'HTN_STD_MANAGED').met).toBe(true);
  });

  it('enrolled 15 October: 3 months (Oct–Dec), ceil(4 × 3 / 12) = 1 follow-up is enough', () => {
    const f = facts('1960-01-01', open('2024-10-15'), [
      fu('a', '2024-10-15', 150, 95),
      check('k', '2024-10-15'),
    ]);
    expect(counted(f, 2024)).toContain('HTN_STD_MANAGED@F1/2024');
  });

  it('telephone follow-ups do not count as face-to-face', () => {
    const f = facts('1960-01-01', open('2020-01-01'), [
      fu('a', '2024-02-01', 130, 80),
      fu('b', '2024-05-01', null, null, { mode: 'phone' }),
      fu('c', '2024-08-01', 128, 78),
      fu('d', '2024-11-01', null, null, { mode: 'phone' }),
      check('k', '2024-02-01'),
    ]);
    const rs = assessYear(htn, f, 2024).results;
    expect(result(rs, 'HTN_STD_MANAGED').met).toBe(false);
    expect(result(rs, 'HTN_STD_MANAGED').reason.en).toContain('2 face-to-face follow-ups in 2024; needs ≥ 4');
    // The latest face-to-face follow-up (1 August, 128/78) decides control, not the later phone call.
    expect(result(rs, 'HTN_CONTROLLED').met).toBe(true);
    expect(result(rs, 'HTN_CONTROLLED').reason.zh).toContain('2024-08-01');
  });

  it('two follow-ups on the same day count once', () => {
    const f = facts('1960-01-01', open('2020-01-01'), [
      fu('a', '2024-02-01', 130, 80),
      fu('b', '2024-05-01', 130, 80),
      fu('c', '2024-05-01', 132, 82),
      fu('d', '2024-11-01', 128, 78),
      check('k', '2024-02-01'),
    ]);
    expect(result(assessYear(htn, f, 2024).results, 'HTN_STD_MANAGED').met).toBe(false);
  });

  it('an incomplete health check, or none, fails the standard', () => {
    const events = [
      fu('a', '2024-02-01', 130, 80),
      fu('b', '2024-05-01', 130, 80),
      fu('c', '2024-08-01', 130, 80),
      fu('d', '2024-11-01', 130, 80),
    ];
    expect(counted(facts('1960-01-01', open('2020-01-01'), events), 2024)).not.toContain(
      'HTN_STD_MANAGED@F1/2024'
    );
    expect(
      counted(facts('1960-01-01', open('2020-01-01'), [...events, check('k', '2024-06-01', false)]), 2024)
    ).not.toContain('HTN_STD_MANAGED@F1/2024');
  });

  it('a follow-up dated before the enrolment does not count', () => {
    const f = facts('1960-01-01', open('2024-01-10'), [
      fu('a', '2024-01-05', 130, 80),
      fu('b', '2024-04-01', 130, 80),
      fu('c', '2024-07-01', 130, 80),
      fu('d', '2024-10-01', 130, 80),
      check('k', '2024-04-01'),
    ]);
    // 12 months under management (January counts), so 4 are needed and only 3 are inside.
    expect(result(assessYear(htn, f, 2024).results, 'HTN_STD_MANAGED').met).toBe(false);
  });
});

describe('hypertension 2017: blood-pressure control (控制率)', () => {
  const latest = (birth: string, date: string, sbp: number, dbp: number) =>
    result(
      assessYear(
        htn,
        facts(birth, open('2020-01-01'), [fu('a', '2024-03-01', 160, 100), fu('b', date, sbp, dbp)]),
        2024
      ).results,
      'HTN_CONTROLLED'
    );

  it('145/88 is controlled at 66 (< 150/90) and not at 60 (≥ 140)', () => {
    const old = latest('1958-01-01', '2024-11-20', 145, 88);
    expect(old.met).toBe(true);
    expect(old.reason.zh).toContain('收缩压 145 mmHg（要求 < 150（65岁及以上））');
    const younger = latest('1964-01-01', '2024-11-20', 145, 88);
    expect(younger.met).toBe(false);
    expect(younger.reason.en).toContain('Systolic BP 145 mmHg (needs < 140)');
  });

  it('the 65+ threshold applies from the 65th birthday: the reading on the birthday is judged at 65', () => {
    expect(latest('1959-11-20', '2024-11-20', 145, 85).met).toBe(true);
    expect(latest('1959-11-21', '2024-11-20', 145, 85).met).toBe(false);
  });

  it('both pressures must be below: 150/85 at 70 and 130/90 are not controlled', () => {
    expect(latest('1954-01-01', '2024-11-20', 150, 85).met).toBe(false);
    expect(latest('1970-01-01', '2024-11-20', 130, 90).met).toBe(false);
  });

  it('only the latest reading counts: 160/100 in March then 135/85 in November is controlled', () => {
    expect(latest('1970-01-01', '2024-11-20', 135, 85).met).toBe(true);
  });

  it('two readings on the latest day: the one with the later record id decides, whatever the list order', () => {
    const events = [fu('b', '2024-11-20', 130, 80), fu('a', '2024-11-20', 150, 95)];
    const run = (es: ServiceEvent[]) =>
      result(assessYear(htn, facts('1970-01-01', open('2020-01-01'), es), 2024).results, 'HTN_CONTROLLED')
        .met;
    expect(run(events)).toBe(true);
    expect(run([...events].reverse())).toBe(true);
  });

  it('no face-to-face follow-up in the year (lost to follow-up) counts as not controlled, yet managed', () => {
    const rs = assessYear(
      htn,
      facts('1960-01-01', open('2020-01-01'), [fu('a', '2023-11-01', 120, 70)]),
      2024
    ).results;
    expect(result(rs, 'HTN_MANAGED').met).toBe(true);
    expect(result(rs, 'HTN_CONTROLLED').met).toBe(false);
    expect(result(rs, 'HTN_CONTROLLED').reason.zh).toBe('无面对面随访记录（2024年）');
  });
});

describe('hypertension 2017: who counts where', () => {
  it('death on 1 July ends the year at July: 7 months, ceil(4 × 7 / 12) = 3 follow-ups, and nothing after', () => {
    const events = [
      fu('a', '2024-02-01', 130, 80),
      fu('b', '2024-04-01', 132, 82),
      fu('c', '2024-06-01', 128, 80),
      check('k', '2024-02-01'),
    ];
    const ended = [{ id: 'e1', start: '2020-01-01', end: '2024-07-01', endReason: 'death', facility: 'F1' }];
    const expected = ['HTN_CONTROLLED@F1/2024', 'HTN_MANAGED@F1/2024', 'HTN_STD_MANAGED@F1/2024'];
    expect(counted(facts('1950-05-05', ended, events, '2024-07-01'), 2024)).toEqual(expected);
    // The same when only the death is recorded and the enrolment is still open: death clips it.
    expect(counted(facts('1950-05-05', open('2020-01-01'), events, '2024-07-01'), 2024)).toEqual(expected);
    expect(assessYear(htn, facts('1950-05-05', ended, events, '2024-07-01'), 2025).results).toEqual([]);
  });

  it('a transfer on 1 July: the year belongs to the new facility, follow-ups at the old one still count', () => {
    const f = facts(
      '1960-01-01',
      [
        { id: 's1', start: '2023-01-01', end: '2024-06-30', endReason: 'transferred-out', facility: 'F1' },
        { id: 's2', start: '2024-07-01', facility: 'F2' },
      ],
      [
        fu('a', '2024-02-01', 130, 80),
        fu('b', '2024-05-01', 130, 80),
        fu('c', '2024-08-01', 130, 80),
        fu('d', '2024-11-01', 130, 80),
        check('k', '2024-02-01'),
      ]
    );
    expect(counted(f, 2024)).toEqual([
      'HTN_CONTROLLED@F2/2024',
      'HTN_MANAGED@F2/2024',
      'HTN_STD_MANAGED@F2/2024',
    ]);
    expect(counted(f, 2023)).toContain('HTN_MANAGED@F1/2023');
  });

  it('a patient under 35 at the end of the year is not counted, and may not be enrolled', () => {
    const f = facts('1990-06-01', open('2024-01-01'), [fu('a', '2024-02-01', 130, 80)]);
    expect(counted(f, 2024)).toEqual([]);
    expect(
      checkEligibility(htn, { birthDate: '1990-06-01', sex: 'M', deathDate: null, tags: [] }, '2024-01-01')
        .met
    ).toBe(false);
    expect(
      checkEligibility(htn, { birthDate: '1989-01-01', sex: 'M', deathDate: null, tags: [] }, '2024-01-01')
        .met
    ).toBe(true);
  });

  it('a year without any enrolment gives no results at all', () => {
    expect(assessYear(htn, facts('1960-01-01', open('2025-02-01'), []), 2024).results).toEqual([]);
  });

  it('the result does not depend on the order of events or enrolments', () => {
    const events = [
      fu('a', '2024-02-01', 150, 95),
      fu('b', '2024-05-01', 130, 80),
      fu('c', '2024-08-01', 130, 80),
      fu('d', '2024-11-01', 128, 78),
      check('k', '2024-02-01'),
    ];
    const a = assessYear(htn, facts('1960-01-01', open('2020-01-01'), events), 2024);
    const b = assessYear(htn, facts('1960-01-01', open('2020-01-01'), [...events].reverse()), 2024);
    expect(b).toEqual(a);
  });
});
