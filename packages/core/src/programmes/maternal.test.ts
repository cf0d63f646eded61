/**
 * The maternal rule set: one pregnancy counted in the month of its delivery. Gestational dates
 * are counted by hand from a last menstrual period on 2024-01-01 (2024 is a leap year):
 * day 70 = 11 March (10 weeks), 112 = 22 April (16w), 146 = 26 May (20w6d), 147 = 27 May (21w),
 * 174 = 23 June (24w6d), 196 = 15 July (28w).
 */
import { describe, expect, it } from 'vitest';
import { assessYear } from './assess';
import { nextDue } from './due';
import type { ProgrammeFactsInput, ServiceEvent } from './facts';
import { programme } from './fixtures/read';

const mat = programme('maternal.yaml');

const ev = (
  id: string,
  type: string,
  date: string,
  fields: Record<string, string | number | boolean> = {}
): ServiceEvent => ({
  id,
  type,
  date,
  fields,
  episode: 'p1',
});
const registration = (date: string, weeks: number) =>
  ev('r', 'registration', date, { lmp: '2024-01-01', gestationalWeeks: weeks });
const checks = [
  ev('c2', 'antenatal-check', '2024-05-06', { gestationalWeeks: 18 }),
  ev('c3', 'antenatal-check', '2024-06-10', { gestationalWeeks: 23 }),
  ev('c4', 'antenatal-check', '2024-08-12', { gestationalWeeks: 32 }),
  ev('c5', 'antenatal-check', '2024-09-16', { gestationalWeeks: 37 }),
];
const delivery = (date: string, discharge: string) =>
  ev('d', 'delivery', date, { dischargeDate: discharge, liveBirths: 1 });
const pregnancy = (
  events: ServiceEvent[],
  enrolments?: ProgrammeFactsInput['enrolments']
): ProgrammeFactsInput => ({
  resident: { birthDate: '1994-07-01', sex: 'F' },
  enrolments: enrolments ?? [{ id: 'e1', start: '2024-03-11', facility: 'F1', episode: 'p1' }],
  events,
});
const counted = (f: ProgrammeFactsInput, year: number) =>
  assessYear(mat, f, year)
    .counted.map((m) => `${m.element}@${m.orgUnit}/${m.period}`)
    .sort();

describe('maternal 2017: counting a delivered pregnancy', () => {
  const full = [
    registration('2024-03-11', 10),
    ...checks,
    delivery('2024-10-05', '2024-10-08'),
    ev('v', 'postnatal-visit', '2024-10-12', { place: 'home' }),
  ];

  it('registered at 10 weeks, 5 checks, a visit 4 days after discharge: all three, in October 2024', () => {
    expect(counted(pregnancy(full), 2024)).toEqual([
      'EARLY_PREGNANCY_REGISTERED@F1/202410',
      'MATERNAL_SYS_MANAGED@F1/202410',
      'POSTPARTUM_VISITED@F1/202410',
    ]);
  });

  it('registered at 14 weeks: neither early nor systematic, but visited', () => {
    const late = [registration('2024-04-08', 14), ...full.slice(1)];
    expect(counted(pregnancy(late), 2024)).toEqual(['POSTPARTUM_VISITED@F1/202410']);
  });

  it('4 checks in all (registration + 3) are not the 5 systematic care needs', () => {
    const r = assessYear(mat, pregnancy(full.filter((e) => e.id !== 'c4')), 2024).results.find(
      (x) => x.element === 'MATERNAL_SYS_MANAGED'
    );
    expect(r?.met).toBe(false);
    expect(r?.reason.en).toContain('4 antenatal checks; needs ≥ 5');
  });

  it('a visit 28 days after discharge counts (5 November), 29 days does not (6 November)', () => {
    const at = (date: string) =>
      counted(pregnancy([...full.slice(0, -1), ev('v', 'postnatal-visit', date, { place: 'home' })]), 2024);
    expect(at('2024-11-05')).toContain('POSTPARTUM_VISITED@F1/202410');
    expect(at('2024-11-06')).not.toContain('POSTPARTUM_VISITED@F1/202410');
    expect(at('2024-11-06')).not.toContain('MATERNAL_SYS_MANAGED@F1/202410');
  });

  it('a delivery on 30 December counts in December 2024 even with the visit in January 2025', () => {
    const f = pregnancy([
      registration('2024-03-11', 10),
      ...checks,
      delivery('2024-12-30', '2025-01-02'),
      ev('v', 'postnatal-visit', '2025-01-05', { place: 'home' }),
    ]);
    expect(counted(f, 2024)).toContain('MATERNAL_SYS_MANAGED@F1/202412');
    expect(assessYear(mat, f, 2025).results).toEqual([]);
  });

  it('nothing counts before the delivery is recorded', () => {
    expect(assessYear(mat, pregnancy([registration('2024-03-11', 10), ...checks]), 2024).results).toEqual([]);
  });

  it('a transfer during pregnancy: the facility holding the record at delivery counts it', () => {
    const f = pregnancy(full, [
      {
        id: 's1',
        start: '2024-03-11',
        end: '2024-07-31',
        endReason: 'transferred-out',
        facility: 'F1',
        episode: 'p1',
      },
      { id: 's2', start: '2024-08-01', facility: 'F2', episode: 'p1' },
    ]);
    expect(counted(f, 2024)).toEqual([
      'EARLY_PREGNANCY_REGISTERED@F2/202410',
      'MATERNAL_SYS_MANAGED@F2/202410',
      'POSTPARTUM_VISITED@F2/202410',
    ]);
  });

  it('two pregnancies are two episodes, each counted in its own delivery month', () => {
    const second: ServiceEvent[] = [
      {
        id: 'r2',
        type: 'registration',
        date: '2025-06-02',
        fields: { lmp: '2025-04-01', gestationalWeeks: 8 },
        episode: 'p2',
      },
      {
        id: 'd2',
        type: 'delivery',
        date: '2026-01-10',
        fields: { dischargeDate: '2026-01-12', liveBirths: 1 },
        episode: 'p2',
      },
    ];
    const f = pregnancy(
      [...full, ...second],
      [
        {
          id: 'e1',
          start: '2024-03-11',
          end: '2024-11-20',
          endReason: 'completed',
          facility: 'F1',
          episode: 'p1',
        },
        { id: 'e2', start: '2025-06-02', facility: 'F1', episode: 'p2' },
      ]
    );
    expect(counted(f, 2026)).toEqual(['EARLY_PREGNANCY_REGISTERED@F1/202601']);
    expect(counted(f, 2024)).toHaveLength(3);
  });
});

describe('maternal 2017: schedule', () => {
  const early = pregnancy([registration('2024-03-11', 10)]);
  const antenatal = (f: ProgrammeFactsInput, asOf: string) =>
    nextDue(mat, f, asOf).items.find((i) => i.item === 'antenatal');

  it('after registration the 16–20 week check is due between 22 April and 26 May', () => {
    const d = antenatal(early, '2024-04-01');
    expect(d).toMatchObject({
      milestone: 'anc-16-20',
      windowStart: '2024-04-22',
      due: '2024-05-26',
      overdue: false,
    });
  });

  it('once the 21–24 week window opens a missed 16–20 week check gives way to it', () => {
    const d = antenatal(early, '2024-05-27');
    expect(d).toMatchObject({
      milestone: 'anc-21-24',
      missed: ['anc-16-20'],
      due: '2024-06-23',
      overdue: false,
    });
  });

  it('between 24w6d and 28 weeks an undone 21–24 week check is overdue', () => {
    const d = antenatal(early, '2024-06-24');
    expect(d).toMatchObject({ milestone: 'anc-21-24', overdue: true, daysOverdue: 1 });
  });

  it('a check in the window is done: the next one is due', () => {
    const f = pregnancy([registration('2024-03-11', 10), checks[0] as ServiceEvent]);
    expect(antenatal(f, '2024-05-10')).toMatchObject({ milestone: 'anc-21-24', missed: [] });
  });

  it('the postnatal visit waits for a delivery, then is due within 7 days of discharge', () => {
    expect(nextDue(mat, early, '2024-04-01').items.find((i) => i.item === 'postnatal-visit')?.due).toBeNull();
    const delivered = pregnancy([registration('2024-03-11', 10), delivery('2024-10-05', '2024-10-08')]);
    const visit = nextDue(mat, delivered, '2024-10-10').items.find((i) => i.item === 'postnatal-visit');
    expect(visit).toMatchObject({ windowStart: '2024-10-08', due: '2024-10-15', overdue: false });
    const check42 = nextDue(mat, delivered, '2024-10-10').items.find((i) => i.item === 'postnatal-42d');
    // 5 October + 42 days = 16 November; + 56 days = 30 November.
    expect(check42).toMatchObject({ windowStart: '2024-11-16', due: '2024-11-30' });
  });
});
