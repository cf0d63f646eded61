import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanDetail, PlanSummary } from '@weijian/core';
import { bootstrap } from '../../bootstrap';
import type { Database } from '../../db/connection';
import { createTestApp, signIn } from '../../test/app';
import { ENGINES, createTestDatabase } from '../../test/db';
import { SYSTEM_ACTOR } from '../audit';
import { savePlan } from './service';

describe.each(ENGINES)('plans on %s', (engine) => {
  let database: Database;
  let app: FastifyInstance;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
    await bootstrap(database.db);
    app = (await createTestApp(database.db)).app;
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('loads the seven plans, and a second load changes nothing', async () => {
    const before = await database.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
      .executeTakeFirstOrThrow();
    const report = await bootstrap(database.db);
    expect(report).toMatchObject({ migrations: [], orgUnits: 0, catalogueChanges: 0, plansChanged: [] });
    const after = await database.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    const versions = await database.db.selectFrom('plans').select(['id', 'version']).execute();
    expect(versions).toHaveLength(7);
    expect(versions.every((v) => v.version === 1)).toBe(true);
  });

  it('lists plans within the user scope only', async () => {
    const ids = async (orgUnit: string): Promise<string[]> => {
      const { cookie } = await signIn(database.db, app, 'viewer', orgUnit);
      const res = await app.inject({ url: '/api/plans', headers: { cookie } });
      return (res.json() as PlanSummary[]).map((p) => p.id).sort();
    };
    expect(await ids('100000')).toHaveLength(7);
    expect(await ids('440300')).toEqual(['futian-2016', 'futian-2021', 'guangming-2021', 'longgang-2026']);
    expect(await ids('440304')).toEqual(['futian-2016', 'futian-2021']);
    expect(await ids('350100')).toEqual(['fuzhou-2021']);
  });

  it('counts rows, binding rows and projects in the list', async () => {
    const { cookie } = await signIn(database.db, app, 'viewer', '350100');
    const [fuzhou] = (await app.inject({ url: '/api/plans', headers: { cookie } })).json() as PlanSummary[];
    expect(fuzhou).toMatchObject({
      id: 'fuzhou-2021',
      tableRowCount: 21,
      bindingRowCount: 6,
      region: { code: '350100', name: '福州市' },
      period: [2021, 2025],
    });
    expect(fuzhou?.projectCount).toBe(36);
  });

  it('shows a plan with raw and typed targets, catalogue links, baselines and projects', async () => {
    const { cookie } = await signIn(database.db, app, 'viewer', '445102');
    const plan = (
      await app.inject({ url: '/api/plans/xiangqiao-2021', headers: { cookie } })
    ).json() as PlanDetail;
    const row = plan.rows.find((r) => r.name === '每千人口拥有公共卫生人员数');
    expect(row).toMatchObject({
      indicator: 'PH_STAFF_PER_1000',
      indicatorName: { zh: '每千人口公共卫生人员数' },
      baseline: { year: 2020, raw: '0.34', source: 'table' },
      targets: [
        {
          raw: '增长 30%',
          parsed: { kind: 'change', direction: 'increase', amount: 30, mode: 'percent' },
          formatted: { zh: '增长30%' },
        },
      ],
    });
    expect(plan.projects.length).toBe(56);
  });

  it('serves the plan’s own words with the transcriber’s readings, derived numbers and remarks beside them', async () => {
    const { cookie } = await signIn(database.db, app, 'viewer', '100000');
    const show = async (id: string): Promise<PlanDetail> =>
      (await app.inject({ url: `/api/plans/${id}`, headers: { cookie } })).json() as PlanDetail;
    const longgang = await show('longgang-2026');
    const target = (key: string) => longgang.rows.find((r) => r.key === key)?.targets[0];
    expect(target('X-44')).toMatchObject({
      raw: '五级乙等',
      reading: expect.stringContaining('3家公立医院') as string,
      parsed: { kind: 'level', level: '五级乙等' },
    });
    expect(target('X-03')).toMatchObject({ raw: '2.3万张', derived: { value: 23000, unit: '张' } });
    expect(longgang.rows.find((r) => r.key === 'T1-01')?.footnote).toContain('同步更新');

    const fuzhou = await show('fuzhou-2021');
    expect(fuzhou.rows.find((r) => r.key === 'T1-05')?.statedChange).toEqual({
      raw: '〔0.88〕',
      value: 0.88,
      kind: 'cumulative',
    });
    expect(fuzhou.rows.find((r) => r.key === 'X-36')?.targets[0]).toMatchObject({
      level: 'city',
      raw: '至少建成1个',
      per: '市辖区',
    });
    expect(fuzhou.projects.find((p) => p.key === 'P-13')).toMatchObject({
      status: 'started',
      remark: '不含土地',
      footnote: '备注：启动项目、谋划项目具体实施时间根据市政府实际安排为准。',
    });

    const review = await show('futian-2016');
    const assembled = review.rows.find((r) => r.key === 'T1-10');
    expect(assembled?.quoteAssembled).toBe(true);
    expect(review.rows.find((r) => r.key === 'T1-18')?.targets[0]).toMatchObject({
      raw: '2400—3000',
      cellSplit: true,
    });
    expect(review.rows.find((r) => r.key === 'T1-01')?.quoteAssembled).toBeUndefined();
  });

  it('answers 404 for a plan outside the scope, as for a missing one', async () => {
    const { cookie } = await signIn(database.db, app, 'viewer', '440304');
    const outside = await app.inject({ url: '/api/plans/fuzhou-2021', headers: { cookie } });
    const missing = await app.inject({ url: '/api/plans/nowhere-2021', headers: { cookie } });
    expect(outside.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(outside.json()).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('parses targets and serves the catalogue and OpenAPI', async () => {
    const { cookie } = await signIn(database.db, app, 'viewer', '440304');
    const parsed = await app.inject({
      url: `/api/targets/parse?text=${encodeURIComponent('比2015年降低5%')}`,
      headers: { cookie },
    });
    expect(parsed.json()).toMatchObject({
      target: { kind: 'change', from: { type: 'year', year: 2015 } },
      formatted: { en: 'decrease of at least 5% from the 2015 value' },
    });
    const cat = (await app.inject({ url: '/api/catalogue', headers: { cookie } })).json() as {
      indicators: unknown[];
    };
    expect(cat.indicators.length).toBeGreaterThan(50);
    expect((await app.inject('/api/docs/json')).statusCode).toBe(401);
    const docs = await app.inject({ url: '/api/docs/json', headers: { cookie } });
    expect(docs.statusCode).toBe(200);
    expect(Object.keys((docs.json() as { paths: object }).paths)).toContain('/api/plans/{id}');
  });

  it('names the table, row and column when a stored target, row or version is malformed', async () => {
    await savePlan(database.db, SYSTEM_ACTOR, {
      id: 'broken-2021',
      title: '测试规划',
      region: '440304',
      period: [2021, 2025],
      baseYear: 2020,
      kind: 'plan',
      scheduleMethod: 'linear',
      source: {},
      rows: [
        {
          key: 'R1',
          origin: 'import',
          name: '人均期望寿命',
          indicator: 'LIFE_EXPECTANCY',
          attribute: 'expected',
          baseline: { year: 2020, raw: '83.5', source: 'import' },
          targets: [{ year: 2025, level: 'district', raw: '≥84.5' }],
          quote: '人均期望寿命 ≥84.5',
        },
      ],
      projects: [],
    });
    const { cookie } = await signIn(database.db, app, 'viewer', '440304');
    const expectNamed = async (url: string, table: string, row: string, column: string) => {
      const res = await app.inject({ url, headers: { cookie } });
      expect(res.statusCode, res.body).toBe(500);
      const body = res.json<{ code: string; message: { zh: string; en: string } }>();
      expect(body.code).toBe('INTERNAL');
      expect(body.message.en).toBe(
        `Invalid value stored in the database: table ${table}, row ${row}, column ${column}`
      );
      expect(body.message.zh).toContain(`表 ${table}，行 ${row}，列 ${column}`);
    };
    const target = database.db.updateTable('plan_targets').where('plan_id', '=', 'broken-2021');
    const good = await database.db
      .selectFrom('plan_targets')
      .select('parsed')
      .where('plan_id', '=', 'broken-2021')
      .executeTakeFirstOrThrow();
    // A typed target whose comparison lost its number.
    await target
      .set({ parsed: JSON.stringify({ kind: 'comparison', raw: '≥84.5', op: 'ge', warnings: [] }) })
      .execute();
    await expectNamed('/api/plans/broken-2021', 'plan_targets', 'broken-2021/R1/0', 'parsed');
    await target.set({ parsed: JSON.stringify(good.parsed) }).execute();

    const rows = database.db.updateTable('plan_rows').where('plan_id', '=', 'broken-2021');
    await rows.set({ baseline: JSON.stringify({ year: 'last year', raw: '83.5' }) }).execute();
    await expectNamed('/api/plans/broken-2021', 'plan_rows', 'broken-2021/R1', 'baseline');
    await rows.set({ baseline: JSON.stringify({ year: 2020, raw: '83.5', source: 'import' }) }).execute();
    expect((await app.inject({ url: '/api/plans/broken-2021', headers: { cookie } })).statusCode).toBe(200);

    await database.db
      .updateTable('plan_versions')
      .set({ content: JSON.stringify({ id: 'broken-2021', rows: 'none' }) })
      .where('plan_id', '=', 'broken-2021')
      .execute();
    await expectNamed(
      '/api/plans/broken-2021/evaluation?year=2021',
      'plan_versions',
      'broken-2021/1',
      'content'
    );
  });
});
