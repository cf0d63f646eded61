/**
 * Coverage: hand-counted cohorts for 接种率, 及时接种率 and 全程接种率, then the same measures
 * run through the programme engine (`coverageRuleSet` → `parseRuleSet` → `assessYear`) agreeing
 * with the direct count, for the hand cohorts and for seeded random children.
 */
import { describe, expect, it } from 'vitest';
import type { DataElement } from '../indicators/catalogue';
import { assessYear } from '../programmes/assess';
import { addDays, addSpan } from '../programmes/dates';
import type { ProgrammeFactsInput } from '../programmes/facts';
import { parseRuleSet } from '../programmes/load';
import { mulberry32 } from '../random';
import {
  coverage,
  coverageOf,
  coverageRuleSet,
  doseMeasures,
  type CoverageChild,
  type CoverageMeasure,
  type CoverageMembership,
} from './coverage';
import { toVaccinationEvent, type GivenDose } from './doses';
import { schedule } from './fixtures/read';
import { dueList } from './due';

const s = schedule();
const Y2024 = { from: '2024-01-01', to: '2024-12-31' };
const g = (vaccine: string, dose: number, date: string): GivenDose => ({ vaccine, dose, date });

const HEPB3: CoverageMeasure = { kind: 'dose', slot: { series: 'HEPB', dose: 3 } };
const HEPB3_TIMELY: CoverageMeasure = { kind: 'timely', slot: { series: 'HEPB', dose: 3 } };
const JEI3: CoverageMeasure = { kind: 'dose', slot: { series: 'JE', track: 'JE-I', dose: 3 } };
const JEL2: CoverageMeasure = { kind: 'dose', slot: { series: 'JE', track: 'JE-L', dose: 2 } };
const FULL12: CoverageMeasure = { kind: 'full', age: { months: 12 } };

/** HepB 3 (6 months) in 2024, child by child (6-month birthdays counted on the calendar). */
const HEPB_COHORT: Record<string, CoverageChild> = {
  // 6 months on 2023-09-10, vaccinated 2023-09-20: done before 2024.
  c1: { birthDate: '2023-03-10', given: [g('HepB', 3, '2023-09-20')] },
  // Same age, never vaccinated: carried over into 2024 (应种未种).
  c2: { birthDate: '2023-03-10', given: [] },
  // Carried over and vaccinated on 1 February 2024.
  c3: { birthDate: '2023-03-10', given: [g('HepB', 3, '2024-02-01')] },
  // 6 months on 2024-09-30, vaccinated 2024-10-05: inside its timely window (to 2024-10-30).
  c4: { birthDate: '2024-03-31', given: [g('HepB', 3, '2024-10-05')] },
  // 6 months on 2024-12-30, vaccinated in January 2025.
  c5: { birthDate: '2024-06-30', given: [g('HepB', 3, '2025-01-10')] },
  // 6 months on 2025-02-28: not due in 2024.
  c6: { birthDate: '2024-08-31', given: [] },
  // Would reach 6 months on 2024-08-29 but died on 2024-07-01.
  c7: { birthDate: '2024-02-29', given: [], managedUntil: '2024-07-01' },
  // 6 months on 2024-07-31; vaccinated early on 2024-07-20 (counts, but not as timely).
  c8: { birthDate: '2024-01-31', given: [g('HepB', 3, '2024-07-20')] },
};

const ON_TIME_12 = (birth: string, je: GivenDose[]): GivenDose[] => [
  g('HepB', 1, birth),
  g('BCG', 1, birth),
  g('HepB', 2, addSpan(birth, { months: 1 })),
  g('IPV', 1, addSpan(birth, { months: 2 })),
  g('IPV', 2, addSpan(birth, { months: 3 })),
  g('DTaP', 1, addSpan(birth, { months: 3 })),
  g('bOPV', 3, addSpan(birth, { months: 4 })),
  g('DTaP', 2, addSpan(birth, { months: 4 })),
  g('DTaP', 3, addSpan(birth, { months: 5 })),
  g('HepB', 3, addSpan(birth, { months: 6 })),
  g('MMR', 1, addSpan(birth, { months: 8 })),
  ...je,
];

/** Children reaching 12 months in 2024. */
const FULL_COHORT: Record<string, CoverageChild> = {
  f1: { birthDate: '2023-04-10', given: ON_TIME_12('2023-04-10', [g('JE-L', 1, '2023-12-10')]) },
  // MMR 1 on the first birthday itself: not before 12 months.
  f2: {
    birthDate: '2023-04-10',
    given: ON_TIME_12('2023-04-10', [g('JE-L', 1, '2023-12-10')]).map((x) =>
      x.vaccine === 'MMR' ? g('MMR', 1, '2024-04-10') : x
    ),
  },
  // Inactivated JE: both 8-month doses before the first birthday.
  f3: {
    birthDate: '2023-04-10',
    given: ON_TIME_12('2023-04-10', [g('JE-I', 1, '2023-12-10'), g('JE-I', 2, '2023-12-18')]),
  },
  // Inactivated JE, only the first dose.
  f4: { birthDate: '2023-04-10', given: ON_TIME_12('2023-04-10', [g('JE-I', 1, '2023-12-10')]) },
};

const JE_COHORT: Record<string, CoverageChild> = {
  j1: {
    birthDate: '2022-05-01',
    given: [g('JE-I', 1, '2023-01-05'), g('JE-I', 2, '2023-01-13'), g('JE-I', 3, '2024-05-20')],
  },
  j2: { birthDate: '2022-05-01', given: [g('JE-L', 1, '2023-01-05')] },
  j3: { birthDate: '2022-05-01', given: [] },
};

const who = (cohort: Record<string, CoverageChild>, m: CoverageMeasure, prefer: string[] = []) => {
  const out = { denominator: [] as string[], numerator: [] as string[] };
  for (const [id, c] of Object.entries(cohort)) {
    const r = coverageOf(s, m, c, Y2024, { prefer });
    if (r.denominator) out.denominator.push(id);
    if (r.numerator) out.numerator.push(id);
  }
  return out;
};

describe('接种率 of a dose in a year (应种 and 实种)', () => {
  it('counts children due in the year and those carried over unvaccinated', () => {
    expect(who(HEPB_COHORT, HEPB3)).toEqual({
      denominator: ['c2', 'c3', 'c4', 'c5', 'c8'],
      numerator: ['c3', 'c4', 'c8'],
    });
    expect(coverage(s, HEPB3, Object.values(HEPB_COHORT), Y2024)).toEqual({
      denominator: 5,
      numerator: 3,
      rate: 60,
    });
  });

  it('keeps each track’s doses apart: JE-I 3 for children who started inactivated, JE-L 2 for the rest', () => {
    expect(who(JE_COHORT, JEI3)).toEqual({ denominator: ['j1'], numerator: ['j1'] });
    expect(who(JE_COHORT, JEL2)).toEqual({ denominator: ['j2', 'j3'], numerator: [] });
    // Where the inactivated vaccine is the one supplied, a child with no dose is due for JE-I.
    expect(who(JE_COHORT, JEI3, ['JE-I'])).toEqual({ denominator: ['j1', 'j3'], numerator: ['j1'] });
  });

  it('has no rate when nobody is due', () => {
    expect(coverage(s, HEPB3, [], Y2024)).toEqual({ denominator: 0, numerator: 0, rate: null });
  });
});

describe('及时接种率', () => {
  it('counts children whose timely window closed in the year, and those vaccinated inside it', () => {
    expect(who(HEPB_COHORT, HEPB3_TIMELY)).toEqual({ denominator: ['c4', 'c8'], numerator: ['c4'] });
  });

  it('agrees with the due list’s "timely" flag', () => {
    const c4 = HEPB_COHORT.c4 as CoverageChild;
    const d = dueList(s, { birthDate: c4.birthDate }, c4.given, '2024-12-31').doses.find(
      (x) => x.vaccine === 'HepB' && x.dose === 3
    );
    expect(d?.timely).toBe(true);
  });
});

describe('全程接种率 at 12 months', () => {
  it('needs every dose the schedule wants complete in the first year, before the first birthday', () => {
    expect(who(FULL_COHORT, FULL12)).toEqual({
      denominator: ['f1', 'f2', 'f3', 'f4'],
      numerator: ['f1', 'f3'],
    });
  });
});

// --- the programme engine computes the same ---------------------------------------------------

const MEASURES: [string, CoverageMeasure][] = [
  ['HEPB3', HEPB3],
  ['HEPB3_T', HEPB3_TIMELY],
  ['JEI3', JEI3],
  ['JEL2', JEL2],
  ['FULL12', FULL12],
  ['FULL7', { kind: 'full', age: { years: 7 } }],
  ...doseMeasures(s).map((m): [string, CoverageMeasure] => [
    `D_${m.slot.series}_${(m.slot.track ?? '').replace(/-/g, '').toUpperCase()}_${m.slot.dose}`,
    { kind: 'dose', slot: m.slot },
  ]),
  ...doseMeasures(s).map((m): [string, CoverageMeasure] => [
    `T_${m.slot.series}_${(m.slot.track ?? '').replace(/-/g, '').toUpperCase()}_${m.slot.dose}`,
    { kind: 'timely', slot: m.slot },
  ]),
];

const memberships: CoverageMembership[] = MEASURES.flatMap(([code, measure]) =>
  (['denominator', 'numerator'] as const).map((role) => ({
    element: `IMM_${code}_${role === 'numerator' ? 'N' : 'D'}`,
    name: { zh: `${code} ${role}`, en: `${code} ${role}` },
    measure,
    role,
  }))
);

const elements: DataElement[] = memberships.map((m) => ({
  code: m.element,
  name: m.name,
  valueType: 'integer',
  aggregationType: 'SUM',
  periodType: 'year',
  source: 'facility',
}));

function engineFor(prefer: string[]) {
  return parseRuleSet(coverageRuleSet(s, memberships, { prefer }), 'test/immunization.yaml', {
    dataElements: elements,
  });
}

function facts(c: CoverageChild): ProgrammeFactsInput {
  return {
    resident: { birthDate: c.birthDate, sex: 'F', deathDate: c.managedUntil ?? null },
    enrolments: [{ id: 'e', start: c.birthDate, facility: 'clinic-1' }],
    events: c.given.map((d, i) =>
      toVaccinationEvent(`v${i}`, {
        ...d,
        manufacturer: 'M',
        lot: 'L1',
        site: d.vaccine === 'bOPV' ? 'oral' : 'left-deltoid',
        clinic: 'clinic-1',
        programme: true,
      })
    ),
  };
}

/** Element → count, from the engine, for children in one year. */
function engineCounts(
  rs: ReturnType<typeof engineFor>,
  children: CoverageChild[],
  year: number
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const c of children) {
    for (const m of assessYear(rs, facts(c), year).counted) {
      counts.set(m.element, (counts.get(m.element) ?? 0) + 1);
    }
  }
  return counts;
}

/** The same from the direct functions. */
function directCounts(children: CoverageChild[], year: number, prefer: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  const period = { from: `${year}-01-01`, to: `${year}-12-31` };
  for (const [code, measure] of MEASURES) {
    const r = coverage(s, measure, children, period, { prefer });
    if (r.denominator > 0) counts.set(`IMM_${code}_D`, r.denominator);
    if (r.numerator > 0) counts.set(`IMM_${code}_N`, r.numerator);
  }
  return counts;
}

const sorted = (m: Map<string, number>) => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1));

describe('the programme engine, fed coverageRuleSet', () => {
  const rs = engineFor([]);

  it('parses: every condition names the vaccination event type and its fields correctly', () => {
    expect(rs.memberships).toHaveLength(memberships.length);
    expect(rs.eventTypes[0]?.code).toBe('vaccination');
  });

  it('counts the hand cohorts as counted by hand', () => {
    const hepb = engineCounts(rs, Object.values(HEPB_COHORT), 2024);
    expect([hepb.get('IMM_HEPB3_D'), hepb.get('IMM_HEPB3_N')]).toEqual([5, 3]);
    expect([hepb.get('IMM_HEPB3_T_D'), hepb.get('IMM_HEPB3_T_N')]).toEqual([2, 1]);
    const je = engineCounts(rs, Object.values(JE_COHORT), 2024);
    expect([je.get('IMM_JEI3_D'), je.get('IMM_JEI3_N')]).toEqual([1, 1]);
    expect([je.get('IMM_JEL2_D'), je.get('IMM_JEL2_N')]).toEqual([2, undefined]);
    const full = engineCounts(rs, Object.values(FULL_COHORT), 2024);
    expect([full.get('IMM_FULL12_D'), full.get('IMM_FULL12_N')]).toEqual([4, 2]);
  });

  it('explains a child’s place in words', () => {
    const c2 = HEPB_COHORT.c2 as CoverageChild;
    const r = assessYear(rs, facts(c2), 2024).results.find((x) => x.element === 'IMM_HEPB3_N');
    expect(r?.met).toBe(false);
    expect(r?.reason.zh).toBe('乙肝疫苗第3剂 0 次（2024年），要求 ≥1 次');
    const due = assessYear(rs, facts(c2), 2024).results.find((x) => x.element === 'IMM_HEPB3_D');
    expect(due?.reason.zh).toContain('满6月龄：2023-09-10（在 2023-03-10～2024-12-31 内）');
  });

  it('equals the direct count for seeded random children, every dose, every year, both preferences', () => {
    const rand = mulberry32(20210223);
    const children: CoverageChild[] = [];
    for (let i = 0; i < 60; i++) {
      const birth = addDays('2016-01-01', Math.floor(rand() * 3300));
      const given: GivenDose[] = [];
      const inactivatedJe = rand() < 0.3;
      const inactivatedHepA = rand() < 0.3;
      const lateness = () => Math.floor(rand() < 0.7 ? rand() * 30 : rand() * 700);
      for (const series of s.series) {
        const track =
          series.tracks.find((t) =>
            t.code === 'JE-I'
              ? inactivatedJe
              : t.code === 'HepA-I'
                ? inactivatedHepA
                : t.default || series.tracks.length === 1
          ) ?? series.tracks[0];
        for (const slot of track?.doses ?? []) {
          if (rand() < 0.12) continue;
          const vaccine =
            series.code === 'DTP' && slot.dose === 1 && rand() < 0.2 ? 'DTaP-IPV-Hib' : slot.vaccine;
          given.push(
            g(vaccine, slot.dose, addDays(addSpan(birth, slot.age), lateness() - (rand() < 0.05 ? 10 : 0)))
          );
        }
      }
      const died = rand() < 0.2 ? addDays(birth, Math.floor(rand() * 2500)) : null;
      children.push({
        birthDate: birth,
        given: given.filter((d) => d.date >= birth && (died === null || d.date <= died)),
        managedUntil: died,
      });
    }
    // The comparison is not vacuous: many children sit in many denominators and numerators.
    const sample = [...directCounts(children, 2022, []).values()].reduce((a, b) => a + b, 0);
    expect(sample).toBeGreaterThan(300);
    for (const prefer of [[], ['JE-I', 'HepA-I']]) {
      const engine = engineFor(prefer);
      for (const year of [2016, 2018, 2020, 2022, 2023, 2024, 2025]) {
        expect(
          sorted(engineCounts(engine, children, year)),
          `year ${year}, prefer ${prefer.join(',')}`
        ).toEqual(sorted(directCounts(children, year, prefer)));
      }
    }
  }, 60_000);
});
