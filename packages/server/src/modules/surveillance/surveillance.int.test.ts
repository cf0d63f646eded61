import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayIso, isoDay, mulberry32, poisson, type CaseReportInput } from '@weijian/core';
import { bootstrap } from '../../bootstrap';
import type { Insertable } from 'kysely';
import type { Database } from '../../db/connection';
import type { SignalTable } from '../../db/types';
import { createTestApp, signIn } from '../../test/app';
import { ENGINES, createTestDatabase } from '../../test/db';
import { createDistrict, type DistrictFixture } from '../../test/fixtures';
import { SYSTEM_ACTOR } from '../audit';
import { addOrgUnits } from '../orgunits';
import { insertCases } from './cases';
import { upsertCounts } from './syndromic';
import { learnedAlpha } from './learning';
import { runDetection } from './detection';

const TODAY = '2026-11-27';

/** A signal put in place directly (as a detection run would store it); what is not given, as ears C2 found it. */
const storedSignal = (
  v: Pick<Insertable<SignalTable>, 'unit_code' | 'topic' | 'signal_date'> & Partial<Insertable<SignalTable>>
): Insertable<SignalTable> => ({
  syndrome_group: 'respiratory',
  level: 'single',
  escalated: false,
  algorithm: 'earsC2',
  observed: 9,
  expected: 3,
  upperbound: 7,
  p_value: 0.001,
  q_value: 0.01,
  evidence: '[]',
  ...v,
});

describe.each(ENGINES)('surveillance on %s', (engine) => {
  let database: Database;
  let app: FastifyInstance;
  let clock: { now: Date };
  let d: DistrictFixture;
  let school: string;
  let pharmacy: string;
  let epi: string;
  let clerk: string;
  let viewer: string;
  let outsider: string;

  const card = (over: Partial<CaseReportInput> = {}): CaseReportInput => ({
    cardNo: `C-${Math.random().toString(36).slice(2, 10)}`,
    disease: 'influenza',
    caseType: 'clinical',
    onsetDate: '2026-11-20',
    diagnosedAt: '2026-11-21T02:00:00Z',
    reportedAt: '2026-11-21T05:00:00Z',
    reportingUnit: d.facilities.hosp,
    residenceUnit: d.streets[0],
    sex: 'F',
    age: 7,
    ...over,
  });
  const post = (cookie: string, url: string, payload: unknown) =>
    app.inject({ method: 'POST', url, headers: { cookie }, payload: payload as object });
  const get = (cookie: string, url: string) => app.inject({ method: 'GET', url, headers: { cookie } });

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    await bootstrap(database.db);
    ({ app, clock } = await createTestApp(database.db));
    d = await createDistrict(database.db);
    school = `${d.district}SCH`;
    pharmacy = `${d.district}PH`;
    await addOrgUnits(database.db, SYSTEM_ACTOR, [
      { code: school, name: '实验小学', level: 'facility', parentCode: d.streets[0], facilityType: '学校' },
      { code: pharmacy, name: '大药房', level: 'facility', parentCode: d.streets[0], facilityType: '药店' },
    ]);
    const other = await createDistrict(database.db);
    epi = (await signIn(database.db, app, 'epidemiologist', d.district)).cookie;
    clerk = (await signIn(database.db, app, 'clerk', d.district)).cookie;
    viewer = (await signIn(database.db, app, 'viewer', d.district)).cookie;
    outsider = (await signIn(database.db, app, 'epidemiologist', other.district)).cookie;
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('keeps the disease table by effective date, including the 2025 merge into novel influenza', async () => {
    const now = (await get(viewer, '/api/surveillance/diseases?date=2026-01-01')).json<{
      inForce: { code: string }[];
    }>().inForce;
    expect(now.map((v) => v.code)).toContain('novel_flu');
    expect(now.map((v) => v.code)).not.toContain('hpai');
    const then = (await get(viewer, '/api/surveillance/diseases?date=2020-03-01')).json<{
      inForce: { code: string; managedAsA: boolean; reportLimitHours: number }[];
    }>().inForce;
    expect(then.find((v) => v.code === 'hpai')?.managedAsA).toBe(false);
    expect(then.find((v) => v.code === 'covid19')).toMatchObject({
      name: { zh: '新型冠状病毒肺炎', en: 'COVID-19' },
      managedAsA: true,
      reportLimitHours: 2,
    });
    const bad = await post(clerk, '/api/surveillance/cases', card({ disease: 'hpai' }));
    expect(bad.statusCode).toBe(422);
    expect(bad.json<{ issues: { field: string }[] }>().issues[0]?.field).toBe('disease');
  });

  it('reports, corrects and revokes a card; timeliness against 2 h; identifiers only for the epidemiologist', async () => {
    const res = await post(
      clerk,
      '/api/surveillance/cases',
      card({ cardNo: 'CH-1', disease: 'cholera', identifiers: { name: '张三', phone: '13800000000' } })
    );
    expect(res.statusCode, res.body).toBe(200);
    const id = res.json<{ id: number }>().id;
    type Row = {
      id: number;
      timeliness: { hours: number; onTime: boolean; limitHours: number };
      identifiers: { name: string } | null;
      version: number;
    };
    const asEpi = (await get(epi, '/api/surveillance/cases?disease=cholera'))
      .json<Row[]>()
      .find((r) => r.id === id);
    expect(asEpi?.timeliness).toEqual({ hours: 3, limitHours: 2, onTime: false });
    expect(asEpi?.identifiers?.name).toBe('张三');
    const asViewer = (await get(viewer, '/api/surveillance/cases?disease=cholera'))
      .json<Row[]>()
      .find((r) => r.id === id);
    expect(asViewer?.identifiers).toBeNull();
    expect(JSON.stringify(asViewer)).not.toContain('13800000000');

    const fix = await app.inject({
      method: 'PUT',
      url: `/api/surveillance/cases/${id}`,
      headers: { cookie: clerk },
      payload: {
        card: card({ cardNo: 'CH-1', disease: 'cholera', caseType: 'confirmed' }),
        reason: '实验室确诊',
      },
    });
    expect(fix.statusCode, fix.body).toBe(200);
    expect(
      (await post(clerk, `/api/surveillance/cases/${id}/revoke`, { reason: '重复报告' })).statusCode
    ).toBe(200);
    const history = await get(viewer, `/api/surveillance/cases/${id}/history`).then((r) =>
      r.json<{ action: string; reason: string | null }[]>()
    );
    expect(history.map((h) => h.action)).toEqual(['create', 'correct', 'revoke']);
    expect(history[2]?.reason).toBe('重复报告');
    expect(
      (await get(epi, '/api/surveillance/cases?disease=cholera')).json<Row[]>().some((r) => r.id === id)
    ).toBe(false);
    expect((await get(outsider, `/api/surveillance/cases/${id}/history`)).statusCode).toBe(404);
  });

  it('imports a CSV all or nothing, naming the bad row and field', async () => {
    const head = '卡片编号,疾病名称,病例分类,发病日期,诊断时间,报告时间,报告单位,现住址单位\n';
    const good = `IMP-1,手足口病,临床诊断病例,2026-11-10,2026-11-11T01:00:00Z,2026-11-11T08:00:00Z,${d.facilities.chc},${d.streets[1]}\n`;
    const bad = `IMP-2,手足口病,临床诊断病例,2026-11-10,2026-11-11T01:00:00Z,2026-11-11T08:00:00Z,NOPE,${d.streets[1]}\n`;
    const upload = (csv: string) => {
      const boundary = '----w';
      const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cases.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`;
      return app.inject({
        method: 'POST',
        url: '/api/surveillance/cases/import',
        headers: { cookie: clerk, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: body,
      });
    };
    const refused = await upload(head + good + bad);
    expect(refused.statusCode).toBe(422);
    expect(refused.json<{ issues: { row: number; field: string }[] }>().issues).toContainEqual(
      expect.objectContaining({ row: 3, field: 'reportingUnit' })
    );
    expect((await get(epi, '/api/surveillance/cases?disease=hfmd')).json<unknown[]>().length).toBe(0);
    const ok = await upload(head + good);
    expect(ok.json()).toMatchObject({ imported: 1 });
  });

  it('refuses sentinel rows with a wrong type or an unknown site by row and field, and an oversized file', async () => {
    const boundary = '----s';
    const upload = (csv: string) =>
      app.inject({
        method: 'POST',
        url: '/api/surveillance/syndromic/import',
        headers: { cookie: clerk, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="s.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`,
      });
    const bad = await upload(
      `哨点,症状,日期,数量\n${d.facilities.chc},chc_respiratory,2026-11-01,abc\nNOWHERE,chc_respiratory,2026-11-01,3\n${d.facilities.chc},chc_respiratory,2026-11-02,4\n`
    );
    expect(bad.statusCode).toBe(422);
    const issues = bad.json<{ issues: { row: number; field: string }[] }>().issues;
    expect(issues).toContainEqual(expect.objectContaining({ row: 2, field: 'count' }));
    expect(issues).toContainEqual(expect.objectContaining({ row: 3, field: 'site' }));
    const stored = await database.db
      .selectFrom('syndromic_counts')
      .select('day')
      .where('site_unit', '=', d.facilities.chc)
      .execute();
    expect(stored).toHaveLength(0);
    const big = await upload(`site,syndrome,date,count\n${'x'.repeat(11 * 1024 * 1024)}`);
    expect(big.statusCode).toBe(413);
  });

  it('raises a corroborated signal from cases and school absence, a single-case signal for cholera, and learns from triage', async () => {
    const rand = mulberry32(42);
    const end = isoDay(TODAY);
    // Three years of weekly influenza cases in street 1, then an outbreak in the last week.
    const cards: CaseReportInput[] = [];
    for (let w = 156; w >= 0; w--) {
      const n = w === 0 ? 30 : poisson(rand, 4);
      for (let k = 0; k < n; k++) {
        const day = dayIso(end - 7 * w - (k % 6));
        cards.push(
          card({
            cardNo: `FLU-${w}-${k}`,
            onsetDate: day,
            diagnosedAt: `${day}T03:00:00Z`,
            reportedAt: `${day}T09:00:00Z`,
          })
        );
      }
    }
    cards.push(
      card({
        cardNo: 'CHOL-1',
        disease: 'cholera',
        onsetDate: TODAY,
        diagnosedAt: `${TODAY}T01:00:00Z`,
        reportedAt: `${TODAY}T02:00:00Z`,
        residenceUnit: d.streets[1],
      })
    );
    await database.db.transaction().execute((tx) => insertCases(tx, SYSTEM_ACTOR, cards, true));
    // Sixty days of school absence with a jump in the last three days; a quiet pharmacy.
    const counts = Array.from({ length: 60 }, (_, i) => ({
      site: school,
      syndrome: 'school_absence_fever' as const,
      date: dayIso(end - 59 + i),
      count: i >= 57 ? 40 : poisson(rand, 5),
    }));
    const quiet = Array.from({ length: 60 }, (_, i) => ({
      site: pharmacy,
      syndrome: 'pharmacy_antidiarrhoeals' as const,
      date: dayIso(end - 59 + i),
      count: poisson(rand, 20),
    }));
    await database.db
      .transaction()
      .execute((tx) => upsertCounts(tx, SYSTEM_ACTOR, [...counts, ...quiet], true));

    expect((await post(viewer, '/api/surveillance/detect', { date: TODAY })).statusCode).toBe(403);
    const run = await post(epi, '/api/surveillance/detect', { date: TODAY });
    expect(run.statusCode, run.body).toBe(200);
    expect(
      run.json<{ seriesChecked: number; expectedPerUnitWeek: number }>().seriesChecked
    ).toBeGreaterThanOrEqual(4);
    type Sig = {
      id: number;
      unitCode: string;
      topic: string;
      level: string;
      escalated: boolean;
      status: string;
      evidence: { stream: string; algorithm: string }[];
    };
    const board = await get(viewer, '/api/surveillance/signals').then((r) => r.json<Sig[]>());
    const flu = board.find((s) => s.unitCode === d.streets[0] && s.level === 'corroborated');
    expect(flu, JSON.stringify(board)).toBeDefined();
    expect(flu?.evidence.map((e) => e.stream).sort()).toEqual(['cases', 'school']);
    expect(flu?.evidence.find((e) => e.stream === 'cases')?.algorithm).toBe('farringtonFlexible');
    const cholera = board.find((s) => s.topic === 'cholera');
    expect(cholera).toMatchObject({ unitCode: d.streets[1], escalated: true });
    expect(board.some((s) => s.topic === 'pharmacy_antidiarrhoeals')).toBe(false);
    expect(board[0]?.escalated).toBe(true);

    // A second run the same day changes nothing new.
    const again = await post(epi, '/api/surveillance/detect', { date: TODAY });
    expect(again.json<{ created: number }>().created).toBe(0);

    const page = await get(viewer, `/api/surveillance/signals/${flu?.id ?? 0}`).then((r) =>
      r.json<{
        evidence: { curve: { points: { upperbound: number | null }[]; baselineDates: string[] } | null }[];
      }>()
    );
    const curve = page.evidence.find((e) => e.curve?.baselineDates.length)?.curve;
    expect(curve?.points.length).toBeGreaterThan(10);
    expect(curve?.baselineDates.length).toBeGreaterThan(10);
    expect((await get(outsider, `/api/surveillance/signals/${flu?.id ?? 0}`)).statusCode).toBe(404);

    const step = (to: string, extra: object = {}) =>
      post(epi, `/api/surveillance/signals/${flu?.id ?? 0}/transition`, { to, ...extra });
    expect((await step('investigating')).statusCode).toBe(409);
    expect((await step('escalated', { note: '学校聚集' })).statusCode).toBe(200);
    expect((await step('investigating')).statusCode).toBe(200);
    expect((await step('closed')).statusCode).toBe(422);
    expect((await step('closed', { outcome: 'outbreak' })).statusCode).toBe(200);
    expect(
      (await post(epi, `/api/surveillance/signals/${cholera?.id ?? 0}/transition`, { to: 'discarded' }))
        .statusCode
    ).toBe(200);
    const stats = await get(epi, `/api/surveillance/stats?date=${TODAY}`).then((r) =>
      r.json<{
        byTopic: Record<string, { ppv: number | null; responded: number }>;
        signalsPerUnitWeek: number;
      }>()
    );
    expect(stats.byTopic.influenza?.ppv ?? stats.byTopic.school_absence_fever?.ppv).toBe(1);
    expect(stats.byTopic.cholera?.ppv).toBe(0);
    expect(stats.signalsPerUnitWeek).toBeGreaterThan(0);
    const trail = await database.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'signal')
      .where('entity_id', '=', String(flu?.id))
      .execute();
    expect(trail.map((t) => t.action)).toEqual(expect.arrayContaining(['create', 'transition']));
  });

  it('tightens α for a topic whose judged signals were mostly false, and says why', async () => {
    const f = await createDistrict(database.db);
    const rows = Array.from({ length: 12 }, (_, i) =>
      storedSignal({
        unit_code: f.streets[0],
        syndrome_group: 'diarrhoea',
        topic: 'other_diarrhoea',
        signal_date: dayIso(isoDay(TODAY) - 7 * (i + 1)),
        status: 'discarded',
        outcome: i === 0 ? 'outbreak' : 'false_alarm',
      })
    );
    await database.db.insertInto('signals').values(rows).execute();
    const tuned = await learnedAlpha(database.db, f.district, TODAY, 0.01);
    // One real in twelve (8 %) is above the 5 % floor: nothing changes.
    expect(tuned.has('other_diarrhoea')).toBe(false);
    await database.db
      .updateTable('signals')
      .set({ outcome: 'false_alarm' })
      .where('unit_code', '=', f.streets[0])
      .execute();
    const tighter = await learnedAlpha(database.db, f.district, TODAY, 0.01);
    expect(tighter.get('other_diarrhoea')?.alpha).toBe(0.005);
    expect(tighter.get('other_diarrhoea')?.reason.zh).toContain('12 个已核实信号中真实 0 个');
    const run = await runDetection(database.db, SYSTEM_ACTOR, f.district, TODAY);
    expect(run.tuned.map((t) => t.topic)).toEqual(['other_diarrhoea']);
  });

  it('times reports, corrections and triage steps by the server clock, not the machine clock', async () => {
    clock.now = new Date('2026-06-01T09:00:00Z');
    const created = await post(clerk, '/api/surveillance/cases', card({ cardNo: 'CLOCK-1' }));
    expect(created.statusCode, created.body).toBe(200);
    const id = created.json<{ id: number }>().id;
    clock.now = new Date('2026-06-01T09:45:00Z');
    const fix = await app.inject({
      method: 'PUT',
      url: `/api/surveillance/cases/${id}`,
      headers: { cookie: clerk },
      payload: { card: card({ cardNo: 'CLOCK-1', age: 8 }), reason: '年龄订正' },
    });
    expect(fix.statusCode, fix.body).toBe(200);
    const history = await get(viewer, `/api/surveillance/cases/${id}/history`).then((r) =>
      r.json<{ action: string; at: string }[]>()
    );
    expect(history.map((h) => [h.action, new Date(h.at).toISOString()])).toEqual([
      ['create', '2026-06-01T09:00:00.000Z'],
      ['correct', '2026-06-01T09:45:00.000Z'],
    ]);

    const [signal] = await database.db
      .insertInto('signals')
      .values(
        storedSignal({
          unit_code: d.streets[1],
          topic: 'clock_probe',
          signal_date: '2026-05-31',
          status: 'new',
          created_at: new Date('2026-06-01T08:30:00Z'),
        })
      )
      .returning('id')
      .execute();
    clock.now = new Date('2026-06-01T09:20:00Z');
    const moved = await post(epi, `/api/surveillance/signals/${signal?.id ?? 0}/transition`, {
      to: 'monitor',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const events = await database.db
      .selectFrom('signal_events')
      .select('at')
      .where('signal_id', '=', signal?.id ?? 0)
      .execute();
    expect(events.map((e) => new Date(e.at).toISOString())).toEqual(['2026-06-01T09:20:00.000Z']);
    const audit = await database.db
      .selectFrom('audit_log')
      .select('at')
      .where('entity', '=', 'signal')
      .where('entity_id', '=', String(signal?.id))
      .execute();
    expect(audit.map((a) => new Date(a.at).toISOString())).toEqual(['2026-06-01T09:20:00.000Z']);
    clock.now = new Date('2026-06-01T08:00:00Z');
  });

  it('names the table, row and column when a stored signal’s evidence is malformed', async () => {
    const f = await createDistrict(database.db);
    const viewerHere = (await signIn(database.db, app, 'viewer', f.district)).cookie;
    const [signal] = await database.db
      .insertInto('signals')
      .values(
        storedSignal({
          unit_code: f.streets[0],
          topic: 'influenza',
          signal_date: '2026-05-30',
          // An evidence stream that lost its numbers (as an older build or a hand edit might leave it).
          evidence: JSON.stringify([{ stream: 'cases', unit: f.streets[0], topic: 'influenza' }]),
        })
      )
      .returning('id')
      .execute();
    const id = signal?.id ?? 0;
    for (const url of ['/api/surveillance/signals', `/api/surveillance/signals/${id}`]) {
      const res = await get(viewerHere, url);
      expect(res.statusCode, url).toBe(500);
      const body = res.json<{ code: string; message: { en: string }; issues: { field: string }[] }>();
      expect(body.code).toBe('INTERNAL');
      expect(body.message.en).toBe(
        `Invalid value stored in the database: table signals, row ${id}, column evidence`
      );
      expect(body.issues.map((i) => i.field)).toContain('signals.evidence.0.observed');
    }
    await database.db.deleteFrom('signals').where('id', '=', id).execute();
  });
});
