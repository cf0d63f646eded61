/**
 * The schedule file against the published document, written out here by hand from
 * 《国家免疫规划疫苗儿童免疫程序及说明（2021年版）》: part 1's table (vaccine, abbreviation,
 * route, amount, dose at each age column), part 2 (二)'s list of ages by which doses should be
 * complete, and the intervals in part 3's notes. Nothing here is derived from the YAML.
 */
import { describe, expect, it } from 'vitest';
import { ROUTE_NAMES } from './schema';
import { schedule } from './fixtures/read';
import { ageText, completeBeforeOf, spanText } from './vaccines';
import { dueList } from './due';

const s = schedule();

/** The table's age columns. */
const COLUMNS = [
  '出生时',
  '1月',
  '2月',
  '3月',
  '4月',
  '5月',
  '6月',
  '8月',
  '9月',
  '18月',
  '2岁',
  '3岁',
  '4岁',
  '5岁',
  '6岁',
];

/**
 * The published table: name, abbreviation, route, amount, then the dose number printed under
 * each age column ('' = empty cell; JE-I has doses 1 and 2 both at 8 months).
 */
const TABLE: [string, string, string, string, string[]][] = [
  [
    '乙肝疫苗',
    'HepB',
    '肌内注射',
    '10或20μg',
    ['1', '2', '', '', '', '', '3', '', '', '', '', '', '', '', ''],
  ],
  ['卡介苗', 'BCG', '皮内注射', '0.1ml', ['1', '', '', '', '', '', '', '', '', '', '', '', '', '', '']],
  [
    '脊灰灭活疫苗',
    'IPV',
    '肌内注射',
    '0.5ml',
    ['', '', '1', '2', '', '', '', '', '', '', '', '', '', '', ''],
  ],
  [
    '脊灰减毒活疫苗',
    'bOPV',
    '口服',
    '1粒或2滴',
    ['', '', '', '', '3', '', '', '', '', '', '', '', '4', '', ''],
  ],
  [
    '百白破疫苗',
    'DTaP',
    '肌内注射',
    '0.5ml',
    ['', '', '', '1', '2', '3', '', '', '', '4', '', '', '', '', ''],
  ],
  ['白破疫苗', 'DT', '肌内注射', '0.5ml', ['', '', '', '', '', '', '', '', '', '', '', '', '', '', '5']],
  ['麻腮风疫苗', 'MMR', '皮下注射', '0.5ml', ['', '', '', '', '', '', '', '1', '', '2', '', '', '', '', '']],
  [
    '乙脑减毒活疫苗',
    'JE-L',
    '皮下注射',
    '0.5ml',
    ['', '', '', '', '', '', '', '1', '', '', '2', '', '', '', ''],
  ],
  [
    '乙脑灭活疫苗',
    'JE-I',
    '肌内注射',
    '0.5ml',
    ['', '', '', '', '', '', '', '1,2', '', '', '3', '', '', '', '4'],
  ],
  [
    'A群流脑多糖疫苗',
    'MPSV-A',
    '皮下注射',
    '0.5ml',
    ['', '', '', '', '', '', '1', '', '2', '', '', '', '', '', ''],
  ],
  [
    'A群C群流脑多糖疫苗',
    'MPSV-AC',
    '皮下注射',
    '0.5ml',
    ['', '', '', '', '', '', '', '', '', '', '', '3', '', '', '4'],
  ],
  [
    '甲肝减毒活疫苗',
    'HepA-L',
    '皮下注射',
    '0.5或1.0ml',
    ['', '', '', '', '', '', '', '', '', '1', '', '', '', '', ''],
  ],
  [
    '甲肝灭活疫苗',
    'HepA-I',
    '肌内注射',
    '0.5ml',
    ['', '', '', '', '', '', '', '', '', '1', '2', '', '', '', ''],
  ],
];

/** The schedule file rendered as the table's rows. */
function rendered(): [string, string, string, string, string[]][] {
  return s.vaccines
    .filter((v) => v.programme)
    .map((v) => {
      const cells = COLUMNS.map(() => [] as number[]);
      for (const series of s.series) {
        for (const track of series.tracks) {
          for (const slot of track.doses) {
            if (slot.vaccine !== v.code) continue;
            const head = ageText(slot.age).zh.replace('月龄', '月');
            const col = COLUMNS.indexOf(head);
            if (col < 0) throw new Error(`no column for ${head}`);
            cells[col]?.push(slot.dose);
          }
        }
      }
      return [v.name.zh, v.code, ROUTE_NAMES[v.route].zh, v.amount?.zh ?? '', cells.map((c) => c.join(','))];
    });
}

describe('the 2021 schedule table', () => {
  it('has the 13 programme vaccines, in the table order, with route, amount and doses by age', () => {
    expect(rendered()).toEqual(TABLE);
  });

  it('is in force from March 2021 and names its source', () => {
    expect(s.effectiveFrom).toBe('2021-03-01');
    expect(s.sources[0]?.title).toBe('国家免疫规划疫苗儿童免疫程序及说明（2021年版）');
    expect(s.basis.zh).toContain('国卫疾控发〔2021〕10号');
  });

  it('lets a child use live or inactivated JE and hepatitis A vaccine, live by default', () => {
    const je = s.series.find((x) => x.code === 'JE');
    const hepa = s.series.find((x) => x.code === 'HEPA');
    expect(je?.tracks.map((t) => [t.code, t.doses.length, t.default])).toEqual([
      ['JE-L', 2, true],
      ['JE-I', 4, false],
    ]);
    expect(hepa?.tracks.map((t) => [t.code, t.doses.length, t.default])).toEqual([
      ['HepA-L', 1, true],
      ['HepA-I', 2, false],
    ]);
  });
});

describe('general principle (二): the ages by which doses should be complete', () => {
  /** Written out from the document's list, items 1–9. */
  const EXPECTED: [string, number, string][] = [
    ['HepB', 1, '出生后24小时内'],
    ['BCG', 1, '3月龄'],
    ['HepB', 3, '12月龄'],
    ['bOPV', 3, '12月龄'],
    ['DTaP', 3, '12月龄'],
    ['MMR', 1, '12月龄'],
    ['JE-L', 1, '12月龄'],
    ['JE-I', 2, '12月龄'],
    ['MPSV-A', 2, '18月龄'],
    ['MMR', 2, '24月龄'],
    ['HepA-L', 1, '24月龄'],
    ['HepA-I', 1, '24月龄'],
    ['DTaP', 4, '24月龄'],
    ['JE-L', 2, '3岁'],
    ['JE-I', 3, '3岁'],
    ['HepA-I', 2, '3岁'],
    ['MPSV-AC', 3, '4岁'],
    ['bOPV', 4, '5岁'],
    ['DT', 5, '7岁'],
    ['MPSV-AC', 4, '7岁'],
    ['JE-I', 4, '7岁'],
  ];

  it('matches the list', () => {
    const stated: [string, number, string][] = [];
    for (const series of s.series) {
      for (const track of series.tracks) {
        for (const slot of track.doses) {
          if (!slot.completeBefore) continue;
          stated.push([
            slot.vaccine,
            slot.dose,
            slot.completeBeforeText?.zh ?? ageText(slot.completeBefore).zh,
          ]);
        }
      }
    }
    expect(stated.sort()).toEqual([...EXPECTED].sort());
  });

  it('gives doses not in the list the next dose’s limit (HepB 2 and the IPV doses by 12 months)', () => {
    const hepb = s.series.find((x) => x.code === 'HEPB')?.tracks[0];
    const polio = s.series.find((x) => x.code === 'POLIO')?.tracks[0];
    if (!hepb || !polio) throw new Error('missing series');
    expect(completeBeforeOf(hepb, hepb.doses[1] as never)).toEqual({ months: 12 });
    expect(completeBeforeOf(polio, polio.doses[0] as never)).toEqual({ months: 12 });
  });
});

describe('part 3: minimum intervals and catch-up limits', () => {
  /** From each vaccine's notes: [vaccine, dose, after dose, at least]. */
  const INTERVALS: [string, number, number, string][] = [
    ['HepB', 2, 1, '28 days'],
    ['HepB', 3, 2, '60 days'],
    ['HepB', 3, 1, '4 months'],
    ['IPV', 2, 1, '28 days'],
    ['bOPV', 3, 2, '28 days'],
    ['bOPV', 4, 3, '28 days'],
    ['DTaP', 2, 1, '28 days'],
    ['DTaP', 3, 2, '28 days'],
    ['DTaP', 4, 3, '6 months'],
    ['MMR', 2, 1, '28 days'],
    ['JE-L', 2, 1, '12 months'],
    ['JE-I', 2, 1, '7 days'],
    ['JE-I', 3, 2, '1 month'],
    ['JE-I', 4, 3, '3 years'],
    ['MPSV-A', 2, 1, '3 months'],
    ['MPSV-AC', 3, 2, '12 months'],
    ['MPSV-AC', 3, 1, '3 months'],
    ['MPSV-AC', 4, 3, '3 years'],
    ['HepA-I', 2, 1, '6 months'],
  ];

  it('has the notes’ minimum intervals', () => {
    const stated = s.series.flatMap((series) =>
      series.tracks.flatMap((t) =>
        t.doses.flatMap((d) => d.after.map((a) => [d.vaccine, d.dose, a.dose, spanText(a.min).en]))
      )
    );
    expect(stated).toEqual(INTERVALS);
  });

  it('has the catch-up limits: BCG under 4, MPSV-A under 24 months, DTaP under 6, everything under 18', () => {
    expect(s.rules.catchUpBelow).toEqual({ years: 18 });
    const limits = s.series.flatMap((series) =>
      series.tracks.flatMap((t) =>
        t.doses.filter((d) => d.maxAge).map((d) => [d.vaccine, d.dose, ageText(d.maxAge ?? {}).zh])
      )
    );
    expect(limits).toEqual([
      ['BCG', 1, '4岁'],
      ['DTaP', 1, '6岁'],
      ['DTaP', 2, '6岁'],
      ['DTaP', 3, '6岁'],
      ['DTaP', 4, '6岁'],
      ['MPSV-A', 1, '24月龄'],
      ['MPSV-A', 2, '24月龄'],
    ]);
    const dtp = s.series.find((x) => x.code === 'DTP');
    expect(dtp?.lateCourse).toEqual({
      fromAge: { years: 6 },
      vaccine: 'DT',
      total: 3,
      after: [
        { dose: 2, min: { months: 1 }, max: { months: 2 } },
        { dose: 3, min: { months: 6 }, max: { months: 12 } },
      ],
    });
    expect(s.rules.liveInjectedInterval).toEqual({ days: 28 });
  });
});

describe('a child born 2024-01-15, nothing given yet', () => {
  // Counted by hand from the table: birth + each age column.
  const EXPECTED: [string, number, string][] = [
    ['HepB', 1, '2024-01-15'],
    ['HepB', 2, '2024-02-15'],
    ['HepB', 3, '2024-07-15'],
    ['BCG', 1, '2024-01-15'],
    ['IPV', 1, '2024-03-15'],
    ['IPV', 2, '2024-04-15'],
    ['bOPV', 3, '2024-05-15'],
    ['bOPV', 4, '2028-01-15'],
    ['DTaP', 1, '2024-04-15'],
    ['DTaP', 2, '2024-05-15'],
    ['DTaP', 3, '2024-06-15'],
    ['DTaP', 4, '2025-07-15'],
    ['DT', 5, '2030-01-15'],
    ['MMR', 1, '2024-09-15'],
    ['MMR', 2, '2025-07-15'],
    ['JE-L', 1, '2024-09-15'],
    ['JE-L', 2, '2026-01-15'],
    ['MPSV-A', 1, '2024-07-15'],
    ['MPSV-A', 2, '2024-10-15'],
    ['MPSV-AC', 3, '2027-01-15'],
    ['MPSV-AC', 4, '2030-01-15'],
    ['HepA-L', 1, '2025-07-15'],
  ];

  it('has every dose due at its age in the table', () => {
    const r = dueList(s, { birthDate: '2024-01-15' }, [], '2024-01-15');
    expect(r.doses.map((d) => [d.vaccine, d.dose, d.dueDate])).toEqual(EXPECTED);
  });

  it('with inactivated JE and HepA preferred, has the 4 JE-I and 2 HepA-I doses instead', () => {
    const r = dueList(s, { birthDate: '2024-01-15' }, [], '2024-01-15', { prefer: ['JE-I', 'HepA-I'] });
    const je = r.doses.filter((d) => d.series === 'JE' || d.series === 'HEPA');
    expect(je.map((d) => [d.vaccine, d.dose, d.dueDate])).toEqual([
      ['JE-I', 1, '2024-09-15'],
      ['JE-I', 2, '2024-09-15'],
      ['JE-I', 3, '2026-01-15'],
      ['JE-I', 4, '2030-01-15'],
      ['HepA-I', 1, '2025-07-15'],
      ['HepA-I', 2, '2026-01-15'],
    ]);
  });
});
