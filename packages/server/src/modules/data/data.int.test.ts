import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrap } from '../../bootstrap';
import type { Database } from '../../db/connection';
import { createTestApp, signIn } from '../../test/app';
import { ENGINES, createTestDatabase } from '../../test/db';
import { createDistrict, type DistrictFixture } from '../../test/fixtures';
import { SYSTEM_ACTOR } from '../audit';
import { moveOrgUnit } from '../orgunits';
import { applyDeltas, rollupBelow } from './service';
import type { AnalyticsResponse, Explanation, ValueHistoryEntry, WriteResult } from '@weijian/core';

type Dv = { dataElement: string; orgUnit: string; period: string; value: string | number | null };

describe.each(ENGINES)('data values and indicators on %s', (engine) => {
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

  const save = (cookie: string, dataValues: Dv[], query = '') =>
    app.inject({
      method: 'POST',
      url: `/api/dataValues${query}`,
      headers: { cookie },
      payload: { dataValues },
    });
  const analytics = async (cookie: string, q: string) =>
    (await app.inject({ url: `/api/analytics?${q}`, headers: { cookie } })).json() as AnalyticsResponse;
  const value = (r: AnalyticsResponse, dx: string, ou: string, pe: string) =>
    r.rows.find((x) => x.dx === dx && x.ou === ou && x.pe === pe)?.value ?? null;

  async function setup(): Promise<{ f: DistrictFixture; clerk: string; statistician: string }> {
    const f = await createDistrict(database.db);
    const clerk = (await signIn(database.db, app, 'clerk', f.facilities.chc)).cookie;
    const statistician = (await signIn(database.db, app, 'admin', f.district)).cookie;
    return { f, clerk, statistician };
  }

  it('lets a clerk fill a monthly form and the district indicator changes at once, from pooled counts', async () => {
    const { f, clerk, statistician } = await setup();
    const res = await save(clerk, [
      { dataElement: 'LIVE_BIRTHS', orgUnit: f.facilities.chc, period: '202403', value: 100 },
      { dataElement: 'INFANT_DEATHS', orgUnit: f.facilities.chc, period: '202403', value: 1 },
    ]);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ created: 2, updated: 0 });
    await save(statistician, [
      { dataElement: 'LIVE_BIRTHS', orgUnit: f.facilities.hosp, period: '202403', value: 900 },
      { dataElement: 'INFANT_DEATHS', orgUnit: f.facilities.hosp, period: '202404', value: 1 },
    ]);
    const r = await analytics(
      statistician,
      `dx=IMR;LIVE_BIRTHS&pe=2024;202403&ou=${f.district};CHILDREN:${f.district}&includeNumDen=true`
    );
    // Pooled: (1 + 1) / (100 + 900) × 1000 = 2‰, not the mean of the two facility rates.
    expect(r.rows.find((x) => x.dx === 'IMR' && x.ou === f.district && x.pe === '2024')).toMatchObject({
      value: 2,
      numerator: 2,
      denominator: 1000,
      factor: 1000,
    });
    expect(value(r, 'IMR', f.district, '202403')).toBe(1);
    expect(value(r, 'LIVE_BIRTHS', f.streets[0], '2024')).toBe(1000);
    expect(value(r, 'LIVE_BIRTHS', f.streets[1], '2024')).toBeNull();
    await save(clerk, [
      { dataElement: 'INFANT_DEATHS', orgUnit: f.facilities.chc, period: '202403', value: 3 },
    ]);
    expect(
      value(await analytics(statistician, `dx=IMR&pe=2024&ou=${f.district}`), 'IMR', f.district, '2024')
    ).toBe(4);
  });

  it('explains a figure down to its inputs, units and sources', async () => {
    const { f, statistician } = await setup();
    await save(
      statistician,
      [
        { dataElement: 'BEDS', orgUnit: f.facilities.hosp, period: '2024', value: 800 },
        { dataElement: 'BEDS', orgUnit: f.facilities.chc, period: '2024', value: 40 },
        { dataElement: 'POP_RESIDENT', orgUnit: f.district, period: '2024', value: 200_000 },
        { dataElement: 'POP_RESIDENT', orgUnit: f.streets[0], period: '2024', value: 90_000 },
      ],
      '?source=statistics-bureau'
    );
    const e = (
      await app.inject({
        url: `/api/analytics/explain?dx=BEDS_PER_1000&pe=2024&ou=${f.district}`,
        headers: { cookie: statistician },
      })
    ).json() as Explanation;
    expect(e).toMatchObject({ value: 4.2, numerator: 840, denominator: 200_000, formula: { factor: 1000 } });
    const beds = e.elements.find((x) => x.code === 'BEDS');
    expect(beds).toMatchObject({ rule: 'children', valueCount: 2, aggregationType: 'LAST' });
    expect(beds?.contributors.map((c) => [c.code, c.value])).toEqual([[f.streets[0], 840]]);
    // The district's own population (statistics bureau) wins over the sum of its streets.
    expect(e.elements.find((x) => x.code === 'POP_RESIDENT')).toMatchObject({
      rule: 'own',
      value: 200_000,
      sources: [{ source: 'statistics-bureau', count: 2 }],
    });
  });

  it('refuses bad values with row and field, in both languages, and writes nothing', async () => {
    const { f, clerk } = await setup();
    const before = await database.db
      .selectFrom('data_values')
      .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
      .executeTakeFirstOrThrow();
    const res = await save(clerk, [
      { dataElement: 'LIVE_BIRTHS', orgUnit: f.facilities.chc, period: '202401', value: 10 },
      { dataElement: 'NO_SUCH_ELEMENT', orgUnit: f.facilities.chc, period: '202401', value: 1 },
      { dataElement: 'LIVE_BIRTHS', orgUnit: f.facilities.chc, period: '2024', value: 1 },
      { dataElement: 'INFANT_DEATHS', orgUnit: f.facilities.chc, period: '202401', value: 'twelve' },
      { dataElement: 'INFANT_DEATHS', orgUnit: f.facilities.hosp, period: '202401', value: 1 },
      { dataElement: 'INFANT_DEATHS', orgUnit: 'NOWHERE', period: '202401', value: 1 },
      { dataElement: 'U5_DEATHS', orgUnit: f.facilities.chc, period: '202401', value: 1.5 },
    ]);
    expect(res.statusCode).toBe(422);
    const body = res.json() as {
      message: { zh: string; en: string };
      issues: { row: number; field: string; message: { zh: string; en: string } }[];
    };
    expect(body.message.en).toMatch(/nothing was written/);
    expect(body.issues.map((i) => [i.row, i.field])).toEqual([
      [2, 'dataElement'],
      [3, 'period'],
      [4, 'value'],
      [5, 'orgUnit'],
      [6, 'orgUnit'],
      [7, 'value'],
    ]);
    expect(body.issues[3]?.message.zh).toContain('不在您的管理范围内');
    // The row number is the issue's own field, shown once; the message names the column as the
    // template does, in each language.
    expect(body.issues[2]?.message).toEqual({
      zh: '数值：“twelve”不是数字',
      en: 'value: "twelve" is not a number',
    });
    for (const i of body.issues) {
      expect(i.message.zh).not.toMatch(/第\s*\d+\s*行/);
      expect(i.message.en).not.toMatch(/row \d/i);
    }
    const after = await database.db
      .selectFrom('data_values')
      .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('keeps an audit trail of every change and treats the same value again as no change', async () => {
    const { f, clerk } = await setup();
    const dv = { dataElement: 'VISITS_TOTAL', orgUnit: f.facilities.chc, period: '202405', value: 1200 };
    await save(clerk, [dv]);
    expect((await save(clerk, [dv])).json()).toMatchObject({ unchanged: 1, created: 0, updated: 0 });
    await save(clerk, [{ ...dv, value: 1250 }]);
    await save(clerk, [{ ...dv, value: null }]);
    const history = (
      await app.inject({
        url: `/api/dataValues/history?de=VISITS_TOTAL&ou=${f.facilities.chc}&pe=202405`,
        headers: { cookie: clerk },
      })
    ).json() as ValueHistoryEntry[];
    expect(history.map((h) => [h.action, h.oldValue, h.newValue])).toEqual([
      ['delete', 1250, null],
      ['update', 1200, 1250],
      ['create', null, 1200],
    ]);
  });

  it('locks approved data and audits unlocking', async () => {
    const { f, clerk, statistician } = await setup();
    await save(clerk, [
      { dataElement: 'LIVE_BIRTHS', orgUnit: f.facilities.chc, period: '202406', value: 30 },
    ]);
    const key = { dataSet: 'MCH_MONTHLY', orgUnit: f.district, period: '202406' };
    expect(
      (await app.inject({ method: 'POST', url: '/api/approvals', headers: { cookie: clerk }, payload: key }))
        .statusCode
    ).toBe(403);
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/approvals',
          headers: { cookie: statistician },
          payload: key,
        })
      ).statusCode
    ).toBe(200);
    const locked = await save(clerk, [
      { dataElement: 'LIVE_BIRTHS', orgUnit: f.facilities.chc, period: '202406', value: 31 },
    ]);
    expect(locked.statusCode).toBe(422);
    expect(locked.json()).toMatchObject({ issues: [{ row: 1, field: 'period' }] });
    const noReason = await app.inject({
      method: 'POST',
      url: '/api/approvals/unlock',
      headers: { cookie: statistician },
      payload: { ...key, reason: '' },
    });
    expect(noReason.statusCode).toBe(422);
    await app.inject({
      method: 'POST',
      url: '/api/approvals/unlock',
      headers: { cookie: statistician },
      payload: { ...key, reason: '社康中心更正活产数' },
    });
    expect(
      (
        await save(clerk, [
          { dataElement: 'LIVE_BIRTHS', orgUnit: f.facilities.chc, period: '202406', value: 31 },
        ])
      ).statusCode
    ).toBe(200);
    const audit = await database.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('entity', '=', 'approval')
      .where('entity_id', '=', `MCH_MONTHLY/${f.district}/202406`)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['approve', 'unlock']);
    expect(audit[1]?.details).toMatchObject({ reason: '社康中心更正活产数' });
  });

  it('runs validation rules on entry and on demand', async () => {
    const { f, clerk, statistician } = await setup();
    const res = (
      await save(clerk, [
        { dataElement: 'INFANT_DEATHS', orgUnit: f.facilities.chc, period: '202407', value: 2 },
        { dataElement: 'U5_DEATHS', orgUnit: f.facilities.chc, period: '202407', value: 1 },
      ])
    ).json() as WriteResult;
    expect(res.ruleFailures.map((r) => r.rule).sort()).toEqual([
      'BIRTHS_WHERE_INFANT_DEATHS',
      'U5_GE_INFANT',
    ]);
    const onDemand = (
      await app.inject({ url: `/api/validation?ou=${f.district}&pe=2024`, headers: { cookie: statistician } })
    ).json() as { rule: string; orgUnit: string }[];
    expect(
      onDemand
        .filter((r) => r.orgUnit === f.facilities.chc)
        .map((r) => r.rule)
        .sort()
    ).toEqual(['BIRTHS_WHERE_INFANT_DEATHS', 'U5_GE_INFANT']);
  });

  it('aggregates past data along the hierarchy as it was that year', async () => {
    const { f, statistician } = await setup();
    const other = await createDistrict(database.db);
    await save(statistician, [
      { dataElement: 'LIVE_BIRTHS', orgUnit: f.facilities.station, period: '202306', value: 50 },
      { dataElement: 'LIVE_BIRTHS', orgUnit: f.facilities.station, period: '202406', value: 60 },
    ]);
    // Street 2 moves to the other district from 2024: 2023 stays with the old district.
    await moveOrgUnit(
      database.db,
      SYSTEM_ACTOR,
      f.streets[1],
      other.district,
      '2024-01-01',
      '2026-06-01',
      rollupBelow
    );
    const admin = (await signIn(database.db, app, 'admin', '440300')).cookie;
    const r = await analytics(admin, `dx=LIVE_BIRTHS&pe=2023;2024&ou=${f.district};${other.district}`);
    expect([
      value(r, 'LIVE_BIRTHS', f.district, '2023'),
      value(r, 'LIVE_BIRTHS', other.district, '2023'),
    ]).toEqual([50, null]);
    expect([
      value(r, 'LIVE_BIRTHS', f.district, '2024'),
      value(r, 'LIVE_BIRTHS', other.district, '2024'),
    ]).toEqual([null, 60]);
  });

  it('imports a CSV with a dry run first, then for real, and the same file again changes nothing', async () => {
    const { f, statistician } = await setup();
    const csv = [
      '数据元编码,机构编码,期间,数值,备注',
      `LIVE_BIRTHS,${f.facilities.chc},202408,40,`,
      `LIVE_BIRTHS,${f.facilities.hosp},202408,360,`,
      `INFANT_DEATHS,${f.facilities.hosp},202408,1,复核`,
    ].join('\n');
    const upload = (query: string, body = csv) => {
      const boundary = '----wj';
      const payload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="values.csv"\r\nContent-Type: text/csv\r\n\r\n${body}\r\n--${boundary}--\r\n`;
      return app.inject({
        method: 'POST',
        url: `/api/dataValues/import${query}`,
        headers: { cookie: statistician, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload,
      });
    };
    const dry = (await upload('?dryRun=true')).json() as WriteResult;
    expect(dry).toMatchObject({ dryRun: true, created: 3 });
    expect(dry.changes.map((c) => [c.row, c.action])).toEqual([
      [2, 'create'],
      [3, 'create'],
      [4, 'create'],
    ]);
    expect(
      value(
        await analytics(statistician, `dx=LIVE_BIRTHS&pe=202408&ou=${f.district}`),
        'LIVE_BIRTHS',
        f.district,
        '202408'
      )
    ).toBeNull();
    expect((await upload('')).json()).toMatchObject({ created: 3 });
    expect((await upload('')).json()).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(
      value(await analytics(statistician, `dx=IMR&pe=202408&ou=${f.district}`), 'IMR', f.district, '202408')
    ).toBe(2.5);
    const bad = await upload(
      '',
      `数据元编码,机构编码,期间,数值\nLIVE_BIRTHS,${f.facilities.chc},202409,abc\nLIVE_BIRTHS,${f.facilities.chc},2024Q3,1`
    );
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({
      issues: [
        { row: 2, field: 'value' },
        { row: 3, field: 'period' },
      ],
    });
  });

  it('imports a large file as a job whose progress counts its rows, and a refused file fails the job whole', async () => {
    const { f, statistician } = await setup();
    // 24 months × 2 facilities = 48 data rows after the header.
    const rows: string[] = [];
    for (let m = 1; m <= 24; m++) {
      const pe = `${2022 + Math.floor((m - 1) / 12)}${String(((m - 1) % 12) + 1).padStart(2, '0')}`;
      rows.push(
        `LIVE_BIRTHS,${f.facilities.chc},${pe},${m}`,
        `LIVE_BIRTHS,${f.facilities.hosp},${pe},${m * 10}`
      );
    }
    const upload = (body: string) => {
      const boundary = '----wj';
      const payload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\nContent-Type: text/csv\r\n\r\n${body}\r\n--${boundary}--\r\n`;
      return app.inject({
        method: 'POST',
        url: '/api/dataValues/import?async=true',
        headers: { cookie: statistician, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload,
      });
    };
    const follow = async (jobId: number) => {
      for (;;) {
        const job = (
          await app.inject({ url: `/api/jobs/${jobId}`, headers: { cookie: statistician } })
        ).json() as {
          status: string;
          done: number;
          total: number | null;
          result: Record<string, unknown> | null;
          error: { code: string; issues?: { row?: number; field?: string }[] } | null;
        };
        if (job.status !== 'running') return job;
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const started = await upload(['数据元编码,机构编码,期间,数值', ...rows].join('\n'));
    expect(started.statusCode).toBe(202);
    expect(started.json()).toMatchObject({ rows: 48 });
    const done = await follow((started.json() as { jobId: number }).jobId);
    expect(done).toMatchObject({ status: 'succeeded', done: 48, total: 48, result: { created: 48 } });
    // Months 1–12 of 2022 at both: Σ m + Σ 10m = 78 + 780.
    const r = await analytics(statistician, `dx=LIVE_BIRTHS&pe=2022&ou=${f.district}`);
    expect(value(r, 'LIVE_BIRTHS', f.district, '2022')).toBe(858);

    const bad = await upload(
      [
        '数据元编码,机构编码,期间,数值',
        `LIVE_BIRTHS,${f.facilities.chc},202301,7`,
        `LIVE_BIRTHS,${f.facilities.chc},202302,x`,
      ].join('\n')
    );
    const failed = await follow((bad.json() as { jobId: number }).jobId);
    expect(failed.status).toBe('failed');
    expect(failed.error?.code).toBe('VALIDATION_FAILED');
    expect(failed.error?.issues).toMatchObject([{ row: 3, field: 'value' }]);
    // Nothing of the refused file was written: January 2023 keeps its first value.
    const jan = await analytics(statistician, `dx=LIVE_BIRTHS&pe=202301&ou=${f.facilities.chc}`);
    expect(value(jan, 'LIVE_BIRTHS', f.facilities.chc, '202301')).toBe(13);
  });

  it('accepts DHIS2 dataValueSets and serves an XLSX template with Chinese headers', async () => {
    const { f, statistician } = await setup();
    const res = await app.inject({
      method: 'POST',
      url: '/api/dataValueSets',
      headers: { cookie: statistician },
      payload: {
        period: '2024',
        orgUnit: f.facilities.hosp,
        dataValues: [
          { dataElement: 'BEDS', value: '500' },
          { dataElement: 'NURSES', value: '610' },
        ],
      },
    });
    expect(res.json()).toMatchObject({ created: 2 });
    const tpl = await app.inject({
      url: `/api/dataSets/RESOURCES_YEARLY/template.xlsx?ou=${f.district}&pe=2024`,
      headers: { cookie: statistician },
    });
    expect(tpl.statusCode).toBe(200);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(tpl.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws?.getRow(1).values).toContain('数据元编码');
    expect(ws?.rowCount).toBe(1 + 3 * 11);
  });

  it('flags a value far from the unit’s own history for review', async () => {
    const { f, statistician } = await setup();
    const history = [310, 295, 305, 300, 290, 315, 298, 302, 307, 296, 301, 299];
    await save(
      statistician,
      history.map((v, i) => ({
        dataElement: 'VISITS_TOTAL',
        orgUnit: f.facilities.chc,
        period: `2023${String(i + 1).padStart(2, '0')}`,
        value: v,
      }))
    );
    await save(statistician, [
      { dataElement: 'VISITS_TOTAL', orgUnit: f.facilities.chc, period: '202401', value: 303 },
      { dataElement: 'VISITS_TOTAL', orgUnit: f.facilities.chc, period: '202402', value: 3030 },
    ]);
    const flags = (
      await app.inject({ url: `/api/outliers?ou=${f.district}&pe=2024Q1`, headers: { cookie: statistician } })
    ).json() as { period: string; value: number }[];
    expect(flags.map((x) => [x.period, x.value])).toEqual([['202402', 3030]]);
  });

  it('sums disaggregated values into the total and refuses undeclared categories', async () => {
    const { f, statistician } = await setup();
    const res = await app.inject({
      method: 'POST',
      url: '/api/dataValues',
      headers: { cookie: statistician },
      payload: {
        dataValues: [
          {
            dataElement: 'LIVE_BIRTHS',
            orgUnit: f.facilities.hosp,
            period: '202410',
            categoryOptionCombo: 'sex=M',
            value: 52,
          },
          {
            dataElement: 'LIVE_BIRTHS',
            orgUnit: f.facilities.hosp,
            period: '202410',
            categoryOptionCombo: 'sex=F',
            value: 48,
          },
        ],
      },
    });
    expect(res.json()).toMatchObject({ created: 2 });
    expect(
      value(
        await analytics(statistician, `dx=LIVE_BIRTHS&pe=202410&ou=${f.district}`),
        'LIVE_BIRTHS',
        f.district,
        '202410'
      )
    ).toBe(100);
    const bad = await app.inject({
      method: 'POST',
      url: '/api/dataValues',
      headers: { cookie: statistician },
      payload: {
        dataValues: [
          {
            dataElement: 'LIVE_BIRTHS',
            orgUnit: f.facilities.hosp,
            period: '202410',
            categoryOptionCombo: 'age=0-4',
            value: 1,
          },
          {
            dataElement: 'VISITS_TOTAL',
            orgUnit: f.facilities.hosp,
            period: '202410',
            categoryOptionCombo: 'sex=X',
            value: 1,
          },
        ],
      },
    });
    expect(bad.json()).toMatchObject({
      issues: [
        { row: 1, field: 'disagg' },
        { row: 2, field: 'disagg' },
      ],
    });
  });

  it('refuses a file that is not a spreadsheet', async () => {
    const { statistician } = await setup();
    const boundary = '----wj';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="scan.png"\r\nContent-Type: image/png\r\n\r\n`
    );
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    const payload = Buffer.concat([head, png, Buffer.from(`\r\n--${boundary}--\r\n`)]);
    const res = await app.inject({
      method: 'POST',
      url: '/api/dataValues/import',
      headers: { cookie: statistician, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    });
    expect(res.statusCode).toBe(415);
  });

  it('keeps counts from records: deltas land in the value, its audit and every ancestor, never below zero', async () => {
    const { f, statistician } = await setup();
    const at = new Date('2026-06-01T08:00:00Z');
    const who = { actor: 'programmes', at };
    const delta = (element: string, orgUnit: string, d: number) => ({
      element,
      orgUnit,
      period: '2024',
      delta: d,
      synthetic: false,
    });
    // Two patients enter the managed count at the centre, one of them managed to standard.
    await database.db.transaction().execute(async (tx) => {
      await applyDeltas(tx, who, [
        delta('HTN_MANAGED', f.facilities.chc, 1),
        delta('HTN_MANAGED', f.facilities.chc, 1),
        delta('HTN_STD_MANAGED', f.facilities.chc, 1),
        delta('HTN_MANAGED', f.facilities.station, 1),
      ]);
    });
    let r = await analytics(statistician, `dx=HTN_STD_MANAGEMENT;HTN_MANAGED&pe=2024&ou=${f.district}`);
    // By hand: 1 standard-managed of 3 managed = 33.33 %.
    expect(value(r, 'HTN_MANAGED', f.district, '2024')).toBe(3);
    expect(value(r, 'HTN_STD_MANAGEMENT', f.district, '2024')).toBeCloseTo(33.33, 2);
    // The station's patient leaves: an explicit 0 stays, and the district follows.
    await database.db.transaction().execute(async (tx) => {
      await applyDeltas(tx, who, [delta('HTN_MANAGED', f.facilities.station, -1)]);
    });
    r = await analytics(statistician, `dx=HTN_MANAGED&pe=2024&ou=${f.district};${f.facilities.station}`);
    expect(value(r, 'HTN_MANAGED', f.district, '2024')).toBe(2);
    expect(value(r, 'HTN_MANAGED', f.facilities.station, '2024')).toBe(0);
    const trail = await database.db
      .selectFrom('data_value_audit')
      .select(['old_value', 'new_value', 'actor'])
      .where('element', '=', 'HTN_MANAGED')
      .where('org_unit', '=', f.facilities.station)
      .orderBy('id')
      .execute();
    expect(trail.map((t) => [t.old_value, t.new_value, t.actor])).toEqual([
      [null, 1, 'programmes'],
      [1, 0, 'programmes'],
    ]);
    await expect(
      database.db
        .transaction()
        .execute((tx) => applyDeltas(tx, who, [delta('HTN_MANAGED', f.facilities.station, -1)]))
    ).rejects.toThrow(/below zero/);
  });
});
