/**
 * The elderly rule set: residents who are 65 by 31 December and had a complete yearly health
 * management, and those who had the TCM service (2017 standard).
 */
import { describe, expect, it } from 'vitest';
import { assessYear } from './assess';
import { nextDue } from './due';
import type { ServiceEvent } from './facts';
import { programme } from './fixtures/read';

const eld = programme('elderly.yaml');
const complete = {
  selfCare: 'independent',
  lifestyleAssessed: true,
  physicalExam: true,
  auxiliaryTests: true,
  guidance: true,
  formComplete: true,
};
const hm = (id: string, date: string, fields: Record<string, string | boolean> = complete): ServiceEvent => ({
  id,
  type: 'health-management',
  date,
  fields,
});
const counted = (birthDate: string, events: ServiceEvent[], year: number) =>
  assessYear(
    eld,
    {
      resident: { birthDate, sex: 'M' },
      enrolments: [{ id: 'e', start: '2023-06-01', facility: 'C1' }],
      events,
    },
    year
  )
    .counted.map((m) => `${m.element}@${m.orgUnit}/${m.period}`)
    .sort();

describe('elderly 2017', () => {
  it('born 31 December 1959 is 65 on 31 December 2024 and counts for 2024', () => {
    expect(counted('1959-12-31', [hm('a', '2024-04-10')], 2024)).toEqual(['ELDERLY_MANAGED@C1/2024']);
  });

  it('born 1 January 1960 is 64 at the end of 2024: not counted in 2024, counted in 2025', () => {
    expect(counted('1960-01-01', [hm('a', '2024-04-10')], 2024)).toEqual([]);
    expect(counted('1960-01-01', [hm('a', '2024-04-10'), hm('b', '2025-03-01')], 2025)).toEqual([
      'ELDERLY_MANAGED@C1/2025',
    ]);
  });

  it('an incomplete check form does not count', () => {
    expect(
      counted('1950-01-01', [hm('a', '2024-04-10', { ...complete, formComplete: false })], 2024)
    ).toEqual([]);
  });

  it('TCM constitution identification with guidance counts in the TCM element', () => {
    const tcm: ServiceEvent = {
      id: 't',
      type: 'tcm-service',
      date: '2024-05-01',
      fields: { constitution: ['qi-deficient'], guidance: true, formComplete: true },
    };
    expect(counted('1950-01-01', [tcm], 2024)).toEqual(['ELDERLY_TCM_MANAGED@C1/2024']);
    expect(counted('1950-01-01', [{ ...tcm, fields: { ...tcm.fields, constitution: [] } }], 2024)).toEqual(
      []
    );
  });

  it('the yearly management is due by 31 December', () => {
    const d = nextDue(
      eld,
      {
        resident: { birthDate: '1950-01-01', sex: 'F' },
        enrolments: [{ id: 'e', start: '2023-06-01', facility: 'C1' }],
        events: [],
      },
      '2024-05-01'
    );
    expect(d.items.map((i) => [i.item, i.due])).toEqual([
      ['health-management', '2024-12-31'],
      ['tcm-service', '2024-12-31'],
    ]);
  });
});
