/**
 * The emergency walk over HTTP on each engine: a signal escalated to an event (its cases come
 * along), the lifecycle with its deadlines on a moved clock, grading by the plan's criteria, a
 * task assigned and done, teams with masked contacts and equipment compliance, the reserve (a
 * transfer, an issue that would go negative refused, rotation), the board and a situation
 * report. Expectations are hand-worked from the YAML catalogues and the national rules.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  CommandBoard,
  EventDetail,
  ReserveIndicators,
  StockLine,
  TeamDetail,
  TeamIndicators,
} from '@weijian/core';
import { bootstrap } from '../../bootstrap';
import type { Database } from '../../db/connection';
import { createTestApp, signIn } from '../../test/app';
import { ENGINES, createTestDatabase } from '../../test/db';
import { createDistrict, type DistrictFixture } from '../../test/fixtures';
import { SYSTEM_ACTOR } from '../audit';
import { insertCases } from '../surveillance';

describe.each(ENGINES)('emergencies on %s', (engine) => {
  let database: Database;
  let app: FastifyInstance;
  let clock: { now: Date };
  let d: DistrictFixture;
  let officer: string;
  let viewer: string;
  let outsider: string;
  let signalId: number;

  const call = async (cookie: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => {
    const res = await app.inject({
      method,
      url,
      headers: { cookie },
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });
    return {
      status: res.statusCode,
      body: res.headers['content-type']?.toString().includes('json')
        ? (res.json() as unknown)
        : res.rawPayload,
    };
  };
  const audits = async (entity: string) =>
    (
      await database.db
        .selectFrom('audit_log')
        .select(['action', 'entity_id'])
        .where('entity', '=', entity)
        .execute()
    ).length;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    await bootstrap(database.db);
    ({ app, clock } = await createTestApp(database.db));
    clock.now = new Date('2026-06-01T08:00:00Z');
    d = await createDistrict(database.db);
    officer = (await signIn(database.db, app, 'emergency', d.district)).cookie;
    viewer = (await signIn(database.db, app, 'viewer', d.district)).cookie;
    outsider = (await signIn(database.db, app, 'emergency', '440311')).cookie;
    // Six cholera cards in the first street over the last week, one in the second, one revoked-free older one.
    const cards = [25, 26, 27, 28, 29, 30].map((day, i) => ({
      cardNo: `CH-${engine}-${i}`,
      disease: 'cholera',
      caseType: 'confirmed' as const,
      onsetDate: `2026-05-${day}`,
      diagnosedAt: `2026-05-${day}T06:00:00Z`,
      reportedAt: `2026-05-${day}T07:00:00Z`,
      reportingUnit: d.facilities.hosp,
      residenceUnit: d.streets[0],
    }));
    await insertCases(database.db, SYSTEM_ACTOR, cards);
    const sig = await database.db
      .insertInto('signals')
      .values({
        unit_code: d.streets[0],
        syndrome_group: 'diarrhoea',
        topic: 'cholera',
        signal_date: '2026-05-31',
        level: 'single',
        escalated: true,
        algorithm: 'single_case',
        observed: 6,
        expected: 0,
        upperbound: 0,
        p_value: null,
        q_value: null,
        status: 'escalated',
        evidence: JSON.stringify([
          {
            stream: 'cases',
            unit: d.streets[0],
            topic: 'cholera',
            algorithm: 'single_case',
            date: '2026-05-31',
            observed: 6,
            expected: 0,
            upperbound: 0,
            score: null,
            pValue: null,
            qValue: null,
            series: { kind: 'cases', unit: d.streets[0], disease: 'cholera', daily: true },
          },
        ]),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    signalId = sig.id;
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  let eventId = 0;
  let teamId = 0;

  it('opens an event from the escalated signal with its cases, once, and only in scope', async () => {
    expect(
      (
        await call(viewer, 'POST', '/api/emergencies/events', {
          title: 'x',
          kind: 'infectious',
          discoveredAt: '2026-06-01T07:00:00Z',
          signalId,
        })
      ).status
    ).toBe(403);
    expect(
      (
        await call(outsider, 'POST', '/api/emergencies/events', {
          title: 'x',
          kind: 'infectious',
          discoveredAt: '2026-06-01T07:00:00Z',
          signalId,
        })
      ).status
    ).toBe(404);
    const res = await call(officer, 'POST', '/api/emergencies/events', {
      title: '霍乱聚集',
      kind: 'infectious',
      discoveredAt: '2026-06-01T07:00:00Z',
      signalId,
    });
    expect(res.status).toBe(200);
    eventId = (res.body as { id: number }).id;
    const again = await call(officer, 'POST', '/api/emergencies/events', {
      title: '再次',
      kind: 'infectious',
      discoveredAt: '2026-06-01T07:00:00Z',
      signalId,
    });
    expect(again.status).toBe(409);
    const detail = (await call(viewer, 'GET', `/api/emergencies/events/${eventId}`)).body as EventDetail;
    expect(detail.event.disease).toBe('cholera');
    expect(detail.event.unitCode).toBe(d.streets[0]);
    expect(detail.lineList.map((c) => c.onsetDate)).toEqual([
      '2026-05-25',
      '2026-05-26',
      '2026-05-27',
      '2026-05-28',
      '2026-05-29',
      '2026-05-30',
    ]);
    expect(detail.curve).toHaveLength(6);
    expect(detail.event.evidence).toHaveLength(1);
    // Discovered 07:00, now 08:00: the direct report has an hour left.
    const direct = detail.countdowns.find((c) => c.code === 'direct_report');
    expect(direct).toMatchObject({
      state: 'running',
      remainingMs: 3_600_000,
      dueAt: '2026-06-01T09:00:00.000Z',
    });
    // Six cholera cases within the week (counted from today 06-01: onsets 05-26…05-30 are within 7 days → 5, 05-25 is 7 days ago → out).
    expect(detail.suggestion).toEqual({ grade: 'IV', criteria: ['IV-cholera-under-10'] });
    expect(await audits('emergency_event')).toBe(1);
  });

  it('flags the direct report as missed once the clock passes 2 hours, and as met late when done', async () => {
    clock.now = new Date('2026-06-01T09:30:00Z');
    let detail = (await call(officer, 'GET', `/api/emergencies/events/${eventId}`)).body as EventDetail;
    expect(detail.countdowns.find((c) => c.code === 'direct_report')).toMatchObject({
      state: 'missed',
      remainingMs: -1_800_000,
    });
    expect(
      (
        await call(officer, 'POST', `/api/emergencies/events/${eventId}/transition`, {
          to: 'graded',
          grade: 'IV',
          criterion: 'IV-cholera-under-10',
        })
      ).status
    ).toBe(409);
    expect(
      (await call(officer, 'POST', `/api/emergencies/events/${eventId}/transition`, { to: 'reported' }))
        .status
    ).toBe(200);
    detail = (await call(officer, 'GET', `/api/emergencies/events/${eventId}`)).body as EventDetail;
    expect(detail.countdowns.find((c) => c.code === 'direct_report')?.state).toBe('met_late');
    expect(detail.countdowns.find((c) => c.code === 'field_investigation')).toMatchObject({
      state: 'running',
      dueAt: '2026-06-01T21:30:00.000Z',
    });
    expect(detail.timeline.map((s) => [s.step, s.actor !== ''])).toEqual([
      ['discovered', true],
      ['reported', true],
    ]);
  });

  it('grades by the criteria: a wrong pairing is refused, grading below the facts needs a reason', async () => {
    clock.now = new Date('2026-06-01T10:00:00Z');
    expect(
      (await call(officer, 'POST', `/api/emergencies/events/${eventId}/transition`, { to: 'verified' }))
        .status
    ).toBe(200);
    const wrong = await call(officer, 'POST', `/api/emergencies/events/${eventId}/transition`, {
      to: 'graded',
      grade: 'III',
      criterion: 'IV-cholera-under-10',
    });
    expect(wrong.status).toBe(422);
    // The officer says 12 cases this week: the facts meet III; grading IV without a reason is refused.
    const below = await call(officer, 'POST', `/api/emergencies/events/${eventId}/transition`, {
      to: 'graded',
      grade: 'IV',
      criterion: 'IV-cholera-under-10',
      facts: { casesWeek: 12 },
    });
    expect(below.status).toBe(422);
    expect(JSON.stringify(below.body)).toContain('III-cholera-10');
    const ok = await call(officer, 'POST', `/api/emergencies/events/${eventId}/transition`, {
      to: 'graded',
      grade: 'III',
      criterion: 'III-cholera-10',
      facts: { casesWeek: 12 },
    });
    expect(ok.status).toBe(200);
    const responding = await call(officer, 'POST', `/api/emergencies/events/${eventId}/transition`, {
      to: 'responding',
    });
    expect(responding.status).toBe(200);
    const detail = (await call(officer, 'GET', `/api/emergencies/events/${eventId}`)).body as EventDetail;
    expect(detail.event).toMatchObject({ status: 'responding', grade: 'III', responseLevel: 'III' });
  });

  it('teams: contacts masked for a viewer, equipment compliance against the standard, indicators', async () => {
    const created = await call(officer, 'POST', '/api/emergencies/teams', {
      name: '传染病防控队',
      category: 'infectious',
      level: 'district',
      unitCode: d.district,
    });
    expect(created.status).toBe(200);
    teamId = (created.body as { id: number }).id;
    for (const [name, trainedOn] of [
      ['张三', '2026-03-01'],
      ['李四', '2025-10-01'],
    ] as const) {
      expect(
        (
          await call(officer, 'POST', `/api/emergencies/teams/${teamId}/members`, {
            name,
            role: 'epidemiologist',
            phone: '13800138000',
            trainedOn,
          })
        ).status
      ).toBe(200);
    }
    const equip = await call(officer, 'PUT', `/api/emergencies/teams/${teamId}/equipment`, {
      items: [
        { item: 'carry_kit', held: 2 },
        { item: 'ppe_level3', held: 10 },
        { item: 'n95', held: 40 },
        { item: 'sampling_kit', held: 2 },
        { item: 'transport_box', held: 2 },
        { item: 'rapid_test', held: 1 },
        { item: 'radio', held: 3 },
      ],
    });
    expect(equip.status).toBe(200);
    expect(
      (
        await call(officer, 'PUT', `/api/emergencies/teams/${teamId}/equipment`, {
          items: [{ item: 'bazooka', held: 1 }],
        })
      ).status
    ).toBe(422);
    expect(
      (
        await call(officer, 'POST', `/api/emergencies/teams/${teamId}/drills`, {
          heldOn: '2026-04-10',
          kind: 'tabletop',
          participants: 2,
          findings: '通讯不畅',
        })
      ).status
    ).toBe(200);
    const asViewer = (await call(viewer, 'GET', `/api/emergencies/teams/${teamId}`)).body as TeamDetail;
    expect(asViewer.members.map((m) => m.phone)).toEqual(['138****8000', '138****8000']);
    const asOfficer = (await call(officer, 'GET', `/api/emergencies/teams/${teamId}`)).body as TeamDetail;
    expect(asOfficer.members[0]?.phone).toBe('13800138000');
    // 2 members: carry 2/2, ppe 10/10, n95 40/40, sampling 2/2, box 2/2, rapid 1/1, radio 3/4 ✗, satphone 0/1 ✗ → 6/8.
    expect(asOfficer.team.compliance).toBe(0.75);
    const ind = (await call(viewer, 'GET', '/api/emergencies/teams/indicators?year=2026'))
      .body as TeamIndicators;
    expect(ind).toMatchObject({
      teams: 1,
      equipmentCompliance: 0.75,
      drills: 1,
      members: 2,
      membersTrained: 1,
      trainedShare: 0.5,
    });
    const outside = await call(outsider, 'GET', `/api/emergencies/teams/${teamId}`);
    expect(outside.status).toBe(404);
  });

  it('a task assigned to the team and done; overdue before that on the board', async () => {
    const t = await call(officer, 'POST', `/api/emergencies/events/${eventId}/tasks`, {
      title: '流调与消杀',
      teamId,
      dueAt: '2026-06-01T12:00:00Z',
    });
    expect(t.status).toBe(200);
    const taskId = (t.body as { id: number }).id;
    clock.now = new Date('2026-06-01T13:00:00Z');
    let board = (await call(viewer, 'GET', '/api/emergencies/board')).body as CommandBoard;
    expect(board.overdueTasks.map((x) => x.id)).toEqual([taskId]);
    expect(board.deployedTeams.map((x) => x.teamId)).toEqual([teamId]);
    expect(board.openByGrade).toEqual({ I: 0, II: 0, III: 1, IV: 0, ungraded: 0 });
    expect(board.curve?.points.reduce((s, p) => s + p.count, 0)).toBe(6);
    expect(
      (await call(officer, 'POST', `/api/emergencies/tasks/${taskId}/status`, { to: 'done' })).status
    ).toBe(200);
    expect(
      (await call(officer, 'POST', `/api/emergencies/tasks/${taskId}/status`, { to: 'in_progress' })).status
    ).toBe(409);
    board = (await call(viewer, 'GET', '/api/emergencies/board')).body as CommandBoard;
    expect(board.overdueTasks).toEqual([]);
    expect(board.deployedTeams).toEqual([]);
    expect(await audits('emergency_task')).toBe(2);
  });

  it('the reserve: receipts, a transfer, an issue too large refused with nothing changed, rotation, shortfalls', async () => {
    const holders = [
      {
        code: `W${engine}`,
        name: '区应急物资仓库',
        kind: 'warehouse',
        level: 'district',
        unitCode: d.district,
        population: 100_000,
      },
      {
        code: `H${engine}`,
        name: '区人民医院',
        kind: 'facility',
        level: 'facility',
        unitCode: d.facilities.hosp,
        beds: 100,
      },
    ];
    for (const h of holders) {
      expect((await call(officer, 'POST', '/api/emergencies/reserve/holders', h)).status).toBe(200);
    }
    const [w, h] = holders.map((x) => x.code) as [string, string];
    // Norm for respirators: district 100 per 10 000 → 1000; facility 30 per bed → 3000.
    expect(
      (
        await call(officer, 'POST', '/api/emergencies/reserve/receipts', {
          holder: w,
          item: 'n95',
          lotNo: 'A',
          quantity: 600,
          expiresOn: '2026-08-01',
        })
      ).status
    ).toBe(200);
    expect(
      (
        await call(officer, 'POST', '/api/emergencies/reserve/receipts', {
          holder: w,
          item: 'n95',
          lotNo: 'B',
          quantity: 800,
          expiresOn: '2028-01-01',
        })
      ).status
    ).toBe(200);
    const moved = await call(officer, 'POST', '/api/emergencies/reserve/transfers', {
      from: w,
      to: h,
      item: 'n95',
      quantity: 700,
      eventId,
    });
    expect(moved.status).toBe(200);
    let lines = (await call(viewer, 'GET', '/api/emergencies/reserve/stock')).body as StockLine[];
    const line = (holder: string, item: string) => lines.find((l) => l.holder === holder && l.item === item);
    // Earliest expiry first: lot A (600) then 100 of lot B.
    expect(line(w, 'n95')).toMatchObject({ usable: 700, norm: 1000, shortfall: 300 });
    expect(line(w, 'n95')?.lots.map((l) => [l.lotNo, l.quantity])).toEqual([['B', 700]]);
    expect(line(h, 'n95')?.lots.map((l) => [l.lotNo, l.quantity, l.state])).toEqual([
      ['A', 600, 'rotate'],
      ['B', 100, 'ok'],
    ]);
    expect(line(h, 'n95')).toMatchObject({ usable: 700, norm: 3000, shortfall: 2300 });
    const before = await database.db
      .selectFrom('reserve_movements')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const tooMuch = await call(officer, 'POST', '/api/emergencies/reserve/issues', {
      holder: w,
      item: 'n95',
      quantity: 701,
    });
    expect(tooMuch.status).toBe(409);
    const after = await database.db
      .selectFrom('reserve_movements')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toEqual(before.n);
    expect(
      (
        await call(officer, 'POST', '/api/emergencies/reserve/issues', {
          holder: w,
          item: 'n95',
          quantity: 70,
          eventId,
        })
      ).status
    ).toBe(200);
    // Rotation: lot A at the hospital expires 2026-08-01, 61 days away, inside the 180-day window.
    const lotA = line(h, 'n95')?.lots[0]?.id;
    expect((await call(officer, 'POST', '/api/emergencies/reserve/rotations', { lotId: lotA })).body).toEqual(
      { rotated: 600 }
    );
    const lotB = line(w, 'n95')?.lots[0]?.id;
    expect((await call(officer, 'POST', '/api/emergencies/reserve/rotations', { lotId: lotB })).status).toBe(
      409
    );
    lines = (await call(viewer, 'GET', '/api/emergencies/reserve/stock')).body as StockLine[];
    // Outflow in the last 7 days: 700 transferred for the event + 70 issued = 770 → 110 a day; 630 left → 630/110 days.
    expect(line(w, 'n95')).toMatchObject({ usable: 630, issuedPerDay: 110 });
    expect(line(w, 'n95')?.daysOfSupply).toBeCloseTo(630 / 110, 10);
    const ind = (await call(viewer, 'GET', '/api/emergencies/reserve/indicators')).body as ReserveIndicators;
    expect(ind.atNorm.district).toMatchObject({ atNorm: 0 });
    expect(ind.lotsToRotate).toBe(0);
    expect(await audits('reserve_stock')).toBe(2);
    expect(
      (
        await call(outsider, 'POST', '/api/emergencies/reserve/issues', {
          holder: w,
          item: 'n95',
          quantity: 1,
        })
      ).status
    ).toBe(404);
  });

  it('a situation report in Word (zh and en) from the event, recorded on the timeline; closing needs a summary', async () => {
    const zh = await call(officer, 'POST', `/api/emergencies/events/${eventId}/sitrep?lang=zh`);
    expect(zh.status).toBe(200);
    const bytes = zh.body as Buffer;
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    const JSZip = (await import('jszip')).default;
    const xml = await (await JSZip.loadAsync(bytes)).file('word/document.xml')?.async('string');
    expect(xml).toContain('霍乱聚集');
    expect(xml).toContain('共关联病例 6 例');
    expect(xml).toContain('较大（Ⅲ级）');
    const en = await call(officer, 'POST', `/api/emergencies/events/${eventId}/sitrep?lang=en`);
    const enXml = await (await JSZip.loadAsync(en.body as Buffer)).file('word/document.xml')?.async('string');
    expect(enXml).toContain('6 linked cases');
    expect(enXml).toContain('Relatively serious (III)');
    expect(enXml).not.toMatch(/共关联|已完成|未分级|较大/);
    const detail = (await call(officer, 'GET', `/api/emergencies/events/${eventId}`)).body as EventDetail;
    expect(detail.countdowns.find((c) => c.code === 'situation_report')?.state).toBe('running');
    expect(
      (await call(officer, 'POST', `/api/emergencies/events/${eventId}/transition`, { to: 'response_ended' }))
        .status
    ).toBe(200);
    expect(
      (await call(officer, 'POST', `/api/emergencies/events/${eventId}/transition`, { to: 'closed' })).status
    ).toBe(422);
    expect(
      (
        await call(officer, 'POST', `/api/emergencies/events/${eventId}/transition`, {
          to: 'closed',
          summary: '疫情得到控制',
        })
      ).status
    ).toBe(200);
    const closed = (await call(officer, 'GET', `/api/emergencies/events/${eventId}`)).body as EventDetail;
    expect(closed.countdowns.find((c) => c.code === 'closing_summary')?.state).toBe('met');
    expect(closed.timeline.map((s) => s.step)).toEqual([
      'discovered',
      'reported',
      'verified',
      'graded',
      'responding',
      'task_assigned',
      'task_status',
      'sitrep',
      'sitrep',
      'response_ended',
      'closed',
    ]);
  });
});
