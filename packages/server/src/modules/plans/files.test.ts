import { describe, expect, it } from 'vitest';
import { indicatorNameKey, parseTarget } from '@weijian/core';
import { catalogue } from '../catalogue';
import { repoPath } from '../../paths';
import { readPlanDirectory } from './files';

const plans = readPlanDirectory(repoPath('plans'));
const byId = new Map(plans.map((p) => [p.id, p]));
const codes = new Set(catalogue().indicators.map((i) => i.code));

describe('the shipped plan files', () => {
  it('are the five plans and the two review tables', () => {
    expect([...byId.keys()].sort()).toEqual([
      'futian-2016',
      'futian-2021',
      'fuzhou-2021',
      'guangming-2021',
      'longgang-2026',
      'xiangqiao-2016',
      'xiangqiao-2021',
    ]);
  });

  it('carry every row of every indicator table in the seeds', () => {
    const tableRows = (id: string): number =>
      byId.get(id)?.rows.filter((r) => r.origin === 'table').length ?? 0;
    expect(tableRows('futian-2016')).toBe(27);
    expect(tableRows('futian-2021')).toBe(15);
    expect(tableRows('guangming-2021')).toBe(15);
    expect(tableRows('longgang-2026')).toBe(17);
    expect(tableRows('xiangqiao-2016')).toBe(26);
    expect(tableRows('xiangqiao-2021')).toBe(18);
    expect(tableRows('fuzhou-2021')).toBe(21);
  });

  it('keep 2020 actuals and the written status of Futian table 1', () => {
    const rows = byId.get('futian-2016')?.rows ?? [];
    expect(rows.every((r) => r.actual?.year === 2020 && r.statusAsWritten)).toBe(true);
    expect(rows.find((r) => r.name === '3 岁以下儿童系统管理率')?.statusAsWritten).toBe(
      '达到时序进度（98%）'
    );
  });

  it('keep the city target beside the district target', () => {
    const literacy = byId.get('futian-2021')?.rows.find((r) => r.name === '居民健康素养水平');
    expect(literacy?.targets.map((t) => [t.level, t.raw])).toEqual([
      ['district', '≥60'],
      ['city', '≥50'],
    ]);
  });

  it('hold targets stated only in the text as rows marked as such', () => {
    const row = byId.get('guangming-2021')?.rows.find((r) => r.indicator === 'MATERNAL_SYSTEM_MANAGEMENT');
    expect(row).toMatchObject({ origin: 'text', targets: [{ year: 2025, raw: '不低于95%' }] });
    expect(row?.quote).toContain('孕产妇系统管理率');
  });

  it('give every row a source quote and a catalogue code that exists', () => {
    for (const plan of plans) {
      for (const row of plan.rows) {
        expect(row.quote.length, `${plan.id} ${row.key}`).toBeGreaterThan(2);
        if (row.indicator !== null) {
          expect(codes.has(row.indicator), `${plan.id} ${row.key} ${row.indicator}`).toBe(true);
        }
      }
    }
  });

  it('map differently worded rows of the same indicator to one code', () => {
    const code = (id: string, name: string) => byId.get(id)?.rows.find((r) => r.name === name)?.indicator;
    expect(code('futian-2016', '居民具备健康素养比例')).toBe('HEALTH_LITERACY');
    expect(code('futian-2021', '居民健康素养水平')).toBe('HEALTH_LITERACY');
    expect(code('fuzhou-2021', '公民健康素养水平')).toBe('HEALTH_LITERACY');
    expect(code('futian-2021', '每千人口拥有病床数')).toBe('BEDS_PER_1000');
    expect(code('fuzhou-2021', '每千人口医疗机构床位数')).toBe('BEDS_PER_1000');
    expect(code('futian-2016', '平均期望寿命')).toBe('LIFE_EXPECTANCY');
    expect(code('longgang-2026', '人均预期寿命')).toBe('LIFE_EXPECTANCY');
  });

  it('leave no indicator unmapped that two plans share', () => {
    const seen = new Map<string, Set<string>>();
    for (const plan of plans.filter((p) => p.kind === 'plan')) {
      for (const row of plan.rows.filter((r) => r.origin === 'table' && r.indicator === null)) {
        const key = indicatorNameKey(row.name);
        seen.set(key, (seen.get(key) ?? new Set()).add(plan.id));
      }
    }
    expect([...seen.entries()].filter(([, ids]) => ids.size > 1)).toEqual([]);
  });

  it('have table targets that parse; only 逐步下降 is qualitative', () => {
    const qualitative = plans
      .flatMap((p) =>
        p.rows.filter((r) => r.origin === 'table').flatMap((r) => r.targets.map((t) => parseTarget(t.raw)))
      )
      .filter((t) => t.kind === 'qualitative');
    expect(qualitative.map((t) => t.raw)).toEqual(['逐步下降']);
  });

  it('carry all 18 rows of Fuzhou 附表 with area, investment, years and status', () => {
    const table = byId.get('fuzhou-2021')?.projects.filter((p) => p.section?.startsWith('附表')) ?? [];
    expect(table).toHaveLength(18);
    expect(
      table.every(
        (p) =>
          p.floorAreaM2 !== undefined && p.investmentYi !== undefined && p.startYear && p.endYear && p.status
      )
    ).toBe(true);
    expect(table[0]).toMatchObject({
      name: '滨海新城综合医院一期',
      floorAreaM2: 244000,
      investmentYi: 22.5,
      startYear: 2018,
      endYear: 2021,
      status: 'completed',
    });
    expect(table.filter((p) => p.status === 'planned')).toHaveLength(2);
  });

  it('record beds where a project states them', () => {
    const futian = byId.get('futian-2021')?.projects ?? [];
    expect(futian.find((p) => p.name === '中大八院旧楼装修改造')?.beds).toBe(1600);
  });

  it('place each plan in a region with a national code', () => {
    expect(Object.fromEntries(plans.map((p) => [p.id, p.region]))).toMatchObject({
      'futian-2021': '440304',
      'guangming-2021': '440311',
      'longgang-2026': '440307',
      'xiangqiao-2021': '445102',
      'fuzhou-2021': '350100',
    });
  });
});
