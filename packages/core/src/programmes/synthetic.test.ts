/**
 * The synthetic population against what it promises: the declared age shares and prevalences (the
 * parameters written in synthetic.ts, taken from the 2020 census and the 2020 chronic-disease
 * report), valid GB 11643 numbers, events the rule sets accept, visits inside enrolment and never
 * after the day described, and the same population for the same seed.
 */
import { describe, expect, it } from 'vitest';
import { checkResidentId } from '../identity/resident-id';
import { assessYear } from './assess';
import { eventIssues } from './events';
import { programme } from './fixtures/read';
import { syntheticPopulation, syntheticTeams, type SyntheticHousehold } from './synthetic';

const places = [
  { homeUnit: 'C1', facility: 'S1' },
  { homeUnit: 'C2', facility: 'S1' },
  { homeUnit: 'C3', facility: 'S2' },
  { homeUnit: 'C4', facility: 'S3' },
];
const asOf = '2026-06-30';
const N = 12000;
const all: SyntheticHousehold[] = [...syntheticPopulation({ seed: 7, residents: N, places, asOf })];
const ageOn = (birth: string) => {
  const [y, m, d] = birth.split('-').map(Number) as [number, number, number];
  return 2026 - y - (m > 6 || (m === 6 && d > 30) ? 1 : 0);
};

describe('syntheticPopulation', () => {
  it('has the declared age shares within sampling error', () => {
    const ages = all.map((h) => ageOn(h.person.birthDate));
    const share = (f: (a: number) => boolean) => ages.filter(f).length / N;
    // 65+ is the parameter (0.135); 0–14 is (0.08 + 0.10) scaled by (1 − 0.135) / 0.865 = 0.18.
    expect(share((a) => a >= 65)).toBeCloseTo(0.135, 1);
    expect(Math.abs(share((a) => a >= 65) - 0.135)).toBeLessThan(0.01);
    expect(Math.abs(share((a) => a <= 14) - 0.18)).toBeLessThan(0.01);
    expect(Math.min(...ages)).toBeGreaterThanOrEqual(0);
  });

  it('issues valid, unique resident ID numbers that agree with birth date and sex', () => {
    const seen = new Set<string>();
    for (const { person } of all.slice(0, 3000)) {
      const c = checkResidentId(person.idNumber);
      expect(c.valid, person.idNumber).toBe(true);
      expect(c.birthDate).toBe(person.birthDate);
      expect(c.sex).toBe(person.sex);
      expect(seen.has(person.idNumber)).toBe(false);
      seen.add(person.idNumber);
      expect(person.synthetic).toBe(true);
    }
  });

  it('enrols about the declared share of adults: hypertension 0.5 × prevalence, diabetes 0.45 ×', () => {
    // Expected share among people 35+: Σ band share × prevalence × enrolled share, estimated from
    // the generated ages themselves, so only the prevalence table is under test.
    const prev = (a: number) =>
      a >= 65
        ? [0.55, 0.22]
        : a >= 55
          ? [0.45, 0.17]
          : a >= 45
            ? [0.3, 0.11]
            : a >= 35
              ? [0.15, 0.06]
              : [0, 0];
    let expHtn = 0;
    let expDm = 0;
    let htn = 0;
    let dm = 0;
    for (const h of all) {
      // Age at generation time: asOf minus birth; enrolment may be skipped when it would start after asOf.
      const [ph, pd] = prev(ageOn(h.person.birthDate)) as [number, number];
      expHtn += ph * 0.5;
      expDm += pd * 0.45;
      if (h.enrolments.some((e) => e.programme === 'HTN')) htn++;
      if (h.enrolments.some((e) => e.programme === 'DM')) dm++;
    }
    expect(htn / expHtn).toBeGreaterThan(0.9);
    expect(htn / expHtn).toBeLessThan(1.08);
    expect(dm / expDm).toBeGreaterThan(0.88);
    expect(dm / expDm).toBeLessThan(1.1);
  });

  it('writes events the rule sets accept, inside enrolment, on or before the day described', () => {
    const rules = { HTN: programme('hypertension.yaml'), DM: programme('diabetes.yaml') };
    let checked = 0;
    for (const h of all) {
      for (const e of h.events) {
        const enrol = h.enrolments.find((x) => x.programme === e.programme);
        expect(enrol).toBeDefined();
        expect(e.date >= (enrol?.start ?? '9999')).toBe(true);
        expect(e.date <= asOf).toBe(true);
        if (checked++ < 5000) {
          expect(eventIssues(rules[e.programme], { type: e.type, date: e.date, fields: e.fields })).toEqual(
            []
          );
        }
      }
      for (const c of h.contracts) expect(c.start <= asOf).toBe(true);
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('spreads stations around the 65 % 规范管理 target in the last full year', () => {
    const htn = programme('hypertension.yaml');
    const byUnit = new Map<string, { managed: number; std: number }>();
    for (const h of all) {
      const seg = h.enrolments.find((e) => e.programme === 'HTN');
      if (!seg) continue;
      const facts = {
        resident: { birthDate: h.person.birthDate, sex: h.person.sex },
        enrolments: [{ id: 'e', start: seg.start, facility: seg.facility }],
        events: h.events
          .filter((e) => e.programme === 'HTN')
          .map((e, i) => ({ id: String(i), type: e.type, date: e.date, fields: e.fields })),
      };
      for (const m of assessYear(htn, facts, 2025).counted) {
        const u = byUnit.get(m.orgUnit) ?? { managed: 0, std: 0 };
        if (m.element === 'HTN_MANAGED') u.managed++;
        if (m.element === 'HTN_STD_MANAGED') u.std++;
        byUnit.set(m.orgUnit, u);
      }
    }
    const rates = [...byUnit.values()].map((u) => u.std / u.managed);
    expect(rates.length).toBe(3);
    expect(Math.min(...rates)).toBeLessThan(0.65);
    expect(Math.max(...rates)).toBeGreaterThan(0.65);
  });

  it('gives the same population for the same seed and names three teams per station', () => {
    const again = [...syntheticPopulation({ seed: 7, residents: 50, places, asOf })];
    expect(again).toEqual(all.slice(0, 50));
    const other = [...syntheticPopulation({ seed: 8, residents: 50, places, asOf })];
    expect(other).not.toEqual(all.slice(0, 50));
    const teams = syntheticTeams(places, 7);
    expect(teams.map((t) => t.code)).toEqual([
      'S1-T1',
      'S1-T2',
      'S1-T3',
      'S2-T1',
      'S2-T2',
      'S2-T3',
      'S3-T1',
      'S3-T2',
      'S3-T3',
    ]);
    const codes = new Set(teams.map((t) => t.code));
    for (const h of all) for (const c of h.contracts) expect(codes.has(c.teamCode)).toBe(true);
  });
});
