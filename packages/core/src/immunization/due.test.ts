/**
 * The due list, with `asOf` fixed in every test. Expected dates are counted by hand on the
 * calendar (20 June + 60 days: 10 days to 30 June, 31 in July, 19 into August = 19 August), and
 * the rules come from the 2021 schedule's notes, not from the code.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { dueList, type DueDose } from './due';
import type { GivenDose } from './doses';
import { schedule } from './fixtures/read';

const s = schedule();
const g = (vaccine: string, dose: number, date: string): GivenDose => ({ vaccine, dose, date });
const find = (doses: DueDose[], vaccine: string, dose: number): DueDose => {
  const d = doses.find((x) => x.vaccine === vaccine && x.dose === dose);
  if (!d) throw new Error(`no ${vaccine} ${dose}`);
  return d;
};
const status = (birth: string, given: GivenDose[], asOf: string, vaccine: string, dose: number): string =>
  find(dueList(s, { birthDate: birth }, given, asOf).doses, vaccine, dose).status;

describe('status around the as-of date (born 2024-01-15)', () => {
  const birth = '2024-01-15';
  const given = [g('HepB', 1, '2024-01-15'), g('BCG', 1, '2024-01-16'), g('HepB', 2, '2024-02-15')];

  it('given doses are given, on time when inside the month after their age', () => {
    const r = dueList(s, { birthDate: birth }, given, '2024-03-20');
    expect(find(r.doses, 'HepB', 1)).toMatchObject({
      status: 'given',
      givenDate: '2024-01-15',
      timely: true,
      early: false,
    });
    expect(find(r.doses, 'BCG', 1)).toMatchObject({ status: 'given', timely: true });
    expect(find(r.doses, 'HepB', 2).reason.zh).toBe('2024-02-15 已接种，及时');
  });

  it('IPV 1 (2 months, 15 March) is due until 14 April, overdue from 15 April, catch-up from the first birthday', () => {
    expect(status(birth, given, '2024-03-14', 'IPV', 1)).toBe('not_yet_due');
    const due = find(dueList(s, { birthDate: birth }, given, '2024-03-20').doses, 'IPV', 1);
    expect(due.status).toBe('due');
    expect(due.reason).toEqual({
      zh: '应接种，最迟 2024-04-14（2月龄（2024-03-15））',
      en: 'due by 2024-04-14 (2 months (2024-03-15))',
    });
    expect(status(birth, given, '2024-04-14', 'IPV', 1)).toBe('due');
    expect(status(birth, given, '2024-04-15', 'IPV', 1)).toBe('overdue');
    expect(status(birth, given, '2025-01-14', 'IPV', 1)).toBe('overdue');
    const late = find(dueList(s, { birthDate: birth }, given, '2025-01-15').doses, 'IPV', 1);
    expect(late.status).toBe('catch_up');
    expect(late.reason.en).toBe('catch-up: should have been complete before 12 months (before 2025-01-15)');
  });

  it('DTaP 1 and HepB 3 are not yet due on 20 March', () => {
    const r = dueList(s, { birthDate: birth }, given, '2024-03-20');
    expect(find(r.doses, 'DTaP', 1)).toMatchObject({ status: 'not_yet_due', dueDate: '2024-04-15' });
    expect(find(r.doses, 'HepB', 3)).toMatchObject({ status: 'not_yet_due', dueDate: '2024-07-15' });
  });

  it('HepB 1 must come within 24 hours: due on the day of birth and the next, catch-up after', () => {
    expect(status(birth, [], '2024-01-16', 'HepB', 1)).toBe('due');
    const late = find(dueList(s, { birthDate: birth }, [], '2024-01-17').doses, 'HepB', 1);
    expect(late.status).toBe('catch_up');
    expect(late.reason.zh).toBe('需补种：程序要求出生后24小时内（2024-01-17 之前）完成');
  });

  it('BCG is no longer caught up from the 4th birthday, with a PPD test first from 3 months', () => {
    const r = dueList(s, { birthDate: birth }, [], '2024-06-01');
    expect(find(r.doses, 'BCG', 1).reason.zh).toContain(
      '3月龄至3岁补种前需做TB-PPD或BCG-PPD试验，阴性者补种'
    );
    expect(status(birth, [], '2028-01-14', 'BCG', 1)).toBe('catch_up');
    const old = find(dueList(s, { birthDate: birth }, [], '2028-01-15').doses, 'BCG', 1);
    expect(old.status).toBe('not_needed');
    expect(old.reason.zh).toBe('满4岁（2028-01-15）起不再补种');
  });
});

describe('minimum intervals push a dose later', () => {
  const birth = '2024-01-15';

  it('HepB 2 on 20 June puts HepB 3 at 19 August (60 days), not 15 July', () => {
    const given = [g('HepB', 1, '2024-01-15'), g('HepB', 2, '2024-06-20')];
    const d = find(dueList(s, { birthDate: birth }, given, '2024-08-01').doses, 'HepB', 3);
    expect(d).toMatchObject({ dueDate: '2024-08-19', status: 'not_yet_due' });
    expect(d.reason.zh).toBe('2024-08-19 起可接种（第2剂后60天）');
  });

  it('HepB 1 on 1 May and 2 on 1 June: dose 3 waits for 4 months after dose 1 (1 September)', () => {
    const given = [g('HepB', 1, '2024-05-01'), g('HepB', 2, '2024-06-01')];
    const d = find(dueList(s, { birthDate: birth }, given, '2024-08-01').doses, 'HepB', 3);
    expect(d.dueDate).toBe('2024-09-01');
    expect(d.reason.en).toBe('due from 2024-09-01 (4 months after dose 1)');
  });

  it('marks a dose given before its minimum interval as early', () => {
    const given = [g('HepB', 1, '2024-01-15'), g('HepB', 2, '2024-02-01')];
    const d = find(dueList(s, { birthDate: birth }, given, '2024-03-01').doses, 'HepB', 2);
    expect(d).toMatchObject({ status: 'given', early: true, timely: false, dueDate: '2024-02-15' });
  });

  it('two injectable live vaccines on different days are 28 days apart: MMR on 15 Sept moves JE-L 1 to 13 Oct', () => {
    const given = [g('MMR', 1, '2024-09-15')];
    const later = find(dueList(s, { birthDate: birth }, given, '2024-09-20').doses, 'JE-L', 1);
    expect(later).toMatchObject({ status: 'not_yet_due', dueDate: '2024-10-13' });
    expect(later.reason.en).toBe(
      'due from 2024-10-13 (28 days after the injectable live vaccine given on 2024-09-15)'
    );
    // On the same day both may be given.
    expect(status(birth, given, '2024-09-15', 'JE-L', 1)).toBe('due');
    // Oral bOPV does not count.
    expect(status(birth, [g('bOPV', 3, '2024-09-14')], '2024-09-15', 'JE-L', 1)).toBe('due');
  });
});

describe('alternatives: the first dose decides the series', () => {
  const birth = '2024-01-15';

  it('a first JE dose of inactivated vaccine gives the 4-dose JE-I series, dose 2 seven days later', () => {
    const given = [g('JE-I', 1, '2024-09-20')];
    const r = dueList(s, { birthDate: birth }, given, '2024-09-25');
    const je = r.doses.filter((d) => d.series === 'JE');
    expect(je.map((d) => [d.vaccine, d.dose, d.dueDate, d.status])).toEqual([
      ['JE-I', 1, '2024-09-15', 'given'],
      ['JE-I', 2, '2024-09-27', 'not_yet_due'],
      ['JE-I', 3, '2026-01-15', 'not_yet_due'],
      ['JE-I', 4, '2030-01-15', 'not_yet_due'],
    ]);
    expect(r.tracks.find((t) => t.series === 'JE')).toEqual({
      series: 'JE',
      track: 'JE-I',
      decidedBy: given[0],
    });
    expect(status(birth, given, '2024-09-27', 'JE-I', 2)).toBe('due');
  });

  it('a later live JE dose does not count once the inactivated series is chosen', () => {
    const given = [g('JE-I', 1, '2024-09-20'), g('JE-L', 1, '2024-10-20')];
    const r = dueList(s, { birthDate: birth }, given, '2024-11-01');
    expect(r.doses.some((d) => d.vaccine === 'JE-L')).toBe(false);
    expect(r.unplaced).toEqual([
      {
        dose: given[1],
        reason: {
          zh: '该儿童按首剂采用乙脑灭活疫苗程序，此剂不计入',
          en: 'The first dose put this child on the Inactivated Japanese encephalitis vaccine series; this dose does not count',
        },
      },
    ]);
  });

  it('a first dose of live vaccine keeps the 2-dose JE-L series even when inactivated is preferred', () => {
    const r = dueList(s, { birthDate: birth }, [g('JE-L', 1, '2024-09-15')], '2024-10-01', {
      prefer: ['JE-I'],
    });
    expect(r.doses.filter((d) => d.series === 'JE').map((d) => d.vaccine)).toEqual(['JE-L', 'JE-L']);
  });

  it('inactivated hepatitis A: two doses, the 2nd at 2 years but at least 6 months after the 1st', () => {
    const r = dueList(s, { birthDate: birth }, [g('HepA-I', 1, '2025-08-01')], '2025-09-01');
    expect(r.doses.filter((d) => d.series === 'HEPA').map((d) => [d.vaccine, d.dose, d.dueDate])).toEqual([
      ['HepA-I', 1, '2025-07-15'],
      ['HepA-I', 2, '2026-02-01'],
    ]);
  });
});

describe('catch-up for a child of 3 with no doses (born 2021-01-15, as of 2024-01-15)', () => {
  const r = dueList(s, { birthDate: '2021-01-15' }, [], '2024-01-15');

  it('lists what to give and when, by the catch-up rules', () => {
    // [vaccine, dose, status, planned date]: every missed dose now, then the minimum intervals:
    // 15 Jan + 28 days = 12 Feb; 12 Feb + 28 days = 11 March (2024 is a leap year);
    // HepB 3 is the later of 12 Feb + 60 days (12 April) and 15 Jan + 4 months (15 May);
    // DTaP 4 is 6 months after DTaP 3; JE-L 2 is 12 months after JE-L 1.
    expect(r.doses.map((d) => [d.vaccine, d.dose, d.status, d.plannedDate])).toEqual([
      ['HepB', 1, 'catch_up', '2024-01-15'],
      ['HepB', 2, 'catch_up', '2024-02-12'],
      ['HepB', 3, 'catch_up', '2024-05-15'],
      ['BCG', 1, 'catch_up', '2024-01-15'],
      ['IPV', 1, 'catch_up', '2024-01-15'],
      ['IPV', 2, 'catch_up', '2024-02-12'],
      ['bOPV', 3, 'catch_up', '2024-03-11'],
      ['bOPV', 4, 'not_yet_due', '2025-01-15'],
      ['DTaP', 1, 'catch_up', '2024-01-15'],
      ['DTaP', 2, 'catch_up', '2024-02-12'],
      ['DTaP', 3, 'catch_up', '2024-03-11'],
      ['DTaP', 4, 'catch_up', '2024-09-11'],
      ['DT', 5, 'not_yet_due', '2027-01-15'],
      ['MMR', 1, 'catch_up', '2024-01-15'],
      ['MMR', 2, 'catch_up', '2024-02-12'],
      ['JE-L', 1, 'catch_up', '2024-01-15'],
      ['JE-L', 2, 'catch_up', '2025-01-15'],
      ['MPSV-A', 1, 'not_needed', null],
      ['MPSV-A', 2, 'not_needed', null],
      ['MPSV-AC', 3, 'due', '2024-01-15'],
      ['MPSV-AC', 4, 'not_yet_due', '2027-01-15'],
      ['HepA-L', 1, 'catch_up', '2024-01-15'],
    ]);
  });

  it('gives no MPSV-A from 24 months; MPSV-AC instead', () => {
    expect(find(r.doses, 'MPSV-A', 1).reason.zh).toBe('满24月龄（2023-01-15）起不再补种');
    expect(find(r.doses, 'MPSV-AC', 3).reason.zh).toContain('满24月龄可接种');
  });
});

describe('a late start for DTP: from 6 years, DT up to 3 doses', () => {
  const birth = '2017-03-10';

  it('a 7-year-old with no doses gets 3 DT doses, planned now, 1 month later and 6 months after that', () => {
    const r = dueList(s, { birthDate: birth }, [], '2024-03-10');
    const dtp = r.doses.filter((d) => d.series === 'DTP');
    expect(dtp.map((d) => [d.vaccine, d.dose, d.status, d.plannedDate, d.lateCourse])).toEqual([
      ['DTaP', 1, 'not_needed', null, false],
      ['DTaP', 2, 'not_needed', null, false],
      ['DTaP', 3, 'not_needed', null, false],
      ['DTaP', 4, 'not_needed', null, false],
      ['DT', 5, 'not_needed', null, false],
      ['DT', 1, 'catch_up', '2024-03-10', true],
      ['DT', 2, 'catch_up', '2024-04-10', true],
      ['DT', 3, 'catch_up', '2024-10-10', true],
    ]);
    expect(find(dtp, 'DT', 5).reason.en).toBe(
      'fewer than 3 doses by 6 years: completed with DT vaccine to 3 doses instead'
    );
  });

  it('one DTaP dose as a baby counts: two DT doses remain', () => {
    const r = dueList(s, { birthDate: birth }, [g('DTaP', 1, '2017-06-10')], '2024-03-10');
    const course = r.doses.filter((d) => d.lateCourse);
    expect(course.map((d) => [d.vaccine, d.dose, d.status, d.plannedDate])).toEqual([
      ['DT', 2, 'catch_up', '2024-03-10'],
      ['DT', 3, 'catch_up', '2024-09-10'],
    ]);
  });

  it('three DTaP doses before 6: DTaP 4 is no longer given, DT 5 is caught up as usual', () => {
    const given = [g('DTaP', 1, '2017-06-10'), g('DTaP', 2, '2017-07-10'), g('DTaP', 3, '2017-08-10')];
    const r = dueList(s, { birthDate: birth }, given, '2024-03-10');
    expect(r.doses.some((d) => d.lateCourse)).toBe(false);
    expect(find(r.doses, 'DTaP', 4).status).toBe('not_needed');
    expect(find(r.doses, 'DT', 5).status).toBe('catch_up');
  });
});

describe('doses that fill other places', () => {
  const birth = '2024-01-15';

  it('a DTaP-IPV/Hib dose counts as the DTaP and the polio dose of its number', () => {
    const r = dueList(s, { birthDate: birth }, [g('DTaP-IPV-Hib', 1, '2024-04-15')], '2024-04-20');
    expect(find(r.doses, 'DTaP', 1)).toMatchObject({ status: 'given', givenAs: 'DTaP-IPV-Hib' });
    expect(find(r.doses, 'IPV', 1)).toMatchObject({ status: 'given', givenAs: 'DTaP-IPV-Hib' });
    expect(find(r.doses, 'IPV', 2).dueDate).toBe('2024-05-13');
  });

  it('non-programme vaccines and repeats are kept aside with a reason', () => {
    const given = [g('IPV', 1, '2024-03-15'), g('PCV13', 1, '2024-03-15'), g('IPV', 1, '2024-03-20')];
    const r = dueList(s, { birthDate: birth }, given, '2024-04-01');
    expect(r.unplaced.map((u) => u.reason.zh)).toEqual([
      '13价肺炎球菌多糖结合疫苗不在免疫规划程序中，仅作记录',
      '第1剂已有更早的接种记录，此剂为重复接种',
    ]);
    expect(find(r.doses, 'IPV', 1).givenDate).toBe('2024-03-15');
  });

  it('any polio vaccine counts toward the polio doses', () => {
    const r = dueList(s, { birthDate: '2018-01-15' }, [g('bOPV', 1, '2018-03-20')], '2018-04-01');
    expect(find(r.doses, 'IPV', 1)).toMatchObject({ status: 'given', givenAs: 'bOPV' });
  });
});

describe('bad input', () => {
  const reject = (f: () => unknown): AppError => {
    try {
      f();
    } catch (e) {
      if (e instanceof AppError) return e;
      throw e;
    }
    throw new Error('expected an AppError');
  };

  it('names a dose given after the as-of date or before birth, in both languages', () => {
    const e = reject(() =>
      dueList(
        s,
        { birthDate: '2024-01-15' },
        [g('HepB', 1, '2024-01-15'), g('HepB', 2, '2024-05-01')],
        '2024-03-01'
      )
    );
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.issues).toEqual([
      {
        field: 'given[2].date',
        value: '2024-05-01',
        message: {
          zh: '第 2 项“乙肝疫苗:2:2024-05-01”：接种日期晚于截止日期 2024-03-01',
          en: 'item 2 "乙肝疫苗:2:2024-05-01": given after the as-of date 2024-03-01',
        },
      },
    ]);
    const before = reject(() =>
      dueList(s, { birthDate: '2024-01-15' }, [g('BCG', 1, '2024-01-14')], '2024-03-01')
    );
    expect(before.messages.en).toBe(
      'Cannot compute the schedule: item 1 "卡介苗:1:2024-01-14": given before birth (2024-01-15)'
    );
  });

  it('names a dose number the table does not have, and an as-of date before birth', () => {
    const e = reject(() =>
      dueList(s, { birthDate: '2024-01-15' }, [g('bOPV', 5, '2024-03-01')], '2024-03-01')
    );
    expect(e.issues[0]?.message.zh).toBe(
      '第 1 项“脊灰减毒活疫苗:5:2024-03-01”：脊灰减毒活疫苗没有第5剂（程序表中为第1、2、3、4剂）'
    );
    const early = reject(() => dueList(s, { birthDate: '2024-01-15' }, [], '2024-01-14'));
    expect(early.issues[0]).toMatchObject({
      field: 'asOf',
      message: { en: 'The as-of date 2024-01-14 is before birth (2024-01-15)' },
    });
  });
});
