import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWrittenStatus } from '@weijian/core';
import { bootstrap } from '../../bootstrap';
import type { Database } from '../../db/connection';
import { ENGINES, createTestDatabase } from '../../test/db';
import { catalogue } from '../catalogue';
import { evaluatePlan } from './service';

describe.each(ENGINES)('plan evaluation on %s', (engine) => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
    await bootstrap(database.db);
  });
  afterAll(async () => {
    await database.close();
  });

  it('reproduces every status written in Futian 表 1 for 2020, and flags the one the numbers contradict', async () => {
    const e = await evaluatePlan(database.db, catalogue(), '100000', 'futian-2016', 2020);
    expect(e.rows).toHaveLength(27);
    for (const r of e.rows) {
      const written = readWrittenStatus(r.statusAsWritten ?? '').status;
      if (written === null) {
        expect(r.status, r.name).toBe('no_data');
        continue;
      }
      if (r.discrepancy) continue;
      expect(
        r.status === written || (written === 'achieved' && r.status === 'within_ceiling'),
        `${r.name}: ${r.status} vs ${written}`
      ).toBe(true);
    }
    const child = e.rows.find((r) => r.name === '3 岁以下儿童系统管理率');
    expect(child).toMatchObject({ status: 'on_schedule', method: 'ratio', actualSource: 'plan' });
    expect(child?.progress).toBeCloseTo(0.98, 2);
    expect(e.rows.find((r) => r.name === '区属医疗机构病床使用率')?.progress).toBeCloseTo(0.969, 3);
    expect(e.rows.find((r) => r.name === '区属医疗机构注册护士数')?.status).toBe('achieved');
    const flagged = e.rows.filter((r) => r.discrepancy);
    expect(flagged.map((r) => r.name)).toEqual(['区属医疗机构平均住院日']);
    expect(flagged[0]?.discrepancy?.en).toMatch(/Written as "完成规划目标"/);
    expect(e.counts).toMatchObject({ withdrawn: 1, no_data: 2 });
  });

  it('gives every Xiangqiao 2016–2020 row with data a status', async () => {
    const e = await evaluatePlan(database.db, catalogue(), '100000', 'xiangqiao-2016', 2020);
    const withData = e.rows.filter((r) => r.actual !== null);
    expect(withData.length).toBeGreaterThan(20);
    expect(withData.every((r) => r.status !== 'no_data')).toBe(true);
    const ncd = e.rows.find((r) => r.target?.raw === '比2015年降低5%');
    expect(ncd).toMatchObject({ status: 'not_evaluable' });
    expect(ncd?.reason.zh).toContain('2015');
  });

  it('puts binding rows that are behind first', async () => {
    const e = await evaluatePlan(database.db, catalogue(), '100000', 'fuzhou-2021', 2020);
    const firstOther = e.rows.findIndex(
      (r) => !(r.attribute === 'binding' && ['behind', 'deteriorating'].includes(r.status))
    );
    expect(
      e.rows
        .slice(firstOther)
        .some((r) => r.attribute === 'binding' && ['behind', 'deteriorating'].includes(r.status))
    ).toBe(false);
  });

  it('finds contradictions in the stated values', async () => {
    const { createTestApp, signIn } = await import('../../test/app');
    const { app } = await createTestApp(database.db);
    const { cookie } = await signIn(database.db, app, 'viewer', '100000');
    const xq = (
      await app.inject({ url: '/api/plans/xiangqiao-2016/checks', headers: { cookie } })
    ).json() as { rule: string; values: number[]; message: { en: string } }[];
    expect(xq.filter((f) => f.rule === 'u5-below-infant')).toHaveLength(1);
    expect(xq[0]?.message.en).toContain('Under-5 mortality 0.14');
    const fz = (await app.inject({ url: '/api/plans/fuzhou-2021/checks', headers: { cookie } })).json() as {
      rule: string;
      values: number[];
    }[];
    expect(fz.filter((f) => f.rule === 'change-mismatch').map((f) => f.values)).toContainEqual([
      5.2, 6.3, 0.88,
    ]);
    await app.close();
  });

  it('compares Futian’s targets with Shenzhen’s and flags a binding one set lower', async () => {
    const { planCascade } = await import('./cascade');
    const rows = await planCascade(database.db, catalogue(), '100000', 'futian-2021', 2023);
    expect(rows).toHaveLength(15);
    expect(rows.find((r) => r.name === '居民健康素养水平')).toMatchObject({
      own: '≥60',
      higher: '≥50',
      ambition: 'stricter',
      flagged: false,
    });
    expect(rows.find((r) => r.name === '每万人口拥有全科医生数')).toMatchObject({
      ambition: 'stricter',
      attribute: 'binding',
    });
    expect(rows.filter((r) => r.ambition === 'looser')).toEqual([]);
  });

  it('follows one row across the years and sets the plans side by side', async () => {
    const { rowTrend } = await import('./trend');
    const { leagueTable } = await import('./league');
    const t = await rowTrend(database.db, catalogue(), '100000', 'xiangqiao-2021', 'T2-08');
    expect(t.points.map((p) => p.year)).toEqual([2020, 2021, 2022, 2023, 2024, 2025]);
    expect(t.points[0]).toMatchObject({ actual: 0.96, source: 'plan' });
    const league = await leagueTable(database.db, catalogue(), '100000', 2020);
    const imr = league.find((r) => r.indicator === 'IMR');
    expect(imr?.entries.map((e) => e.plan).sort()).toEqual([
      'futian-2021',
      'fuzhou-2021',
      'guangming-2021',
      'longgang-2026',
      'xiangqiao-2021',
    ]);
    // Lowest infant mortality first; plans without a 2020 value last.
    expect(imr?.entries[0]?.actual).toBe(0.35);
  });

  it('lists the rules Fuzhou sets for each of its districts and counties', async () => {
    const { cascadeRules } = await import('./cascade');
    const rules = await cascadeRules(database.db, '100000', 'fuzhou-2021');
    const group = rules.find((r) => r.per === '市辖区');
    expect(group?.target).toBe('至少建成1个');
    expect(group?.units.map((u) => u.code)).toEqual([
      '350102',
      '350103',
      '350104',
      '350105',
      '350111',
      '350112',
    ]);
    expect(rules.find((r) => r.per === '县（市）区')?.units).toHaveLength(13);
  });
});
