import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompletenessReport, CompletenessTrendPoint, SubmissionView } from '@weijian/core';
import { buildApp } from '../../app';
import { bootstrap } from '../../bootstrap';
import type { Database } from '../../db/connection';
import { signIn, testCipher } from '../../test/app';
import { ENGINES, createTestDatabase } from '../../test/db';
import { createDistrict, type DistrictFixture } from '../../test/fixtures';
import { catalogue } from '../catalogue';

/**
 * The truth these tests compare with is worked by hand from the calendar: SERVICES_MONTHLY is due
 * 10 days after the month; this test gives it a 3-day late allowance, so April 2026's reports
 * count as on time up to and including 13 May 2026 (China time, UTC+8).
 */
describe.each(ENGINES)('reporting completeness and timeliness on %s', (engine) => {
  let database: Database;
  let app: FastifyInstance;
  const clock = { now: new Date('2026-06-01T08:00:00Z') };
  beforeAll(async () => {
    database = await createTestDatabase(engine);
    await bootstrap(database.db);
    const base = catalogue();
    const cat = {
      ...base,
      dataSets: base.dataSets.map((d) =>
        d.code === 'SERVICES_MONTHLY' ? { ...d, lateAllowanceDays: 3 } : d
      ),
    };
    app = await buildApp({
      db: database.db,
      catalogue: cat,
      now: () => clock.now,
      fieldCipher: testCipher(),
    });
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  const at = (iso: string) => (clock.now = new Date(iso));
  const submit = (cookie: string, orgUnit: string, period: string, dataSet = 'SERVICES_MONTHLY') =>
    app.inject({
      method: 'POST',
      url: '/api/submissions',
      headers: { cookie },
      payload: { dataSet, orgUnit, period },
    });
  const completeness = async (cookie: string, ou: string, pe: string) => {
    const res = await app.inject({
      url: `/api/completeness?dataSet=SERVICES_MONTHLY&ou=${ou}&pe=${pe}`,
      headers: { cookie },
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<CompletenessReport>();
  };

  async function aprilReported(): Promise<{ f: DistrictFixture; clerk: string; admin: string }> {
    const f = await createDistrict(database.db);
    const clerk = (await signIn(database.db, app, 'clerk', f.district)).cookie;
    const admin = (await signIn(database.db, app, 'admin', f.district)).cookie;
    // 12 May 23:00 in China: on time only thanks to the allowance (due day was 10 May).
    at('2026-05-12T15:00:00Z');
    expect((await submit(clerk, f.facilities.chc, '202604')).json()).toMatchObject({ status: 'onTime' });
    // 13 May 16:30 UTC is 14 May 00:30 in China: one day after the deadline.
    at('2026-05-13T16:30:00Z');
    expect((await submit(clerk, f.facilities.hosp, '202604')).json()).toMatchObject({ status: 'late' });
    at('2026-06-01T08:00:00Z');
    return { f, clerk, admin };
  }

  it('counts expected, on-time, late and missing reports and rolls them up the district', async () => {
    const { f, admin } = await aprilReported();
    const r = await completeness(admin, f.district, '202604');
    expect(r.deadline).toBe('2026-05-13');
    expect(r.asOf).toBe('2026-06-01');
    // Three facilities report the services form: 2 received, 1 on time, 1 late, 1 missing.
    expect(r.counts).toEqual({
      expected: 3,
      received: 2,
      onTime: 1,
      late: 1,
      missing: 1,
      pending: 0,
      completenessRate: 66.7,
      timelinessRate: 33.3,
    });
    expect(
      r.children.map((c) => [c.rank, c.orgUnit, c.counts.completenessRate, c.counts.timelinessRate])
    ).toEqual([
      [1, f.streets[0], 100, 50],
      [2, f.streets[1], 0, 0],
    ]);
    // Missing first (19 days since 13 May), then late (1 day), then on time.
    expect(r.reports.map((x) => [x.orgUnit, x.status, x.daysLate])).toEqual([
      [f.facilities.station, 'missing', 19],
      [f.facilities.hosp, 'late', 1],
      [f.facilities.chc, 'onTime', 0],
    ]);
    expect(r.reports[1]?.submittedAt).toBe('2026-05-13T16:30:00.000Z');
    expect(r.synthetic).toBe(false);

    // A street sees its own part only; the city (Shenzhen 440300) counts this district's reports too.
    const street = await completeness(admin, f.streets[1], '202604');
    expect(street.counts).toMatchObject({ expected: 1, missing: 1, completenessRate: 0 });
  });

  it('counts reports not yet due as pending, not missing', async () => {
    const { f, admin } = await aprilReported();
    // May 2026 is due on 13 June: on 1 June nothing is missing yet.
    const r = await completeness(admin, f.district, '202605');
    expect(r.counts).toMatchObject({ expected: 3, received: 0, missing: 0, pending: 3, completenessRate: 0 });
  });

  it('gives the rates of each month of the year that has begun', async () => {
    const { f, admin } = await aprilReported();
    const res = await app.inject({
      url: `/api/completeness/periods?dataSet=SERVICES_MONTHLY&ou=${f.district}&year=2026`,
      headers: { cookie: admin },
    });
    const points = res.json<CompletenessTrendPoint[]>();
    expect(points.map((p) => p.period)).toEqual(['202601', '202602', '202603', '202604', '202605', '202606']);
    expect(points[3]?.counts).toMatchObject({ completenessRate: 66.7, timelinessRate: 33.3 });
    expect(points[0]?.counts).toMatchObject({ expected: 3, missing: 3, completenessRate: 0 });
    expect(points[0]?.deadline).toBe('2026-02-13');
  });

  it('keeps the first submission, refuses what is not a report, and changes nothing when refused', async () => {
    const { f, clerk, admin } = await aprilReported();
    at('2026-06-01T08:00:00Z');
    const again = (await submit(clerk, f.facilities.chc, '202604')).json<SubmissionView>();
    expect(again.submittedAt).toBe('2026-05-12T15:00:00.000Z');

    const future = await submit(clerk, f.facilities.chc, '202607');
    expect(future.statusCode).toBe(422);
    expect(future.json()).toMatchObject({ issues: [{ field: 'period' }] });
    // A community health station does not report the maternal and child health form.
    const notReporter = await submit(clerk, f.facilities.station, '202604', 'MCH_MONTHLY');
    expect(notReporter.statusCode).toBe(422);
    expect(notReporter.json()).toMatchObject({ issues: [{ field: 'orgUnit' }] });
    const wrongPeriod = await submit(clerk, f.facilities.station, '2026Q2');
    expect(wrongPeriod.statusCode).toBe(422);
    const unknown = await submit(clerk, f.facilities.station, '202604', 'NO_SUCH_SET');
    expect(unknown.statusCode).toBe(404);

    const other = await createDistrict(database.db);
    const outsider = (await signIn(database.db, app, 'clerk', other.district)).cookie;
    expect((await submit(outsider, f.facilities.station, '202604')).statusCode).toBe(403);
    const viewer = (await signIn(database.db, app, 'viewer', f.district)).cookie;
    expect((await submit(viewer, f.facilities.station, '202604')).statusCode).toBe(403);
    const outside = await app.inject({
      url: `/api/completeness?dataSet=SERVICES_MONTHLY&ou=${f.district}&pe=202604`,
      headers: { cookie: outsider },
    });
    expect(outside.statusCode).toBe(404);

    const r = await completeness(admin, f.district, '202604');
    expect(r.counts).toMatchObject({ received: 2, missing: 1 });
  });

  it('withdraws with a reason (audited), never after approval, and judges a new submission by its time', async () => {
    const { f, clerk, admin } = await aprilReported();
    const withdraw = (reason: string, orgUnit = f.facilities.chc) =>
      app.inject({
        method: 'POST',
        url: '/api/submissions/withdraw',
        headers: { cookie: clerk },
        payload: { dataSet: 'SERVICES_MONTHLY', orgUnit, period: '202604', reason },
      });
    expect((await withdraw('')).statusCode).toBe(422);
    expect((await withdraw('门诊人次填错，更正后重报')).statusCode).toBe(200);
    const audit = await database.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('entity', '=', 'report')
      .where('entity_id', '=', `SERVICES_MONTHLY/${f.facilities.chc}/202604`)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['submit', 'withdraw']);
    expect(audit[1]?.details).toMatchObject({ reason: '门诊人次填错，更正后重报' });
    expect((await withdraw('再撤一次')).statusCode).toBe(404);

    // Submitted again on 1 June: 19 days after the deadline, so now late.
    expect((await submit(clerk, f.facilities.chc, '202604')).json()).toMatchObject({ status: 'late' });
    const r = await completeness(admin, f.district, '202604');
    expect(r.counts).toMatchObject({ onTime: 0, late: 2, missing: 1 });

    const approve = await app.inject({
      method: 'POST',
      url: '/api/approvals',
      headers: { cookie: admin },
      payload: { dataSet: 'SERVICES_MONTHLY', orgUnit: f.district, period: '202604' },
    });
    expect(approve.statusCode, approve.body).toBe(200);
    const locked = await withdraw('审核后撤回', f.facilities.hosp);
    expect(locked.statusCode).toBe(409);
    expect((await completeness(admin, f.district, '202604')).counts.received).toBe(2);
  });

  it('exports the same figures as CSV and XLSX, in Chinese or English', async () => {
    const { f, admin } = await aprilReported();
    const base = `/api/completeness/export?dataSet=SERVICES_MONTHLY&ou=${f.district}&pe=202604`;
    const csv = await app.inject({ url: `${base}&format=csv`, headers: { cookie: admin } });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('排名,机构编码,机构名称,应报,实报,及时,迟报,缺报,未到期,上报率(%),及时率(%)');
    expect(lines[1]).toMatch(new RegExp(`^1,${f.streets[0]},[^,]+,2,2,1,1,0,0,100,50$`));
    expect(lines[3]).toMatch(new RegExp(`^合计,${f.district},[^,]+,3,2,1,1,1,0,66.7,33.3$`));
    expect(lines.some((l) => l.startsWith(`${f.facilities.station},`) && l.includes(',缺报,'))).toBe(true);

    const en = await app.inject({ url: `${base}&format=csv&lang=en`, headers: { cookie: admin } });
    expect(en.body).toContain(',Missing,');
    expect(en.body).not.toMatch(/缺报|及时/);

    const xlsx = await app.inject({ url: `${base}&format=xlsx`, headers: { cookie: admin } });
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['下级汇总', '报表明细']);
    const total = wb.getWorksheet('下级汇总')?.getRow(4).values as unknown[];
    expect(total.slice(1)).toEqual(['合计', f.district, expect.any(String), 3, 2, 1, 1, 1, 0, 66.7, 33.3]);
  });
});
