import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrap } from '../../bootstrap';
import type { Database } from '../../db/connection';
import { createTestApp, signIn } from '../../test/app';
import { ENGINES, createTestDatabase } from '../../test/db';
import { SYSTEM_ACTOR } from '../audit';
import { addOrgUnits } from '../orgunits';
import type { BedForecast, ProjectView, RowResult } from '@weijian/core';

describe.each(ENGINES)('tasks and key projects on %s', (engine) => {
  let database: Database;
  let app: FastifyInstance;
  let planner: string;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
    await bootstrap(database.db);
    app = (await createTestApp(database.db)).app;
    planner = (await signIn(database.db, app, 'planner', '440304')).cookie;
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('shows the department responsible for an indicator in the evaluation', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/plans/futian-2021/tasks',
      headers: { cookie: planner },
      payload: {
        rowKey: 'T2-11',
        title: '全科医生培养与引进',
        department: '区卫生健康局科教科',
        dueYear: 2025,
        status: 'in_progress',
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const e = (
      await app.inject({ url: '/api/plans/futian-2021/evaluation?year=2023', headers: { cookie: planner } })
    ).json() as { rows: RowResult[] };
    expect(e.rows.find((r) => r.key === 'T2-11')?.owners).toEqual(['区卫生健康局科教科']);
    const bad = await app.inject({
      method: 'POST',
      url: '/api/plans/futian-2021/tasks',
      headers: { cookie: planner },
      payload: { rowKey: 'NOPE', title: 'x', department: 'y', dueYear: 2025 },
    });
    expect(bad.json()).toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ field: 'rowKey' }] });
  });

  it('records project progress with milestones and forecasts beds per 1,000 for the target year', async () => {
    await addOrgUnits(database.db, SYSTEM_ACTOR, [
      { code: '440304991', name: '测试街道', level: 'street', parentCode: '440304' },
      {
        code: '440304991F1',
        name: '测试医院',
        level: 'facility',
        parentCode: '440304991',
        facilityType: '综合医院',
      },
    ]);
    const admin = (await signIn(database.db, app, 'admin', '440304')).cookie;
    await app.inject({
      method: 'POST',
      url: '/api/dataValues?source=statistics-bureau',
      headers: { cookie: admin },
      payload: {
        dataValues: [
          { dataElement: 'BEDS', orgUnit: '440304991F1', period: '2023', value: 9000 },
          { dataElement: 'POP_RESIDENT', orgUnit: '440304', period: '2023', value: 1_600_000 },
        ],
      },
    });
    const put = await app.inject({
      method: 'PUT',
      url: '/api/plans/futian-2021/projects/P-01',
      headers: { cookie: planner },
      payload: {
        status: 'started',
        bedsDelivered: 600,
        actualInvestmentYi: 3.2,
        milestones: [
          { phase: 'before', name: '立项批复', date: '2022-03-01', done: true },
          { phase: 'during', name: '主体封顶', date: '2024-06-30', done: false },
        ],
      },
    });
    expect(put.statusCode, put.body).toBe(200);
    const view = (
      await app.inject({ url: '/api/plans/futian-2021/projects', headers: { cookie: planner } })
    ).json() as { projects: ProjectView[]; bedForecast: BedForecast | null };
    const p1 = view.projects.find((p) => p.key === 'P-01');
    expect(p1).toMatchObject({
      status: 'started',
      beds: 1600,
      progress: {
        bedsDelivered: 600,
        milestones: [
          { phase: 'before', done: true },
          { phase: 'during', done: false },
        ],
      },
    });
    const f = view.bedForecast;
    // Made from 2023, the latest year with both beds and population.
    expect(f).toMatchObject({
      targetRaw: '≥8.5',
      targetYear: 2025,
      year: 2023,
      bedsNow: 9000,
      populationNow: 1_600_000,
      synthetic: false,
    });
    // 9,000 beds now + beds still to come from unfinished projects, over the population grown 1.2 % a year.
    expect(f?.bedsPipeline).toBeGreaterThanOrEqual(1000);
    expect(f?.forecast).toBeCloseTo(((9000 + (f?.bedsPipeline ?? 0)) / (1_600_000 * 1.012 ** 2)) * 1000, 1);
    // The scorecard of any year shows that same one forecast, on the beds row only.
    for (const year of [2021, 2024]) {
      const e = (
        await app.inject({
          url: `/api/plans/futian-2021/evaluation?year=${year}`,
          headers: { cookie: planner },
        })
      ).json<{ rows: { key: string; forecast?: unknown }[] }>();
      const withForecast = e.rows.filter((r) => r.forecast);
      expect(withForecast.map((r) => r.forecast)).toEqual([
        { year: 2025, value: f?.forecast, madeFrom: 2023, synthetic: false },
      ]);
    }
    const audit = await database.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'project')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('names the table, row and column when stored milestones are malformed', async () => {
    const { cookie } = await signIn(database.db, app, 'planner', '440304');
    await database.db
      .insertInto('project_progress')
      .values({
        plan_id: 'futian-2021',
        project_key: 'P-03',
        status: 'started',
        actual_investment_yi: null,
        beds_delivered: null,
        floor_area_delivered: null,
        milestones: JSON.stringify([{ phase: 'soon', name: '开工', date: '2024-02-30', done: 'yes' }]),
        updated_by: 'someone',
        updated_at: new Date('2026-01-01T00:00:00Z'),
      })
      .execute();
    const res = await app.inject({ url: '/api/plans/futian-2021/projects', headers: { cookie } });
    expect(res.statusCode).toBe(500);
    const body = res.json<{ code: string; message: { en: string }; issues: { field: string }[] }>();
    expect(body.code).toBe('INTERNAL');
    expect(body.message.en).toBe(
      'Invalid value stored in the database: table project_progress, row futian-2021/P-03, column milestones'
    );
    expect(body.issues.map((i) => i.field)).toEqual(
      expect.arrayContaining([
        'project_progress.milestones.0.phase',
        'project_progress.milestones.0.date',
        'project_progress.milestones.0.done',
      ])
    );
  });
});
