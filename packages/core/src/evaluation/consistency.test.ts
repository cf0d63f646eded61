import { describe, expect, it } from 'vitest';
import type { PlanFile, PlanRow } from '../plans/schema';
import { checkConsistency } from './consistency';

/** A Fuzhou 表1 row as written: 2020 value, 2025 target and the 年均增长〔累计〕 cell. */
function row(key: string, base: string, target: string, extra: Partial<PlanRow> = {}): PlanRow {
  return {
    key,
    origin: 'table',
    name: key,
    indicator: null,
    attribute: 'expected',
    baseline: { year: 2020, raw: base, source: 'table' },
    targets: [{ year: 2025, level: 'city', raw: target }],
    quote: key,
    ...extra,
  };
}

function plan(rows: PlanRow[]): PlanFile {
  return {
    id: 'fuzhou-2021',
    title: '福州市“十四五”卫生健康发展专项规划',
    region: '350100',
    period: [2021, 2025],
    baseYear: 2020,
    kind: 'plan',
    scheduleMethod: 'linear',
    source: {},
    rows,
    projects: [],
  };
}

const changes = (rows: PlanRow[]) =>
  checkConsistency([plan(rows)])
    .filter((f) => f.rule === 'change-mismatch')
    .map((f) => [f.rows[0], f.values]);

describe('stated changes', () => {
  it('flag Fuzhou’s beds: 〔0.88〕 beside 5.2 → 6.30, a change of 1.1', () => {
    const beds = row('beds', '5.2', '6.30', {
      statedChange: { raw: '〔0.88〕', value: 0.88, kind: 'cumulative' },
    });
    expect(changes([beds])).toEqual([['fuzhou-2021/beds', [5.2, 6.3, 0.88]]]);
    const finding = checkConsistency([plan([beds])])[0];
    expect(finding?.message.zh).toBe('beds：写明累计变化〔0.88〕，但 5.2 → 6.3 的变化为 1.1');
  });

  it('accept a cumulative change that follows from the values (nurses: 3.63 → 4.1 is 〔0.47〕)', () => {
    const nurses = row('nurses', '3.63', '4.1', {
      statedChange: { raw: '〔0.47〕', value: 0.47, kind: 'cumulative' },
    });
    expect(changes([nurses])).toEqual([]);
  });

  it('accept an annual growth written as a simple average (5.1 → 6.5 in five years is 5.49 %)', () => {
    const tcm = (value: number) =>
      row('tcm', '5.1', '6.5', { statedChange: { raw: `${value}％`, value, kind: 'annual', unit: '%' } });
    expect(changes([tcm(5.49)])).toEqual([]);
    // The compound rate (4.97 %) is accepted as well; 7 % is neither.
    expect(changes([tcm(4.97)])).toEqual([]);
    expect(changes([tcm(7)])).toEqual([['fuzhou-2021/tcm', [5.1, 6.5, 7]]]);
  });

  it('read the typed column, not a note that mentions it', () => {
    const noted = row('noted', '5.2', '6.30', { note: "年均增长〔累计〕 column: '〔0.88〕'" });
    expect(changes([noted])).toEqual([]);
  });

  it('need a baseline to check against (literacy: no 2020 value, 〔1.25〕)', () => {
    const literacy = row('literacy', '2021年开始做', '25', {
      statedChange: { raw: '〔1.25〕', value: 1.25, kind: 'cumulative' },
    });
    expect(changes([literacy])).toEqual([]);
  });
});
