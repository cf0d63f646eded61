/**
 * Next due contacts, with `asOf` fixed in each test (never today). Expected dates are counted by
 * hand on the calendar: 1 June + 14 days = 15 June; 1 June + 90 days = 30 August (29 days to the
 * end of June, 31 in July, 30 into August).
 */
import { describe, expect, it } from 'vitest';
import { nextDue, type DueItem } from './due';
import type { ProgrammeFactsInput, ServiceEvent } from './facts';
import { programme } from './fixtures/read';

const htn = programme('hypertension.yaml');
const dm = programme('diabetes.yaml');

const fu = (id: string, date: string, fields: Record<string, string | number>): ServiceEvent => ({
  id,
  type: 'follow-up',
  date,
  fields: { mode: 'clinic', classification: 'controlled', ...fields },
});
const facts = (
  birthDate: string,
  events: ServiceEvent[],
  extra: Partial<ProgrammeFactsInput> = {}
): ProgrammeFactsInput => ({
  resident: { birthDate, sex: 'F' },
  enrolments: [{ id: 'e1', start: '2024-01-01', facility: 'F1' }],
  events,
  ...extra,
});
const item = (items: DueItem[], code: string): DueItem => {
  const found = items.find((i) => i.item === code);
  if (!found) throw new Error(`no item ${code}`);
  return found;
};

describe('hypertension follow-up interval', () => {
  const uncontrolled = facts('1974-01-01', [
    fu('a', '2024-06-01', { sbp: 150, dbp: 95, classification: 'uncontrolled' }),
  ]);

  it('an uncontrolled reading on 1 June makes the next follow-up due 15 June', () => {
    const d = item(nextDue(htn, uncontrolled, '2024-06-10').items, 'follow-up');
    expect(d.due).toBe('2024-06-15');
    expect(d.overdue).toBe(false);
    expect(d.basis.en).toContain('within 14 days');
  });

  it('is not overdue on 15 June and overdue by one day on 16 June', () => {
    expect(item(nextDue(htn, uncontrolled, '2024-06-15').items, 'follow-up').overdue).toBe(false);
    const late = item(nextDue(htn, uncontrolled, '2024-06-16').items, 'follow-up');
    expect(late.overdue).toBe(true);
    expect(late.daysOverdue).toBe(1);
  });

  it('a controlled reading on 1 June gives 90 days: due 30 August', () => {
    const d = item(
      nextDue(htn, facts('1974-01-01', [fu('a', '2024-06-01', { sbp: 128, dbp: 82 })]), '2024-06-10').items,
      'follow-up'
    );
    expect(d.due).toBe('2024-08-30');
  });

  it('145/88 marked controlled: 90 days at 66, but 14 days at 60 (the reading itself is uncontrolled)', () => {
    const at66 = nextDue(
      htn,
      facts('1958-01-01', [fu('a', '2024-06-01', { sbp: 145, dbp: 88 })]),
      '2024-06-10'
    );
    expect(item(at66.items, 'follow-up').due).toBe('2024-08-30');
    const at60 = nextDue(
      htn,
      facts('1964-01-01', [fu('a', '2024-06-01', { sbp: 145, dbp: 88 })]),
      '2024-06-10'
    );
    expect(item(at60.items, 'follow-up').due).toBe('2024-06-15');
  });

  it('a phone call does not reset the face-to-face interval; events after asOf are ignored', () => {
    const f = facts('1974-01-01', [
      fu('a', '2024-06-01', { sbp: 128, dbp: 82 }),
      fu('b', '2024-06-20', { mode: 'phone' }),
      fu('c', '2024-07-10', { sbp: 150, dbp: 95 }),
    ]);
    const d = item(nextDue(htn, f, '2024-07-01').items, 'follow-up');
    expect(d.due).toBe('2024-08-30');
    expect(d.lastEvent).toEqual({ id: 'a', date: '2024-06-01' });
  });

  it('nothing recorded since enrolment on 1 March: first follow-up due 90 days later, 30 May', () => {
    const f = facts('1974-01-01', [], { enrolments: [{ id: 'e1', start: '2024-03-01', facility: 'F1' }] });
    expect(item(nextDue(htn, f, '2024-03-02').items, 'follow-up').due).toBe('2024-05-30');
  });

  it('the yearly health check is due by 31 December, then next year once done', () => {
    const none = item(nextDue(htn, facts('1974-01-01', []), '2024-06-16').items, 'health-check');
    expect(none.due).toBe('2024-12-31');
    expect(none.overdue).toBe(false);
    const done = item(
      nextDue(
        htn,
        facts('1974-01-01', [
          { id: 'k', type: 'health-check', date: '2024-03-01', fields: { complete: true } },
        ]),
        '2024-06-16'
      ).items,
      'health-check'
    );
    expect(done.due).toBe('2025-12-31');
    expect(done.windowStart).toBe('2025-01-01');
  });

  it('nothing is due once the enrolment has ended or the resident has died', () => {
    const ended = facts('1974-01-01', [], {
      enrolments: [
        { id: 'e1', start: '2024-01-01', end: '2024-05-31', endReason: 'moved-away', facility: 'F1' },
      ],
    });
    expect(nextDue(htn, ended, '2024-06-10')).toEqual({ active: false, items: [] });
    const died = {
      ...facts('1974-01-01', []),
      resident: { birthDate: '1974-01-01', sex: 'F' as const, deathDate: '2024-06-01' },
    };
    expect(nextDue(htn, died, '2024-06-10').active).toBe(false);
    expect(nextDue(htn, died, '2024-05-10').active).toBe(true);
  });
});

describe('diabetes thresholds', () => {
  it('fasting glucose 7.2 marked controlled still brings the next follow-up to 14 days', () => {
    const f = facts('1970-01-01', [fu('a', '2024-06-01', { fbg: 7.2 })]);
    expect(item(nextDue(dm, f, '2024-06-02').items, 'follow-up').due).toBe('2024-06-15');
    const ok = facts('1970-01-01', [fu('a', '2024-06-01', { fbg: 6.9 })]);
    expect(item(nextDue(dm, ok, '2024-06-02').items, 'follow-up').due).toBe('2024-08-30');
  });
});
