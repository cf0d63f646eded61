/**
 * The HTTP edge as an attacker and a careless user meet it: security headers and the Origin
 * check, documentation behind sign-in, impossible dates and NUL characters refused with the field
 * named, CSV quotes and XLSX bombs refused with their row or limit, safe download names, length
 * and analytics limits, future-dated and repeated org-unit moves, out-of-scope answered like
 * unknown, case numbers per reporting unit, and the history of corrected identifiers.
 */
import ExcelJS from 'exceljs';
import type { CaseHistoryEntry } from '@weijian/core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../config';
import type { Database } from '../db/connection';
import { buildApp } from '../app';
import { catalogue } from '../modules/catalogue';
import { createTestApp, signIn, type TestApp } from '../test/app';
import { ENGINES, createTestDatabase } from '../test/db';
import { multipart } from '../test/multipart';
import {
  buildSecurityFixture,
  caseCard,
  changedTables,
  databaseDigest,
  type SecurityFixture,
} from '../test/security-fixture';
import { numberRows, xlsxWithSheetData } from '../test/zip';
import { SYSTEM_ACTOR } from '../modules/audit';
import { addOrgUnits } from '../modules/orgunits';

describe('configuration', () => {
  it('listens on 127.0.0.1 unless HOST says otherwise', () => {
    expect(readConfig({}).host).toBe('127.0.0.1');
    expect(readConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(readConfig({ WEIJIAN_MAX_XLSX_CELLS: '5000' }).limits.xlsxCells).toBe(5000);
  });
});

describe.each(ENGINES)('the HTTP edge on %s', (engine) => {
  let database: Database;
  let t: TestApp;
  let app: FastifyInstance;
  let f: SecurityFixture;
  const get = (cookie: string, url: string) => app.inject({ url, headers: { cookie } });
  const send = (cookie: string, method: 'POST' | 'PUT', url: string, payload: unknown) =>
    app.inject({ method, url, headers: { cookie }, payload: payload as object });
  beforeAll(async () => {
    database = await createTestDatabase(engine);
    t = await createTestApp(database.db);
    app = t.app;
    f = await buildSecurityFixture(database.db, app);
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('sends the security headers on every response, HSTS only behind HTTPS', async () => {
    for (const res of [
      await app.inject('/api/health'),
      await app.inject('/api/plans'),
      await app.inject('/api/nope'),
    ]) {
      expect(res.headers['content-security-policy']).toMatch(/script-src 'self'; .*frame-ancestors 'none'/);
      expect(res.headers['content-security-policy']).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['strict-transport-security']).toBeUndefined();
    }
    const https = await buildApp({
      db: database.db,
      catalogue: catalogue(),
      now: () => t.clock.now,
      secureCookies: true,
    });
    expect((await https.inject('/api/health')).headers['strict-transport-security']).toMatch(/max-age=\d+/);
    await https.close();
  });

  it('refuses a state-changing request from a foreign Origin', async () => {
    const body = {
      dataValues: [{ dataElement: 'LIVE_BIRTHS', orgUnit: f.A.facility, period: '202407', value: 5 }],
    };
    const headers = { cookie: f.callers.clerk, host: 'weijian.example.gov.cn' };
    const foreign = await app.inject({
      method: 'POST',
      url: '/api/dataValues',
      headers: { ...headers, origin: 'https://evil.example' },
      payload: body,
    });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json()).toMatchObject({ issues: [{ field: 'origin' }] });
    const crossSite = await app.inject({
      method: 'POST',
      url: '/api/dataValues',
      headers: { ...headers, 'sec-fetch-site': 'cross-site' },
      payload: body,
    });
    expect(crossSite.statusCode).toBe(403);
    const own = await app.inject({
      method: 'POST',
      url: '/api/dataValues',
      headers: { ...headers, origin: 'https://weijian.example.gov.cn' },
      payload: body,
    });
    expect(own.statusCode, own.body).toBe(200);
    expect(
      (await app.inject({ url: '/api/plans', headers: { ...headers, origin: 'https://evil.example' } }))
        .statusCode
    ).toBe(200);
  });

  it('serves the API documentation to signed-in users only, unless configured public', async () => {
    expect((await app.inject('/api/docs')).statusCode).toBe(401);
    expect((await app.inject('/api/docs/json')).statusCode).toBe(401);
    expect((await get(f.callers.viewer, '/api/docs/json')).statusCode).toBe(200);
    const open = await buildApp({
      db: database.db,
      catalogue: catalogue(),
      now: () => t.clock.now,
      publicDocs: true,
    });
    expect((await open.inject('/api/docs/json')).statusCode).toBe(200);
    await open.close();
  });

  it('refuses impossible dates with a 4xx naming the field, on every route that takes a date', async () => {
    const epi = f.callers.epidemiologist;
    const admin = f.callers.admin;
    const checks: [Promise<{ statusCode: number; body: string }>, string][] = [
      [
        send(epi, 'POST', '/api/surveillance/cases', {
          ...caseCard(f.A.facility, f.A.streets[1], 'D-1'),
          onsetDate: '2024-02-30',
        }),
        'onsetDate',
      ],
      [
        send(epi, 'POST', '/api/surveillance/cases', {
          ...caseCard(f.A.facility, f.A.streets[1], 'D-2'),
          diagnosedAt: '2024-13-45T02:00:00Z',
        }),
        'diagnosedAt',
      ],
      [get(epi, '/api/surveillance/cases?from=2024-13-45'), 'from'],
      [get(epi, '/api/surveillance/cases?to=2023-02-29'), 'to'],
      [get(epi, '/api/surveillance/stats?date=2024-02-30'), 'date'],
      [get(epi, '/api/surveillance/diseases?date=2024-04-31'), 'date'],
      [send(epi, 'POST', '/api/surveillance/detect', { date: '2024-02-30' }), 'date'],
      [
        send(epi, 'POST', '/api/surveillance/syndromic', {
          counts: [{ site: f.A.facility, syndrome: 'chc_respiratory', date: '2024-13-45', count: 1 }],
        }),
        'date',
      ],
      [
        send(admin, 'POST', `/api/orgunits/${f.A.facility}/move`, {
          parent: f.A.streets[1],
          validFrom: '2024-02-30',
        }),
        'validFrom',
      ],
      [
        send(admin, 'PUT', `/api/plans/${f.A.plan}/projects/${encodeURIComponent(f.A.projectKey)}`, {
          status: 'started',
          milestones: [{ phase: 'before', name: '立项', date: '2024-02-30', done: true }],
        }),
        'date',
      ],
    ];
    for (const [pending, field] of checks) {
      const res = await pending;
      expect(res.statusCode, res.body).toBe(422);
      expect(res.body).toContain(field);
    }
    const csv = `卡片编号,疾病名称,病例分类,发病日期,诊断时间,报告时间,报告单位,现住址单位\nBAD-1,influenza,clinical,2024-02-30,2024-03-01T02:00:00Z,2024-03-01T05:00:00Z,${f.A.facility},${f.A.streets[1]}\n`;
    const file = await app.inject({
      method: 'POST',
      url: '/api/surveillance/cases/import',
      ...withCookie(multipart({ name: 'c.csv', body: csv }), epi),
    });
    expect(file.statusCode).toBe(422);
    expect(file.json()).toMatchObject({ issues: [{ row: 2, field: 'onsetDate' }] });
  });

  it('refuses a NUL character in a query, a body and a file cell', async () => {
    const clerk = f.callers.clerk;
    const q = await get(clerk, '/api/surveillance/cases?disease=flu%00');
    expect(q.statusCode).toBe(422);
    expect(q.json()).toMatchObject({ issues: [{ field: 'querystring.disease' }] });
    const before = await databaseDigest(database.db);
    const body = await send(clerk, 'POST', '/api/dataValues', {
      dataValues: [
        {
          dataElement: 'LIVE_BIRTHS',
          orgUnit: f.A.facility,
          period: '202408',
          value: 3,
          comment: 'a\u0000b',
        },
      ],
    });
    expect(body.statusCode).toBe(422);
    expect(body.json()).toMatchObject({ issues: [{ field: 'body.dataValues.0.comment' }] });
    // A NUL in the first 4 KB makes the file binary (415); further down, the cell is named by its row.
    const good = Array.from({ length: 150 }, () => `LIVE_BIRTHS,${f.A.facility},202408,3,ok`).join('\n');
    const csv = `数据元编码,机构编码,期间,数值,备注\n${good}\nLIVE_BIRTHS,${f.A.facility},202409,3,bad\u0000cell\n`;
    const file = await app.inject({
      method: 'POST',
      url: '/api/dataValues/import',
      ...withCookie(multipart({ name: 'v.csv', body: csv }), clerk),
    });
    expect(file.statusCode).toBe(422);
    expect(file.json()).toMatchObject({ issues: [{ row: 152 }] });
    const binary = await app.inject({
      method: 'POST',
      url: '/api/dataValues/import',
      ...withCookie(multipart({ name: 'v.csv', body: 'a,b\n1,\u00002\n' }), clerk),
    });
    expect(binary.statusCode).toBe(415);
    expect(changedTables(before, await databaseDigest(database.db))).toEqual([]);
  });

  it('refuses a CSV with an unbalanced quote, naming the row', async () => {
    const csv = `数据元编码,机构编码,期间,数值\nLIVE_BIRTHS,${f.A.facility},202408,3\n"LIVE_BIRTHS,${f.A.facility},202409,4\nLIVE_BIRTHS,${f.A.facility},202410,5\n`;
    const res = await app.inject({
      method: 'POST',
      url: '/api/dataValues/import',
      ...withCookie(multipart({ name: 'v.csv', body: csv }), f.callers.clerk),
    });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({
      issues: [{ row: 3 }],
      message: { en: expect.stringMatching(/Row 3/) as string },
    });
    const counts = await app.inject({
      method: 'POST',
      url: '/api/surveillance/syndromic/import',
      ...withCookie(
        multipart({
          name: 'c.csv',
          body: `site,syndrome,date,count\n${f.A.facility},chc_diarrhoea,2026-05-02,"3\n`,
        }),
        f.callers.clerk
      ),
    });
    expect(counts.statusCode).toBe(422);
    expect(counts.json()).toMatchObject({ issues: [{ row: 2 }] });
  });

  it('builds download names from safe characters only', async () => {
    const planner = f.callers.planner;
    const ok = await get(planner, `/api/dataSets/MCH_MONTHLY/template.xlsx?ou=${f.A.district}&pe=202403`);
    expect(ok.headers['content-disposition']).toBe(
      `attachment; filename="MCH_MONTHLY-${f.A.district}-202403.xlsx"; filename*=UTF-8''MCH_MONTHLY-${f.A.district}-202403.xlsx`
    );
    const injected = await get(
      planner,
      `/api/dataSets/MCH_MONTHLY/template.xlsx?ou=${f.A.district}&pe=${encodeURIComponent('2024"; filename=evil.exe')}`
    );
    expect(injected.statusCode).toBe(422);
    expect(injected.headers['content-disposition']).toBeUndefined();
    const report = await get(planner, `/api/plans/${f.A.plan}/report?year=2023&format=xlsx`);
    expect(report.headers['content-disposition']).toMatch(
      /^attachment; filename="futian-2021-2023-zh\.xlsx"; filename\*=UTF-8''futian-2021-2023-zh\.xlsx$/
    );
  });

  it('refuses an XLSX that expands past the cell limit while streaming', async () => {
    // 645 KB of zip once became 2 GB: here a small file of 60,000 cells against a limit of 5,000.
    const bomb = xlsxWithSheetData(numberRows(5000, 12));
    const saved = process.env.WEIJIAN_MAX_XLSX_CELLS;
    process.env.WEIJIAN_MAX_XLSX_CELLS = '5000';
    try {
      const started = performance.now();
      const res = await app.inject({
        method: 'POST',
        url: '/api/dataValues/import',
        ...withCookie(multipart({ name: 'bomb.xlsx', body: bomb }), f.callers.clerk),
      });
      expect(res.statusCode).toBe(413);
      expect(res.json()).toMatchObject({
        code: 'PAYLOAD_TOO_LARGE',
        message: { en: expect.stringMatching(/5,000 cells/) as string },
      });
      expect(performance.now() - started).toBeLessThan(5000);
      const plan = await app.inject({
        method: 'POST',
        url: '/api/plans/import',
        ...withCookie(
          multipart(
            { name: 'bomb.xlsx', body: bomb },
            { id: 'bomb-2021', region: f.A.district, period: '2021-2025', baseYear: '2020', title: '炸弹' }
          ),
          f.callers.planner
        ),
      });
      expect(plan.statusCode).toBe(413);
    } finally {
      if (saved === undefined) delete process.env.WEIJIAN_MAX_XLSX_CELLS;
      else process.env.WEIJIAN_MAX_XLSX_CELLS = saved;
    }
    // A real workbook within the limit still imports.
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('数据').addRows([
      ['数据元编码', '机构编码', '期间', '数值'],
      ['LIVE_BIRTHS', f.A.facility, '202411', 7],
    ]);
    const good = await app.inject({
      method: 'POST',
      url: '/api/dataValues/import',
      ...withCookie(
        multipart({ name: 'ok.xlsx', body: Buffer.from(await wb.xlsx.writeBuffer()) }),
        f.callers.clerk
      ),
    });
    expect(good.statusCode, good.body).toBe(200);
  });

  it('limits free text and analytics requests, saying how to narrow them', async () => {
    const long = await send(f.callers.planner, 'POST', `/api/plans/${f.A.plan}/tasks`, {
      title: 'x'.repeat(501),
      department: '医政科',
      dueYear: 2025,
    });
    expect(long.statusCode).toBe(422);
    expect(long.body).toContain('title');
    const comment = await send(f.callers.clerk, 'POST', '/api/dataValues', {
      dataValues: [
        {
          dataElement: 'LIVE_BIRTHS',
          orgUnit: f.A.facility,
          period: '202408',
          value: 1,
          comment: 'x'.repeat(1001),
        },
      ],
    });
    expect(comment.statusCode).toBe(422);
    const limited = await buildApp({
      db: database.db,
      catalogue: catalogue(),
      now: () => t.clock.now,
      limits: { xlsxCells: 1000, analyticsCells: 10 },
    });
    const cookie = (await signIn(database.db, limited, 'viewer', f.A.district)).cookie;
    const big = await limited.inject({
      url: `/api/analytics?dx=LIVE_BIRTHS;IMR&pe=2023;2024&ou=${f.A.district};${f.A.streets[0]};${f.A.facility}`,
      headers: { cookie },
    });
    expect(big.statusCode).toBe(422);
    expect(big.json()).toMatchObject({
      message: {
        en: expect.stringMatching(
          /12 cells; the limit is 10\. Ask for fewer indicators or periods/
        ) as string,
      },
    });
    const small = await limited.inject({
      url: `/api/analytics?dx=LIVE_BIRTHS&pe=2024&ou=${f.A.facility}`,
      headers: { cookie },
    });
    expect(small.statusCode).toBe(200);
    await limited.close();
  });

  it('changes nobody’s access before a future move’s date, and refuses a repeated move clearly', async () => {
    const admin = f.callers.admin;
    await addOrgUnits(database.db, SYSTEM_ACTOR, [
      { code: '440304991F9', name: '将调整的社康', level: 'facility', parentCode: f.A.streets[0] },
    ]);
    // Viewers of the old street and of the new one, signed in at the time of asking.
    const sees = async (street: string) => {
      const { cookie } = await signIn(database.db, app, 'viewer', street);
      return ((await get(cookie, '/api/orgunits')).json() as { code: string }[]).some(
        (u) => u.code === '440304991F9'
      );
    };
    const [oldStreet, newStreet] = f.A.streets;
    const move = await send(admin, 'POST', '/api/orgunits/440304991F9/move', {
      parent: f.A.streets[1],
      validFrom: '2026-09-01',
    });
    expect(move.json()).toEqual({ ok: true, effective: false });
    expect(await sees(oldStreet)).toBe(true);
    expect(await sees(newStreet)).toBe(false);
    const again = await send(admin, 'POST', '/api/orgunits/440304991F9/move', {
      parent: f.A.streets[1],
      validFrom: '2026-09-01',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({
      code: 'CONFLICT',
      message: { en: expect.stringMatching(/already under .* from 2026-09-01/) as string },
    });
    const saved = t.clock.now;
    try {
      t.clock.now = new Date('2026-08-31T15:59:00Z'); // 23:59 on the 31st in Beijing
      expect(await sees(newStreet)).toBe(false);
      t.clock.now = new Date('2026-08-31T16:01:00Z'); // 00:01 on 1 September in Beijing
      expect(await sees(newStreet)).toBe(true);
      expect(await sees(oldStreet)).toBe(false);
    } finally {
      t.clock.now = saved;
    }
    const audit = await database.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', '440304991F9')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['move', 'move_effective']));
  });

  it('answers out of scope exactly like unknown', async () => {
    const viewer = f.callers.viewer;
    const outside = await get(viewer, `/api/dataValues/history?de=LIVE_BIRTHS&ou=${f.B.facility}&pe=202403`);
    const unknown = await get(viewer, '/api/dataValues/history?de=LIVE_BIRTHS&ou=NOSUCHUNIT&pe=202403');
    expect(outside.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    expect(outside.body.replaceAll(f.B.facility, 'X')).toBe(unknown.body.replaceAll('NOSUCHUNIT', 'X'));
    const clerk = f.callers.clerk;
    const write = (ou: string) =>
      send(clerk, 'POST', '/api/dataValues', {
        dataValues: [{ dataElement: 'LIVE_BIRTHS', orgUnit: ou, period: '202408', value: 1 }],
      });
    expect((await write(f.B.facility)).body.replaceAll(f.B.facility, 'X')).toBe(
      (await write('NOSUCHUNIT')).body.replaceAll('NOSUCHUNIT', 'X')
    );
  });

  it('numbers case cards per reporting unit, so another district’s numbers cannot be probed', async () => {
    // Guangming already has this card number; Futian may use it too and learns nothing.
    const res = await send(
      f.callers.clerk,
      'POST',
      '/api/surveillance/cases',
      caseCard(f.A.facility, f.A.streets[1], f.B.cardNo)
    );
    expect(res.statusCode, res.body).toBe(200);
    const twice = await send(
      f.callers.clerk,
      'POST',
      '/api/surveillance/cases',
      caseCard(f.A.facility, f.A.streets[1], f.B.cardNo)
    );
    expect(twice.statusCode).toBe(422);
    expect(twice.json()).toMatchObject({ issues: [{ field: 'cardNo' }] });
  });

  it('keeps old and new identifiers of a correction, for roles that may see identifiers only', async () => {
    const epi = f.callers.epidemiologist;
    const card = caseCard(f.A.facility, f.A.streets[1], f.A.cardNo);
    const fixed = await send(epi, 'PUT', `/api/surveillance/cases/${f.A.caseId}`, {
      card: { ...card, identifiers: { name: '测试', idNumber: '440304199001010038' } },
      reason: '身份证号录入错误',
    });
    expect(fixed.statusCode, fixed.body).toBe(200);
    const seen = (
      await get(epi, `/api/surveillance/cases/${f.A.caseId}/history`)
    ).json() as CaseHistoryEntry[];
    const change = seen.find((v) => v.identifierChange)?.identifierChange;
    expect(change?.before?.idNumber).toBe('440304199001010011');
    expect(change?.after.idNumber).toBe('440304199001010038');
    const hidden = await get(f.callers.viewer, `/api/surveillance/cases/${f.A.caseId}/history`);
    expect(hidden.statusCode).toBe(200);
    expect(hidden.body).not.toContain('440304199001010');
  });
});

function withCookie(m: { payload: Buffer; headers: Record<string, string> }, cookie: string) {
  return { payload: m.payload, headers: { ...m.headers, cookie } };
}
