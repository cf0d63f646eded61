/**
 * The `dateIn` condition: a date the rule names falls inside inclusive bounds. Immunization
 * coverage needs "the child reaches the age of a dose during the year", counted on the calendar
 * (31 August + 6 months = 29 February in a leap year), which completed-month ages cannot say.
 * Expected dates are counted by hand.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { assessYear } from './assess';
import { catalogue, rawProgramme } from './fixtures/read';
import { parseRuleSet } from './load';
import type { ProgrammeFactsInput } from './facts';
import type { RuleSet } from './schema';

const FILE = 'test/children-date-in.yaml';

/** The children's rule set with its one membership's condition replaced. */
function withCondition(when: unknown, eligibility?: unknown): RuleSet {
  const raw = JSON.parse(JSON.stringify(rawProgramme('children.yaml'))) as {
    memberships: { when: unknown }[];
    enrolment: { eligibility?: unknown };
  };
  const first = raw.memberships[0];
  if (!first) throw new Error('children.yaml has no membership');
  first.when = when;
  if (eligibility !== undefined) raw.enrolment.eligibility = eligibility;
  return parseRuleSet(raw, FILE, catalogue());
}

const child = (birthDate: string, extra: Partial<ProgrammeFactsInput> = {}): ProgrammeFactsInput => ({
  resident: { birthDate, sex: 'M' },
  enrolments: [{ id: 'e1', start: birthDate, facility: 'clinic-1' }],
  events: [],
  ...extra,
});

const met = (rs: RuleSet, facts: ProgrammeFactsInput, year: number): boolean =>
  assessYear(rs, facts, year).results[0]?.met ?? false;

describe('dateIn', () => {
  const reachesSixMonths = withCondition({ dateIn: { date: { at: 'birth', plus: { months: 6 } } } });

  it('places "reaches 6 months" in the calendar year of birth + 6 months', () => {
    // 30 June 2023 + 6 months = 30 December 2023; 31 July 2023 + 6 months = 31 January 2024.
    expect(met(reachesSixMonths, child('2023-06-30'), 2023)).toBe(true);
    expect(met(reachesSixMonths, child('2023-06-30'), 2024)).toBe(false);
    expect(met(reachesSixMonths, child('2023-07-31'), 2023)).toBe(false);
    expect(met(reachesSixMonths, child('2023-07-31'), 2024)).toBe(true);
  });

  it('counts months on the calendar, clamped to the month end (31 Aug + 6 months = 29 Feb 2024)', () => {
    const r = assessYear(reachesSixMonths, child('2023-08-31'), 2024).results[0];
    expect(r?.met).toBe(true);
    expect(r?.explanation.zh).toBe('出生：2024-02-29（在 2024-01-01～2024-12-31 内）');
    expect(r?.explanation.en).toBe('birth: 2024-02-29 (within 2024-01-01 to 2024-12-31)');
  });

  it('takes explicit bounds, and an open enrolment end leaves the window open', () => {
    const byEnd = withCondition({
      dateIn: {
        date: { at: 'birth', plus: { months: 6 } },
        window: { from: 'birth', to: 'enrolment-end' },
        label: { zh: '满6月龄', en: 'aged 6 months' },
      },
    });
    const died = child('2023-07-31', {
      resident: { birthDate: '2023-07-31', sex: 'M', deathDate: '2024-01-20' },
    });
    // The enrolment is clipped at death on 20 January, before 31 January.
    const r = assessYear(byEnd, died, 2024).results[0];
    expect(r?.met).toBe(false);
    expect(r?.explanation.zh).toBe('满6月龄：2024-01-31（不在 2023-07-31～2024-01-20 内）');
    expect(met(byEnd, child('2023-07-31'), 2030)).toBe(true);
  });

  it('fails with a reason when the date names an event that has not happened', () => {
    const afterCheck = withCondition({ dateIn: { date: { event: 'check', plus: { days: 30 } } } });
    const r = assessYear(afterCheck, child('2023-07-31'), 2024).results[0];
    expect(r?.met).toBe(false);
    expect(r?.explanation.en).toBe('No child health check recorded yet');
    const checked = child('2023-07-31', {
      events: [{ id: 'c1', type: 'check', date: '2024-12-10', fields: {} }],
    });
    // 10 December + 30 days = 9 January 2025.
    expect(met(afterCheck, checked, 2024)).toBe(false);
    expect(met(afterCheck, checked, 2025)).toBe(true);
  });

  it('is checked by the loader: event types must exist, and eligibility may not read events', () => {
    const reject = (when: unknown, eligibility?: unknown) => {
      try {
        withCondition(when, eligibility);
      } catch (e) {
        expect(e).toBeInstanceOf(AppError);
        return (e as AppError).issues.map((i) => ({ field: i.field, en: i.message.en, zh: i.message.zh }));
      }
      throw new Error('expected a rejection');
    };
    expect(reject({ dateIn: { date: { event: 'chek' } } })).toContainEqual({
      field: `${FILE}: memberships[0].when.dateIn.date.event[0]`,
      zh: '未知事件类型 chek',
      en: 'Unknown event type chek',
    });
    expect(reject({ dateIn: { date: 'birth', window: { to: 'next-year' } } })[0]?.field).toBe(
      `${FILE}: memberships[0].when.dateIn.window.to.at`
    );
    const eligibility = reject({ enrolled: {} }, { dateIn: { date: { event: 'check' } } });
    expect(eligibility[0]?.field).toBe(`${FILE}: enrolment.eligibility`);
    expect(eligibility[0]?.en).toContain('Eligibility may use only');
  });
});
