/**
 * The national type 2 diabetes rule set: fasting glucose below 7.0 mmol/L is controlled (2017
 * standard); the rest follows hypertension, checked here only where it differs.
 */
import { describe, expect, it } from 'vitest';
import { assessYear } from './assess';
import type { ServiceEvent } from './facts';
import { programme } from './fixtures/read';

const dm = programme('diabetes.yaml');
const fu = (id: string, date: string, fbg: number | null, mode = 'clinic'): ServiceEvent => ({
  id,
  type: 'follow-up',
  date,
  fields: { mode, fbg, classification: 'controlled' },
});
const run = (events: ServiceEvent[]) =>
  assessYear(
    dm,
    {
      resident: { birthDate: '1965-04-01', sex: 'F' },
      enrolments: [{ id: 'e', start: '2022-01-01', facility: 'H1' }],
      events,
    },
    2024
  ).results;
const met = (events: ServiceEvent[], element: string) => run(events).find((r) => r.element === element)?.met;

describe('diabetes 2017', () => {
  it('latest fasting glucose 6.9 is controlled, 7.0 is not', () => {
    expect(met([fu('a', '2024-03-01', 8.1), fu('b', '2024-10-01', 6.9)], 'DM_CONTROLLED')).toBe(true);
    expect(met([fu('a', '2024-03-01', 6.1), fu('b', '2024-10-01', 7.0)], 'DM_CONTROLLED')).toBe(false);
  });

  it('a face-to-face follow-up without a glucose reading cannot show control', () => {
    const r = run([fu('a', '2024-03-01', 6.1), fu('b', '2024-10-01', null)]).find(
      (x) => x.element === 'DM_CONTROLLED'
    );
    expect(r?.met).toBe(false);
    expect(r?.reason.zh).toContain('空腹血糖 未记录');
  });

  it('four face-to-face follow-ups and a complete check are managed to the standard', () => {
    const events = [
      fu('a', '2024-01-15', 7.5),
      fu('b', '2024-04-15', 7.1),
      fu('c', '2024-07-15', 6.8),
      fu('d', '2024-10-15', 6.5),
      { id: 'k', type: 'health-check', date: '2024-05-01', fields: { complete: true } },
    ];
    expect(met(events, 'DM_STD_MANAGED')).toBe(true);
    expect(met(events.slice(1), 'DM_STD_MANAGED')).toBe(false);
  });
});
