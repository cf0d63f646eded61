/**
 * Severe mental disorder and tuberculosis rule sets: they prove the schema carries intervals that
 * depend on a risk grade, counts at two moments of one episode, and a share of doses taken.
 * Expectations are worked by hand from the 2017 standard.
 */
import { describe, expect, it } from 'vitest';
import { addDays } from './dates';
import { assessYear } from './assess';
import { nextDue } from './due';
import type { ProgrammeFactsInput, ServiceEvent } from './facts';
import { programme } from './fixtures/read';

const smi = programme('severe-mental-disorder.yaml');
const tb = programme('tuberculosis.yaml');
const counted = (rs: typeof smi, f: ProgrammeFactsInput, year: number) =>
  assessYear(rs, f, year)
    .counted.map((m) => `${m.element}@${m.orgUnit}/${m.period}`)
    .sort();

describe('severe mental disorder 2017', () => {
  const visit = (
    id: string,
    date: string,
    riskGrade: number,
    stability: string,
    mode = 'home'
  ): ServiceEvent => ({
    id,
    type: 'follow-up',
    date,
    fields: { mode, riskGrade, stability },
  });
  const patient = (events: ServiceEvent[]): ProgrammeFactsInput => ({
    resident: { birthDate: '1980-02-02', sex: 'M' },
    enrolments: [{ id: 'e', start: '2019-05-01', facility: 'S1' }],
    events,
  });
  const due = (e: ServiceEvent) =>
    nextDue(smi, patient([e]), '2024-06-02').items.find((i) => i.item === 'follow-up')?.due;

  it('risk grade 3 or more: next follow-up within 2 weeks (15 June after 1 June)', () => {
    expect(due(visit('a', '2024-06-01', 3, 'unstable'))).toBe('2024-06-15');
  });

  it('risk grade 1 marked stable is still basically stable: 2 weeks', () => {
    expect(due(visit('a', '2024-06-01', 1, 'stable'))).toBe('2024-06-15');
  });

  it('risk grade 0 and stable: 3 months (90 days, 30 August)', () => {
    expect(due(visit('a', '2024-06-01', 0, 'stable'))).toBe('2024-08-30');
  });

  it('four follow-ups, one by phone: registered, under management, managed to the standard', () => {
    const f = patient([
      visit('a', '2024-01-20', 0, 'stable'),
      visit('b', '2024-04-20', 1, 'basically-stable', 'phone'),
      visit('c', '2024-07-20', 0, 'stable'),
      visit('d', '2024-10-20', 0, 'stable'),
    ]);
    expect(counted(smi, f, 2024)).toEqual([
      'SMI_MANAGED@S1/2024',
      'SMI_REGISTERED@S1/2024',
      'SMI_STD_MANAGED@S1/2024',
    ]);
    expect(counted(smi, patient([]), 2024)).toEqual(['SMI_REGISTERED@S1/2024']);
  });
});

describe('tuberculosis 2017', () => {
  const notified = '2024-11-20';
  const doses = (taken: number, missed: number): ServiceEvent[] =>
    Array.from({ length: taken + missed }, (_, i) => ({
      id: `dose${String(i).padStart(3, '0')}`,
      type: 'dose',
      date: addDays('2024-11-23', i),
      fields: { taken: i >= missed },
    }));
  const first: ServiceEvent = {
    id: 'fv',
    type: 'first-visit',
    date: '2024-11-22',
    fields: { phase: 'intensive', supervisor: 'family' },
  };
  const closure: ServiceEvent = {
    id: 'cl',
    type: 'closure',
    date: '2025-05-20',
    fields: { outcome: 'completed' },
  };
  const course = (
    events: ServiceEvent[],
    enrolments?: ProgrammeFactsInput['enrolments']
  ): ProgrammeFactsInput => ({
    resident: { birthDate: '1975-09-09', sex: 'M' },
    enrolments: enrolments ?? [{ id: 'c1', start: notified, facility: 'T1' }],
    events,
  });

  it('notified 20 November 2024 with a first visit 2 days later: notified and managed in 2024', () => {
    expect(counted(tb, course([first]), 2024)).toEqual([
      'TB_PATIENTS_MANAGED@T1/2024',
      'TB_PATIENTS_NOTIFIED@T1/2024',
    ]);
    expect(counted(tb, course([]), 2024)).toEqual(['TB_PATIENTS_NOTIFIED@T1/2024']);
  });

  it('18 of 20 doses (90 %) is regular, 17 of 20 (85 %) is not; both counted when closed in 2025', () => {
    expect(counted(tb, course([first, ...doses(18, 2), closure]), 2025)).toEqual([
      'TB_REGULAR_MEDICATION@T1/2025',
      'TB_TREATMENT_COMPLETED@T1/2025',
    ]);
    const r = assessYear(tb, course([first, ...doses(17, 3), closure]), 2025).results;
    expect(r.find((x) => x.element === 'TB_REGULAR_MEDICATION')?.met).toBe(false);
    expect(r.find((x) => x.element === 'TB_REGULAR_MEDICATION')?.reason.zh).toContain(
      '17/20（85.0%，要求 ≥90%）'
    );
    expect(r.find((x) => x.element === 'TB_TREATMENT_COMPLETED')?.met).toBe(true);
  });

  it('a course that failed is not "completed treatment"', () => {
    const failed = { ...closure, fields: { outcome: 'failed' } };
    expect(counted(tb, course([first, ...doses(20, 0), failed]), 2025)).toEqual([]);
  });

  it('transferred in March: notified at the first unit in 2024, closed at the second in 2025', () => {
    const f = course(
      [first, ...doses(20, 0), closure],
      [
        {
          id: 'c1',
          start: notified,
          end: '2025-02-28',
          endReason: 'transferred-out',
          facility: 'T1',
          episode: 'k',
        },
        { id: 'c2', start: '2025-03-01', facility: 'T2', episode: 'k' },
      ]
    );
    expect(counted(tb, f, 2024)).toEqual(['TB_PATIENTS_MANAGED@T1/2024', 'TB_PATIENTS_NOTIFIED@T1/2024']);
    expect(counted(tb, f, 2025)).toEqual(['TB_REGULAR_MEDICATION@T2/2025', 'TB_TREATMENT_COMPLETED@T2/2025']);
  });

  it('the first home visit is due within 72 hours: 23 November, overdue on the 24th', () => {
    const item = (asOf: string) => nextDue(tb, course([]), asOf).items.find((i) => i.item === 'first-visit');
    expect(item('2024-11-21')).toMatchObject({ due: '2024-11-23', overdue: false });
    expect(item('2024-11-24')).toMatchObject({ due: '2024-11-23', overdue: true, daysOverdue: 1 });
  });

  it('family supervision in the intensive phase: every 10 days; medical supervision: monthly', () => {
    const next = (e: ServiceEvent) =>
      nextDue(tb, course([e]), '2024-11-25').items.find((i) => i.item === 'follow-up')?.due;
    expect(next(first)).toBe('2024-12-02');
    expect(next({ ...first, fields: { phase: 'intensive', supervisor: 'medical' } })).toBe('2024-12-22');
  });
});

describe('children 0–6, 2017', () => {
  const child = programme('children.yaml');
  // Born 2024-01-15: 3 months on 15 April, 6 months on 15 July, 8 months on 15 September.
  const baby = (events: ServiceEvent[]): ProgrammeFactsInput => ({
    resident: { birthDate: '2024-01-15', sex: 'F' },
    enrolments: [{ id: 'e', start: '2024-01-15', facility: 'C1' }],
    events,
  });
  const check = (id: string, date: string): ServiceEvent => ({ id, type: 'check', date, fields: {} });
  const checks = (f: ProgrammeFactsInput, asOf: string) =>
    nextDue(child, f, asOf).items.find((i) => i.item === 'checks');

  it('after the one-month check the 3-month check is due between 15 April and 15 May', () => {
    expect(checks(baby([check('a', '2024-02-14')]), '2024-03-01')).toMatchObject({
      milestone: 'm3',
      windowStart: '2024-04-15',
      due: '2024-05-15',
      missed: [],
    });
  });

  it('a missed 3-month check gives way to the 6-month one when its window opens', () => {
    expect(checks(baby([check('a', '2024-02-14')]), '2024-05-20')).toMatchObject({
      milestone: 'm3',
      overdue: true,
    });
    expect(checks(baby([check('a', '2024-02-14')]), '2024-07-15')).toMatchObject({
      milestone: 'm6',
      missed: ['m3'],
    });
  });

  it('one check in the year counts the child in the 0–6 health management figure', () => {
    expect(counted(child, baby([check('a', '2024-02-14')]), 2024)).toEqual(['CHILD_U7_MANAGED@C1/2024']);
    expect(counted(child, baby([]), 2024)).toEqual([]);
  });
});
